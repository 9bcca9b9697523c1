package dev.ferry.hl7.adt;

import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.util.List;

/**
 * One patient of an ADT message: a PID segment, with the MRG segment that follows it in the same
 * group when there is one.
 *
 * @param identifiers PID-3, every repetition with an ID, issuer from the assigning authority (CX-4);
 *     PID-2 when PID-3 is empty (older senders); never empty
 * @param priorIdentifiers MRG-1, every repetition with an ID (MRG-4 when MRG-1 is empty); empty without MRG
 * @param demographics PID-5 (first repetition, as a DICOM PN), PID-7 (date part), PID-8
 * @param priorDemographics the prior patient name MRG-7 (name only); {@link Demographics#UNKNOWN} without it
 */
public record AdtPatient(List<PatientIdentity> identifiers, List<PatientIdentity> priorIdentifiers,
                         Demographics demographics, Demographics priorDemographics) {
    public AdtPatient {
        identifiers = List.copyOf(identifiers);
        priorIdentifiers = List.copyOf(priorIdentifiers);
        demographics = demographics == null ? Demographics.UNKNOWN : demographics;
        priorDemographics = priorDemographics == null ? Demographics.UNKNOWN : priorDemographics;
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("a patient needs at least one identifier");
        }
    }

    /** The identifier a prior one merges into: PID-3's repetition with the prior's issuer, else the first. */
    public PatientIdentity survivorFor(PatientIdentity prior) {
        for (PatientIdentity id : identifiers) {
            if (id.issuer().equals(prior.issuer())) {
                return id;
            }
        }
        return identifiers.get(0);
    }

    /** Counts only: patient data never reaches a log through {@code toString()}. */
    @Override
    public String toString() {
        return "AdtPatient[identifiers=" + identifiers + ", priorIdentifiers=" + priorIdentifiers + "]";
    }
}
