package dev.ferry.hl7.adt;

import dev.ferry.api.PatientIdentity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ADT history says about one identifier.
 *
 * @param identity the identifier asked about
 * @param status whether it was merged, is current, conflicts or is unknown
 * @param survivor the surviving identity: itself when {@link Status#ACTIVE} or {@link Status#UNKNOWN},
 *     the end of the chain when {@link Status#MERGED}; {@code null} when {@link Status#CONFLICT}
 * @param chain the steps from {@code identity} to {@code survivor}, in order; empty unless merged
 * @param conflicts the contradictions that leave it without a survivor; empty unless {@link Status#CONFLICT}
 */
public record Resolution(PatientIdentity identity, Status status, PatientIdentity survivor, List<MergeStep> chain,
                         List<MergeConflict> conflicts) {

    /** The outcomes. */
    public enum Status {
        /** Never merged, or every merge of it was undone: it is its own survivor. */
        ACTIVE,
        /** Retired: it survives as another identifier. */
        MERGED,
        /** The history contradicts itself about it; no survivor. */
        CONFLICT,
        /** The history never names it. */
        UNKNOWN
    }

    public Resolution {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(status, "status");
        chain = List.copyOf(chain);
        conflicts = List.copyOf(conflicts);
        if ((survivor == null) != (status == Status.CONFLICT)) {
            throw new IllegalArgumentException("a survivor is required unless the status is CONFLICT: " + status);
        }
    }

    /** The surviving identity; empty when the history contradicts itself. */
    public Optional<PatientIdentity> survivingIdentity() {
        return Optional.ofNullable(survivor);
    }

    /** Identifiers redacted. */
    @Override
    public String toString() {
        return "Resolution[" + identity + " " + status + (survivor == null ? "" : " -> " + survivor)
                + ", chain=" + chain.size() + " steps, conflicts=" + conflicts.size() + "]";
    }
}
