package dev.ferry.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * What an operator did about an exception, recorded with who, when and why.
 *
 * @param kind retry the study, skip it, or resolve it with an override
 * @param actor who (a user name, never a patient's)
 * @param reason why, in words; required
 * @param at when
 */
public record OperatorAction(Kind kind, String actor, String reason, Instant at) {
    public enum Kind {
        RETRY,
        SKIP,
        RESOLVE
    }

    public OperatorAction {
        Objects.requireNonNull(kind, "kind");
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is required for an operator action");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required for an operator action");
        }
        Objects.requireNonNull(at, "at");
    }
}
