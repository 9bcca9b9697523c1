package dev.ferry.api;

import java.util.Objects;

/**
 * A custody event as the log holds it: numbered and hash-chained.
 *
 * @param sequence position in the log, from 1, without gaps
 * @param event the event
 * @param previousHash the hash of record {@code sequence - 1}, or {@link CustodyChain#GENESIS} for the first
 * @param hash {@link CustodyChain#hash(String, long, CustodyEvent)} of the above
 */
public record CustodyRecord(long sequence, CustodyEvent event, String previousHash, String hash) {
    public CustodyRecord {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        }
    }

    /** The record that follows {@code previous} (or starts the chain when it is null). */
    public static CustodyRecord next(CustodyRecord previous, CustodyEvent event) {
        long seq = previous == null ? 1 : previous.sequence() + 1;
        String prev = previous == null ? CustodyChain.GENESIS : previous.hash();
        return new CustodyRecord(seq, event, prev, CustodyChain.hash(prev, seq, event));
    }
}
