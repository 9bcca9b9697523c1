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
