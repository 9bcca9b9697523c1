package dev.ferry.api;

import java.util.Objects;

/** The result of checking a custody chain: intact, or broken at a named record. */
public sealed interface ChainVerification {

    /**
     * Every record links to the one before and matches its hash.
     *
     * @param records how many records were checked
     * @param headHash the hash of the last record ({@link CustodyChain#GENESIS} for an empty log)
     */
    record Intact(long records, String headHash) implements ChainVerification {}

    /**
     * The first record at which the chain does not hold.
     *
     * @param sequence the sequence number at which the break was found
     * @param problem what kind of break
     * @param detail a sentence for the operator
     */
    record Broken(long sequence, Problem problem, String detail) implements ChainVerification {
        public Broken {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    enum Problem {
        /** A record's content no longer matches its hash. */
        CONTENT_MODIFIED,
        /** A record's previous hash is not the hash of the record before it (insertion, deletion, reordering). */
        LINK_BROKEN,
        /** Sequence numbers skip or repeat. */
        SEQUENCE_BREAK
    }

    default boolean intact() {
        return this instanceof Intact;
    }
}
