package dev.ferry.dicom.net;

import dev.ferry.dicom.net.pdu.AssociateRj;

/**
 * The acceptor answered A-ASSOCIATE-RJ (PS3.8 9.3.4). {@link #isTransient()} says whether trying
 * again later may succeed (result rejected-transient: the peer is busy or at its limit).
 */
public final class AssociationRejectedException extends AssociationException {
    private static final long serialVersionUID = 1L;

    private final transient AssociateRj rejection;

    public AssociationRejectedException(String peer, AssociateRj rejection) {
        super(peer + " rejected the association: " + rejection.describe());
        this.rejection = rejection;
    }

    /** The A-ASSOCIATE-RJ as received. */
    public AssociateRj rejection() {
        return rejection;
    }

    /** Whether the rejection is rejected-transient. */
    public boolean isTransient() {
        return rejection.result() == AssociateRj.Result.REJECTED_TRANSIENT;
    }
}
