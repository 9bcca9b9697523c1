package dev.ferry.spi;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The append-only, hash-chained chain-of-custody record of every item moved (see
 * {@link dev.ferry.api.CustodyChain} for the chain every implementation shares). Run the testkit's
 * {@code CustodyLogConformance} against an implementation.
 *
 * <p>Contract: thread-safe; appends are totally ordered (concurrent appends get consecutive
 * sequence numbers and each links to the one before); {@link #append} is synchronous and durable
 * before it returns, so a failed append fails the item that wanted it; records are never changed
 * or removed through this interface.
 */
public interface CustodyLog extends AutoCloseable {

    /**
     * Appends an event and returns the record as stored (sequence number and hashes assigned).
     *
     * @throws dev.ferry.api.PermanentMigrationException with reason
     *     {@link dev.ferry.api.ReasonCode#CUSTODY_FAILURE} if it cannot be recorded durably
     */
    CustodyRecord append(CustodyEvent event);

    /**
     * Appends events in order, as consecutive records, and returns them as stored; all or none are
     * durable when it returns. For many events at once (a study queued per inventory batch): an
     * implementation may do it in one transaction. The default appends one by one.
     *
     * @throws dev.ferry.api.PermanentMigrationException as {@link #append} does
     */
    default java.util.List<CustodyRecord> appendAll(java.util.List<CustodyEvent> events) {
        java.util.List<CustodyRecord> stored = new java.util.ArrayList<>(events.size());
        for (CustodyEvent e : events) {
            stored.add(append(e));
        }
        return stored;
    }

    /** Streams the records that match, in sequence order, on the calling thread. */
    void read(CustodyQuery query, Consumer<? super CustodyRecord> sink);

    /** The last record, or empty for an empty log. */
    Optional<CustodyRecord> head();

    /**
     * Re-reads the whole log and checks every link, naming the first broken one. Tampering below
     * this interface (a modified, deleted, inserted or reordered row) must be detected.
     */
    ChainVerification verifyChain();

    /** Releases the log's resources; idempotent. Appends after close fail with CUSTODY_FAILURE. */
    @Override
    void close();
}
