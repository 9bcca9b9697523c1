package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/** A coercer's answer: the changes it made (possibly none), or a refusal of the object. */
public sealed interface CoercionOutcome {

    /** The header was changed exactly as listed; an empty list means untouched. */
    record Applied(List<TagChange> changes) implements CoercionOutcome {
        public Applied {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The object must not move as it is (e.g. a rule forbids a source's objects without a Patient
     * ID). The header may have been partly changed; the engine discards it.
     */
    record Rejected(ReasonCode reason, String detail) implements CoercionOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }

    CoercionOutcome UNCHANGED = new Applied(List.of());

    static CoercionOutcome applied(List<TagChange> changes) {
        return changes.isEmpty() ? UNCHANGED : new Applied(changes);
    }

    static CoercionOutcome rejected(ReasonCode reason, String detail) {
        return new Rejected(reason, detail);
    }
}
