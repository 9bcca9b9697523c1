package dev.ferry.api;

import java.util.Objects;

/**
 * What an identity resolver is asked about: one study as its source describes it (patient, issuer,
 * demographics, accession).
 *
 * @param sourceName the source archive's name, so rules can differ per source (MRN prefixes per site)
 * @param study the study as the source describes it
 */
public record IdentityContext(String sourceName, StudyDescriptor study) {
    public IdentityContext {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(study, "study");
    }
}
