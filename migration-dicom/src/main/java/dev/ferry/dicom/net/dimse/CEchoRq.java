package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;

/**
 * C-ECHO-RQ (PS3.7 section 9.3.5.1): verifies that the peer answers. No data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), the Verification SOP Class
 */
public record CEchoRq(int messageId, String affectedSopClassUid) implements DimseRequest {
    public CEchoRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(affectedSopClassUid, "affectedSopClassUid");
    }

    /** A C-ECHO-RQ for the Verification SOP Class. */
    public static CEchoRq of(int messageId) {
        return new CEchoRq(messageId, UID.Verification);
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_ECHO_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.AffectedSOPClassUID, affectedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(false)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-ECHO-RQ */
    public static CEchoRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_ECHO_RQ);
        return r.checked(new CEchoRq(r.us(Tag.MessageID), r.text(Tag.AffectedSOPClassUID)));
    }
}
