package dev.ferry.dicom.archive.web;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.MigrationException;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StoreResult;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VerificationException;
import dev.ferry.dicom.net.dimse.CommandField;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.web.StowResponse;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * What a STOW-RS response (PS3.18 10.5.3) means for one instance of the request, and how a failure of
 * the whole request becomes each caller's own exception. Stateless.
 */
final class StowOutcomes {
    /** A failure reason that is no failure for an idempotent store (PS3.7 C.5.6). */
    private static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    private static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;
    private static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;

    private StowOutcomes() {}

    /**
     * The instance's result: stored (with the warning, if any, in the detail), or the exception the
     * response's failure reason calls for; an instance the response does not mention is refused,
     * since nothing says the server holds it.
     */
    static StoreResult outcome(StowResponse r, InstanceDescriptor d) {
        String sop = d.sopInstanceUid();
        for (StowResponse.Stored s : r.stored()) {
            if (s.sopInstanceUid().equals(sop)) {
                return s.warningReason() == null ? StoreResult.stored(sop)
                        : new StoreResult(sop, StoreResult.Status.STORED_WITH_WARNING, describe(s.warningReason()));
            }
        }
        for (StowResponse.Failed f : r.failed()) {
            if (f.sopInstanceUid().equals(sop)) {
                if (f.failureReason() != null && f.failureReason() == DUPLICATE_SOP_INSTANCE) {
                    // Idempotent by SOP Instance UID: the server holds this UID and kept its copy.
                    return new StoreResult(sop, StoreResult.Status.ALREADY_PRESENT,
                            describe(DUPLICATE_SOP_INSTANCE) + " (the destination kept the copy it held)");
                }
                throw failure(f.failureReason(), d.ref(), r.httpStatus());
            }
        }
        throw new PermanentMigrationException(ReasonCode.REFUSED, d.ref(), "HTTP " + r.httpStatus()
                + ": the STOW-RS response lists the instance neither as stored nor as failed");
    }

    private static MigrationException failure(Integer reason, ItemRef item, int httpStatus) {
        if (reason == null) {
            return new PermanentMigrationException(ReasonCode.REFUSED, item, "HTTP " + httpStatus
                    + ": the STOW-RS response lists the instance as failed, without a Failure Reason");
        }
        String detail = "STOW-RS Failure Reason " + describe(reason);
        if (Status.of(reason).isRetryable()) {
            return new TransientMigrationException(ReasonCode.PEER_BUSY, item, detail);
        }
        if (reason == TRANSFER_SYNTAX_NOT_SUPPORTED) {
            return new PermanentMigrationException(ReasonCode.TRANSFER_SYNTAX_REFUSED, item, detail);
        }
        return new PermanentMigrationException(ReasonCode.REFUSED, item, detail);
    }

    /** {@code A700: Refused: Out of Resources}. */
    static String describe(int code) {
        String meaning = switch (code) {
            case TRANSFER_SYNTAX_NOT_SUPPORTED -> "Referenced Transfer Syntax not supported";
            case SOP_CLASS_NOT_SUPPORTED -> "Referenced SOP Class not supported";
            case DUPLICATE_SOP_INSTANCE -> "Duplicate SOP Instance";
            default -> Status.of(code).describe(CommandField.C_STORE_RQ);
        };
        return String.format("%04X: %s", code, meaning);
    }

    /**
     * A failure of the whole request as this caller's own exception (a shared one would be thrown
     * from several threads at once), of the same kind, naming the caller's instance.
     */
    static Exception forEach(Throwable shared, ItemRef item) {
        String detail = "the STOW-RS request with this instance failed: " + shared.getMessage();
        if (shared instanceof TransientMigrationException t) {
            return new TransientMigrationException(t.reason(), item, detail, shared);
        }
        if (shared instanceof PermanentMigrationException p) {
            return new PermanentMigrationException(p.reason(), item, detail, shared);
        }
        if (shared instanceof ConfigurationException) {
            return new ConfigurationException(detail, shared);
        }
        if (shared instanceof VerificationException) {
            return new PermanentMigrationException(ReasonCode.INTERNAL, item, detail, shared);
        }
        if (shared instanceof InterruptedIOException) {
            return new InterruptedIOException(detail);
        }
        if (shared instanceof IOException) {
            return new IOException(detail, shared);
        }
        return new IllegalStateException(detail, shared);
    }
}
