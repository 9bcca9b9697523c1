package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-CREATE-RSP (PS3.7 section 10.3.5.2).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param status the outcome
 * @param hasDataSet whether the Attribute List follows
 */
public record NCreateRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Status status, boolean hasDataSet) implements DimseResponse {
    public NCreateRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.requireNonNull(status, "status");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_CREATE_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-CREATE-RSP */
    public static NCreateRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_CREATE_RSP);
        return new NCreateRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.status(), r.dataSet());
    }
}
