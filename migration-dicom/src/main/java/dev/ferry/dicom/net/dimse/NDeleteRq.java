package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-DELETE-RQ (PS3.7 section 10.3.6.1): asks the peer to delete a SOP instance it manages. No data set.
 *
 * @param messageId Message ID (0000,0110)
 * @param requestedSopClassUid Requested SOP Class UID (0000,0003)
 * @param requestedSopInstanceUid Requested SOP Instance UID (0000,1001)
 */
public record NDeleteRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid)
        implements DimseRequest {
    public NDeleteRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(requestedSopClassUid, "requestedSopClassUid");
        Commands.requireText(requestedSopInstanceUid, "requestedSopInstanceUid");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_DELETE_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return false;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.RequestedSOPClassUID, requestedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(false)
                .uid(Tag.RequestedSOPInstanceUID, requestedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-DELETE-RQ */
    public static NDeleteRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_DELETE_RQ);
        return r.checked(new NDeleteRq(r.us(Tag.MessageID), r.text(Tag.RequestedSOPClassUID),
                r.text(Tag.RequestedSOPInstanceUID)));
    }
}
