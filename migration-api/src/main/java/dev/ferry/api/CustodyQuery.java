package dev.ferry.api;

/**
 * Which custody records to read, in sequence order.
 *
 * @param studyInstanceUid only records about this study; {@code null} for all
 * @param fromSequence only records with a sequence at or above this (1 for all)
 */
public record CustodyQuery(String studyInstanceUid, long fromSequence) {
    public static final CustodyQuery ALL = new CustodyQuery(null, 1);

    public CustodyQuery {
        if (fromSequence < 1) {
            throw new IllegalArgumentException("fromSequence starts at 1: " + fromSequence);
        }
    }

    public static CustodyQuery study(String studyInstanceUid) {
        return new CustodyQuery(java.util.Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"), 1);
    }

    public boolean matches(CustodyRecord r) {
        return r.sequence() >= fromSequence
                && (studyInstanceUid == null || studyInstanceUid.equals(r.event().item().studyInstanceUid()));
    }
}
