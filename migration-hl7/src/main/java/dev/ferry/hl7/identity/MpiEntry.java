package dev.ferry.hl7.identity;

import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.util.Objects;

/**
 * What an MPI says about a local identifier: the enterprise (or surviving) identity it belongs to, and
 * the patient's demographics where the MPI keeps them.
 *
 * @param enterprise the identity to file the study under; never null
 * @param demographics the MPI's demographics; {@link Demographics#UNKNOWN} when it has none
 */
public record MpiEntry(PatientIdentity enterprise, Demographics demographics) {
    public MpiEntry {
        Objects.requireNonNull(enterprise, "enterprise");
        demographics = demographics == null ? Demographics.UNKNOWN : demographics;
    }

    /** Redacted through the records it holds. */
    @Override
    public String toString() {
        return "MpiEntry[" + enterprise + ", " + demographics + "]";
    }
}
