package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;

/**
 * N-SET-RQ (PS3.7 section 10.3.3.1): asks the peer to change attribute values of a SOP instance it manages;
 * the Modification List follows as the data set, always.
 *
 * @param messageId Message ID (0000,0110)
 * @param requestedSopClassUid Requested SOP Class UID (0000,0003)
 * @param requestedSopInstanceUid Requested SOP Instance UID (0000,1001)
 */
public record NSetRq(int messageId, String requestedSopClassUid, String requestedSopInstanceUid)
        implements DimseRequest {
    public NSetRq {
        Commands.requireUs(messageId, "messageId");
        Commands.requireText(requestedSopClassUid, "requestedSopClassUid");
        Commands.requireText(requestedSopInstanceUid, "requestedSopInstanceUid");
    }

    @Override
    public CommandField commandField() {
        return CommandField.N_SET_RQ;
    }

    @Override
    public boolean hasDataSet() {
        return true;
    }

    @Override
    public Dataset toCommand() {
        return new CommandWriter(commandField())
                .uid(Tag.RequestedSOPClassUID, requestedSopClassUid)
                .us(Tag.MessageID, messageId)
                .dataSet(true)
                .uid(Tag.RequestedSOPInstanceUID, requestedSopInstanceUid)
                .build();
    }

    /** @throws DimseCommandException if the command is not a valid N-SET-RQ */
    public static NSetRq parse(Dataset command) {
        CommandReader r = CommandReader.expecting(command, CommandField.N_SET_RQ);
        return r.checked(new NSetRq(r.us(Tag.MessageID), r.text(Tag.RequestedSOPClassUID),
                r.text(Tag.RequestedSOPInstanceUID)));
    }
}
