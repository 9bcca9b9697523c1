package dev.ferry.dicom.net;

import java.io.IOException;

/**
 * An association could not be established, or ended before its work was done: rejected, aborted
 * (by the peer or by Ferry on a protocol violation), timed out, or closed by the peer. The message
 * names the peer (AE titles, address) and what happened; never patient data.
 */
public class AssociationException extends IOException {
    private static final long serialVersionUID = 1L;

    public AssociationException(String message) {
        super(message);
    }

    public AssociationException(String message, Throwable cause) {
        super(message, cause);
    }
}
