package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-ECHO-RSP (PS3.7 section 9.3.5.2). No data set.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param status the outcome
 */
public record CEchoRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, Status status)
        implements DimseResponse {
    public CEchoRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireNonNull(status, "status");
    }

    /** The response to {@code request}, echoing its SOP class. */
    public static CEchoRsp to(CEchoRq request, Status status) {
        return new CEchoRsp(request.messageId(), request.affectedSopClassUid(), status);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_ECHO_RSP;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, false)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-ECHO-RSP */
    public static CEchoRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_ECHO_RSP);
        return r.checked(new CEchoRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID), r.status()));
    }
}
