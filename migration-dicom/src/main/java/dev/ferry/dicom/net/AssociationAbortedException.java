package dev.ferry.dicom.net;

import dev.ferry.dicom.net.pdu.Abort;

/**
 * The association ended abruptly: the peer sent A-ABORT, Ferry aborted it (a protocol violation, a
 * timeout, a local abort), or the connection was closed or reset without a release.
 */
public final class AssociationAbortedException extends AssociationException {
    private static final long serialVersionUID = 1L;

    private final transient Abort abort;
    private final boolean byPeer;

    /**
     * @param abort the A-ABORT sent or received, or {@code null} if the connection just ended
     * @param byPeer whether the peer ended it
     */
    public AssociationAbortedException(String message, Abort abort, boolean byPeer, Throwable cause) {
        super(message, cause);
        this.abort = abort;
        this.byPeer = byPeer;
    }

    /** The A-ABORT sent or received, or {@code null} if the connection ended without one. */
    public Abort abort() {
        return abort;
    }

    /** Whether the peer ended the association (an A-ABORT received, the connection closed or reset). */
    public boolean byPeer() {
        return byPeer;
    }
}
