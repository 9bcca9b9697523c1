package dev.ferry.testkit.tck;

import dev.ferry.api.CustodyRecord;

/**
 * Changes a custody log's storage behind its back, the way an attacker or a careless administrator
 * with database access would, so that {@link CustodyLogConformance} can check that
 * {@code verifyChain()} notices. An implementation supplies one through
 * {@link CustodyLogConformance#tamperer}; records are addressed by their sequence number as stored.
 * Implementations need not be thread-safe: the kit calls them from one thread, with no appends
 * running.
 */
public interface Tamperer {

    /** Overwrites the stored record with this sequence number with {@code forged}, stored exactly as given. */
    void replace(long sequence, CustodyRecord forged);

    /** Removes the stored record with this sequence number; the other records are left as they are. */
    void delete(long sequence);

    /**
     * Stores {@code forged} (whose sequence number may duplicate an existing one) so that reading the
     * log in order yields it right after the record with this sequence number. A storage that needs
     * unique sequence numbers may renumber the records that follow by one instead, leaving their other
     * fields as they were.
     */
    void insertAfter(long sequence, CustodyRecord forged);

    /**
     * The two records trade places in the order the log reads them. A storage ordered by sequence
     * number swaps everything but the sequence numbers instead.
     */
    void swap(long first, long second);
}
