package dev.ferry.core;

import dev.ferry.api.ReasonCode;
import java.util.Objects;

/**
 * How one attempt at a study ended.
 *
 * @param studyInstanceUid the study
 * @param kind the ending
 * @param reason why it did not succeed, {@code null} if it did
 * @param instancesStored instances stored in this attempt
 * @param bytesStored their remainder bytes
 */
public record StudyOutcome(String studyInstanceUid, Kind kind, ReasonCode reason, int instancesStored,
                           long bytesStored) {
    public enum Kind {
        /** Every instance stored (and verified, if verifiers are configured). */
        DONE,
        /** A transient failure: the study will be tried again after a back-off. */
        RETRY,
        /** It is in the exception list and waits for a person. */
        EXCEPTION,
        /** Another process took it (the lease lapsed): this attempt's work stands, the study is theirs. */
        LEASE_LOST,
        /** The migration was stopped while it ran; it will be taken up again. */
        STOPPED
    }

    public StudyOutcome {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(kind, "kind");
    }

    /** The reason the circuit breaker and the adaptive limit judge: null for anything but RETRY and EXCEPTION. */
    public ReasonCode failure() {
        return kind == Kind.RETRY || kind == Kind.EXCEPTION ? reason : null;
    }
}
