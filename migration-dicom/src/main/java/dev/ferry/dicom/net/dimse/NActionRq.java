package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;

/**
 * N-ACTION-RQ (PS3.7 section 10.3.4.1): asks the peer to perform an action on a SOP instance it
 * manages. Storage Commitment Push Model (PS3.4 J.3.2) uses it with Action Type ID 1 on the
 * well-known instance; see {@link #requestStorageCommitment(int)}.
 *
 * @param messageId Message ID (0000,0110)
 * @param requestedSopClassUid Requested SOP Class UID (0000,0003)
 * @param requestedSopInstanceUid Requested SOP Instance UID (0000,1001)
 * @param actionTypeId Action Type ID (0000,1008)
 * @param hasDataSet whether Action Information follows
 */
public record NActionRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid,
        int actionTypeId, boolean hasDataSet) implements DimseRequest {
    /** Action Type ID of "Request Storage Commitment" (PS3.4 J.3.2.1). */
    public static final int REQUEST_STORAGE_COMMITMENT = 1;

    public NActionRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(requestedSopClassUid, "requestedSopClassUid");
        Commands.requireText(requestedSopInstanceUid, "requestedSopInstanceUid");
        Commands.requireUs(actionTypeId, "actionTypeId");
    }

    /**
     * A Storage Commitment Push Model request on the well-known SOP instance; the data set that follows
     * holds the Transaction UID and the Referenced SOP Sequence.
     */
    public static NActionRq requestStorageCommitment(int messageId) {
        return new NActionRq(messageId, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance,
                REQUEST_STORAGE_COMMITMENT, true);
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_ACTION_RQ;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.RequestedSOPClassUID, requestedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(hasDataSet)
                .uid(Tag.RequestedSOPInstanceUID, requestedSopInstanceUid)
                .us(Tag.ActionTypeID, actionTypeId)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-ACTION-RQ */
    public static NActionRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_ACTION_RQ);
        return new NActionRq(r.us(Tag.MessageID), r.text(Tag.RequestedSOPClassUID), r.text(Tag.RequestedSOPInstanceUID),
                r.us(Tag.ActionTypeID), r.dataSet());
    }
}
