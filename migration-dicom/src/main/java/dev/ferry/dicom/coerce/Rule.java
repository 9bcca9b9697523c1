package dev.ferry.dicom.coerce;

import java.util.List;
import java.util.Objects;

/**
 * One coercion rule: when {@link #when()} holds for a header, its {@link #actions()} run in order.
 * Rules run in the order of their {@link RuleSet}, each seeing what the earlier ones changed.
 *
 * @param name the rule's name in change reports, the custody log and the dry-run report; unique in a rule set
 * @param when the condition; {@link Condition#ALWAYS} if {@code null}
 * @param actions what the rule does, in order; at least one
 * @param reason the Reason for the Attribute Modification (0400,0565) its changes are recorded
 *     with: {@code COERCE} or {@code CORRECT} (PS3.3 section C.12.1.1.9); {@code null} for the
 *     default, {@code CORRECT} for {@link Action.FixDates} and {@code COERCE} for the others
 */
public record Rule(String name, Condition when, List<Action> actions, Reason reason) {

    /** Defined Terms of Reason for the Attribute Modification (0400,0565), PS3.3 table C.12-1. */
    public enum Reason {
        /** Values replaced on import or against a master patient index. */
        COERCE,
        /** Incorrect values replaced (operator error, a malformed value). */
        CORRECT
    }

    public Rule {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("rule name must be non-empty without surrounding spaces: '" + name + "'");
        }
        when = when == null ? Condition.ALWAYS : when;
        actions = List.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' has no actions");
        }
    }

    public Rule(String name, Condition when, List<Action> actions) {
        this(name, when, actions, null);
    }

    /** The reason recorded for a change made by {@code action}. */
    public Reason reasonFor(Action action) {
        if (reason != null) {
            return reason;
        }
        return action instanceof Action.FixDates ? Reason.CORRECT : Reason.COERCE;
    }
}
