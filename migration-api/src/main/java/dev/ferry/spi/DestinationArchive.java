package dev.ferry.spi;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.StoreResult;
import java.io.IOException;

/**
 * An archive Ferry migrates into: a new PACS, a VNA, a cloud store, a folder. Run the testkit's
 * {@code DestinationArchiveConformance} against an implementation.
 *
 * <p>Thread-safe: {@link #store} is called concurrently from several workers.
 *
 * <p>{@link #describe} reports what the destination really holds (for idempotency, resumption and
 * verification); {@link #retrieve} reads instances back for pixel verification, unless
 * {@link #supportsReadBack()} says the destination cannot.
 */
public interface DestinationArchive extends Archive {

    /**
     * Stores one instance: the header as it is now (after coercion) followed by the remainder,
     * streamed from {@link DicomInstance#remainder()} to the destination without holding it whole
     * in memory (except an in-memory archive).
     *
     * <p>Idempotent by SOP Instance UID: storing an instance the destination already holds must
     * not create a second copy; it returns {@link StoreResult.Status#ALREADY_PRESENT},
     * {@link StoreResult.Status#STORED} (overwriting the same UID) or
     * {@link StoreResult.Status#STORED_WITH_WARNING}, never a duplicate.
     *
     * <p>The remainder's length may be {@link dev.ferry.api.StudyDescriptor#UNKNOWN}: a destination
     * that needs it up front (an HTTP content length) spools or uses chunked transfer, never fails.
     *
     * <p>The caller owns {@code instance} and closes it after this returns.
     *
     * @return what the destination did, including any warning it reported
     * @throws IOException on transport failure (retryable)
     * @throws dev.ferry.api.PermanentMigrationException when the destination refuses the instance (the
     *     reason names why: transfer syntax, SOP class, rejected by policy)
     * @throws dev.ferry.api.TransientMigrationException when it is busy or out of resources for now
     */
    StoreResult store(DicomInstance instance) throws IOException;

    /**
     * Whether {@link #retrieve} can read stored instances back (a STOW-only endpoint cannot). Pixel
     * verification against a destination that cannot be read back is inconclusive, not passed.
     */
    default boolean supportsReadBack() {
        return true;
    }
}
