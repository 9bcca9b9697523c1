package dev.ferry.core.state;

/**
 * Where a study is in its migration. The transitions:
 *
 * <pre>
 * PENDING ──lease──► IN_PROGRESS ──complete──► DONE
 *    ▲                    │ │
 *    └──── retryLater ────┘ └──raiseException(failStudy)──► EXCEPTION ──act(SKIP)──► SKIPPED
 *    ▲                                                          │
 *    └──────────────────── act(RETRY) ──────────────────────────┘      act(RESOLVE) ──► DONE
 * </pre>
 *
 * An IN_PROGRESS study whose lease expired (its process died) is leased again as if PENDING. A
 * DONE study found changed by a later sweep (the delta) goes back to PENDING.
 */
public enum StudyState {
    PENDING,
    IN_PROGRESS,
    DONE,
    EXCEPTION,
    SKIPPED
}
