package dev.ferry.hl7.adt;

import dev.ferry.api.PatientIdentity;
import java.util.Objects;

/**
 * One link of a merge chain: {@code from} was retired into {@code to} by an event.
 *
 * @param from the retired identifier (MRG-1)
 * @param to the identifier it went into (PID-3)
 * @param kind {@link EventKind#MERGE} or {@link EventKind#CHANGE_ID}
 * @param event the message that said so
 */
public record MergeStep(PatientIdentity from, PatientIdentity to, EventKind kind, EventRef event) {
    public MergeStep {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(event, "event");
    }

    /** Identifiers redacted (see {@link PatientIdentity#toString()}). */
    @Override
    public String toString() {
        return "MergeStep[" + from + " -> " + to + " by " + event.describe() + "]";
    }
}
