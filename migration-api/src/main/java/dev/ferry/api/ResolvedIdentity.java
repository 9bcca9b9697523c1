package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * Who a study belongs to in the destination, and the evidence for it.
 *
 * @param patient the surviving identity (after merges, format rules, MPI)
 * @param demographics the demographics to carry; {@link Demographics#UNKNOWN} to leave the header's
 * @param accession the accession to carry, normalised
 * @param evidence the chain that justifies the answer, one step per entry (e.g. an A40 merge with its
 *     message control ID and time); recorded in the custody log, never logged
 */
public record ResolvedIdentity(PatientIdentity patient, Demographics demographics, Accession accession, List<String> evidence) {
    public ResolvedIdentity {
        Objects.requireNonNull(patient, "patient");
        demographics = demographics == null ? Demographics.UNKNOWN : demographics;
        accession = accession == null ? Accession.NONE : accession;
        evidence = List.copyOf(evidence);
    }

    /** The study's own identity, unchanged, as the evidence says. */
    public static ResolvedIdentity unchanged(StudyDescriptor study, String why) {
        return new ResolvedIdentity(study.patient(), study.demographics(), study.accession(), List.of(why));
    }

    @Override
    public String toString() {
        return "ResolvedIdentity[patient=" + patient + ", accession=" + accession + ", evidence="
                + evidence.size() + " steps]";
    }
}
