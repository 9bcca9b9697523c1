package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-ACTION-RSP (PS3.7 section 10.3.4.2). For Storage Commitment, success only means the request was
 * accepted; the result comes later in an N-EVENT-REPORT (PS3.4 J.3.2).
 *
 * @param messageIdBeingRespondedTo Message ID Being Responded To (0000,0120)
 * @param affectedSopClassUid Affected SOP Class UID (0000,0002), optional: {@code null} if absent
 * @param affectedSopInstanceUid Affected SOP Instance UID (0000,1000), optional: {@code null} if absent
 * @param actionTypeId Action Type ID (0000,1008), conditional: {@code null} if absent
 * @param status the outcome
 * @param hasDataSet whether an Action Reply follows
 */
public record NActionRsp(int messageIdBeingRespondedTo, String affectedSopClassUid, String affectedSopInstanceUid,
        Integer actionTypeId, Status status, boolean hasDataSet) implements DimseResponse {
    public NActionRsp {
        Commands.requireUs(messageIdBeingRespondedTo, "messageIdBeingRespondedTo");
        Commands.optionalText(affectedSopClassUid, "affectedSopClassUid");
        Commands.optionalText(affectedSopInstanceUid, "affectedSopInstanceUid");
        Commands.optionalUs(actionTypeId, "actionTypeId");
        Commands.requireNonNull(status, "status");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_ACTION_RSP;
    }

    @Override
    public Dataset toCommand() {
        return CommandWriter.response(this, affectedSopClassUid, hasDataSet)
                .uid(Tag.AffectedSOPInstanceUID, affectedSopInstanceUid)
                .us(Tag.ActionTypeID, actionTypeId)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-ACTION-RSP */
    public static NActionRsp parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_ACTION_RSP);
        return new NActionRsp(r.us(Tag.MessageIDBeingRespondedTo), r.optionalText(Tag.AffectedSOPClassUID),
                r.optionalText(Tag.AffectedSOPInstanceUID), r.optionalUs(Tag.ActionTypeID), r.status(), r.dataSet());
    }
}
