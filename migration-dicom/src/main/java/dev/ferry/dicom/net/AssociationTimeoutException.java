package dev.ferry.dicom.net;

/**
 * A wait on the peer ran out: connecting, the association negotiation (ARTIM), a DIMSE response, an
 * idle association, or a release. The association has been aborted by the time this is thrown.
 */
public final class AssociationTimeoutException extends AssociationException {
    private static final long serialVersionUID = 1L;

    public AssociationTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
