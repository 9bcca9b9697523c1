package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-SET-RSP (PS3.7 section 10.3.3.2).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param status the outcome
 * @param hasDataSet whether the Attribute List follows
 */
public record NSetRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Status status, boolean hasDataSet) implements DimseResponse {
    public NSetRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireNonNull(status, "status");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_SET_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-SET-RSP */
    public static NSetRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_SET_RSP);
        return new NSetRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.status(), r.dataSet());
    }
}
