package dev.ferry.core.state;

/**
 * A worker tried to change a study whose lease it no longer holds: the lease expired (a pause
 * longer than the lease, say) and another process may have taken the study. The worker stops
 * working on it; nothing it did is lost, as instance records are idempotent.
 */
public final class LeaseLostException extends IllegalStateException {
    private final String studyInstanceUid;

    public LeaseLostException(String studyInstanceUid, String owner) {
        super("lease on study " + studyInstanceUid + " is no longer held by " + owner);
        this.studyInstanceUid = studyInstanceUid;
    }

    public String studyInstanceUid() {
        return studyInstanceUid;
    }
}
