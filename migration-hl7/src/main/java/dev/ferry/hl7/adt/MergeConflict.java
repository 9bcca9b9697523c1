package dev.ferry.hl7.adt;

import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import java.util.List;
import java.util.Objects;

/**
 * A contradiction in the ADT history that no rule can settle: a human decides. Every identifier that
 * leads into it resolves to no survivor.
 *
 * @param kind what contradicts what
 * @param identifiers the identifiers concerned, sorted (issuer, then ID)
 * @param steps the merges that contradict each other, in the order they were applied
 */
public record MergeConflict(Kind kind, List<PatientIdentity> identifiers, List<MergeStep> steps) {

    /** The kinds of contradiction. */
    public enum Kind {
        /** Merges that lead back to where they started ({@code A→B}, later {@code B→A}, with no unlink). */
        CYCLE,
        /** One identifier merged into two survivors that are not (or no longer) the same patient. */
        CONFLICTING_MERGE,
        /** A chain longer than the graph follows (a crafted or corrupt history). */
        CHAIN_TOO_LONG
    }

    public MergeConflict {
        Objects.requireNonNull(kind, "kind");
        identifiers = List.copyOf(identifiers);
        steps = List.copyOf(steps);
    }

    /** Without patient data: the kind and the events, for an exception list or a log. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.toString()).append(" in ");
        for (int i = 0; i < steps.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(steps.get(i).event().describe());
        }
        return sb.toString();
    }

    /**
     * This conflict as an exception-list entry ({@link ReasonCode#IDENTITY_CONFLICT}) about an item
     * ({@link ItemRef#NONE} when it is about the history itself); the message names events, not patients.
     */
    public PermanentMigrationException toException(ItemRef item) {
        return new PermanentMigrationException(ReasonCode.IDENTITY_CONFLICT, item, "ADT merge history: " + describe());
    }

    @Override
    public String toString() {
        return "MergeConflict[" + describe() + ", identifiers=" + identifiers.size() + "]";
    }
}
