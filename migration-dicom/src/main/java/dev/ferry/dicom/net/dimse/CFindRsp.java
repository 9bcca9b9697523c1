package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * C-FIND-RSP (PS3.7 section 9.3.2.2): a pending response carries one match as its data set; the
 * final one (success, cancel, failure) normally none.
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param status the outcome; {@link Status#isPending()} while matches continue
 * @param hasDataSet whether an Identifier follows
 */
public record CFindRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, Status status, boolean hasDataSet)
        implements DimseResponse {
    public CFindRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.requireNonNull(status, "status");
    }

    @Override
    public CommandField commandField() {
        return CommandField.C_FIND_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid C-FIND-RSP */
    public static CFindRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.C_FIND_RSP);
        return new CFindRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID), r.status(),
                r.dataSet());
    }
}
