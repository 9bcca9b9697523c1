package dev.ferry.dicom.net;

import dev.ferry.dicom.net.dimse.Priority;
import java.net.InetSocketAddress;

/**
 * What a C-STORE request says about the instance arriving with it, and where it came from. The
 * Move Originator fields tie an instance to the C-MOVE that caused it: the requester's AE title and
 * the C-MOVE's Message ID on the requester's own association.
 *
 * @param sopClassUid Affected SOP Class UID
 * @param sopInstanceUid Affected SOP Instance UID
 * @param transferSyntaxUid the presentation context's transfer syntax: the data set's encoding
 * @param callingAeTitle the sender's AE title
 * @param calledAeTitle the AE title the sender called
 * @param remote the sender's address
 * @param messageId the C-STORE's Message ID
 * @param priority the C-STORE's priority
 * @param moveOriginatorAeTitle Move Originator AE title, or {@code null}
 * @param moveOriginatorMessageId Move Originator Message ID, or {@code null}
 */
public record ReceivedInstance(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
        String callingAeTitle, String calledAeTitle, InetSocketAddress remote, int messageId, Priority priority,
        String moveOriginatorAeTitle, Integer moveOriginatorMessageId) {

    /** Whether the instance came as a sub-operation of a C-MOVE. */
    public boolean isMoveSubOperation() {
        return moveOriginatorMessageId != null;
    }
}
