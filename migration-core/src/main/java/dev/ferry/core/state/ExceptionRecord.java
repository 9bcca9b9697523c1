package dev.ferry.core.state;

import dev.ferry.api.ReasonCode;
import java.time.Instant;
import java.util.Objects;

/**
 * An entry of the exception list: something that needs a person (or was handled by one).
 *
 * @param id the store's id for it, used by {@link StateStore#act}
 * @param studyInstanceUid the study, or {@code null} for a migration-wide exception (a lane paused
 *     by the circuit breaker)
 * @param sopInstanceUid the instance, or {@code null} if it concerns the whole study
 * @param reason why, as a code
 * @param detail why, in words (never patient data)
 * @param raisedAt when it was raised
 * @param status open, or what was done about it
 */
public record ExceptionRecord(long id, String studyInstanceUid, String sopInstanceUid, ReasonCode reason,
                              String detail, Instant raisedAt, Status status) {
    public enum Status {
        OPEN,
        /** An operator asked for a retry: the study went back to PENDING. */
        RETRIED,
        /** An operator skipped it with a reason: the study will not be migrated. */
        SKIPPED,
        /** An operator resolved it with an override: the study counts as done. */
        RESOLVED,
        /** Closed by the engine itself: a later attempt of the study succeeded. */
        SUPERSEDED
    }

    public ExceptionRecord {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(status, "status");
    }
}
