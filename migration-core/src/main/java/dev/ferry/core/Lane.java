package dev.ferry.core;

/**
 * The scheduler's priority lanes, highest first: a study in a higher lane is always leased before
 * one in a lower lane that is equally ready.
 */
public enum Lane {
    /** A patient's history promoted because the patient is expected (an API call, an HL7 event). */
    PREFETCH,
    /** The recent tier: what clinicians will open first once the new archive is live. */
    RECENT,
    /** Everything else, moved in the background. */
    BACKGROUND;

    /** The lane's rank in the state store, 0 for the highest. */
    public int rank() {
        return ordinal();
    }

    public static Lane ofRank(int rank) {
        Lane[] all = values();
        if (rank < 0 || rank >= all.length) {
            throw new IllegalArgumentException("no lane of rank " + rank);
        }
        return all[rank];
    }
}
