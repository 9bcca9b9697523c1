package dev.ferry.api;

import java.util.Objects;

/**
 * A patient identifier in the namespace that issued it: Patient ID (0010,0020) and Issuer of
 * Patient ID (0010,0021). Two identities are the same patient only if both parts are equal; an
 * empty issuer means "unknown issuer", which identity resolvers must treat with suspicion rather
 * than as a wildcard.
 *
 * @param id the identifier as it appears in the header, without padding; not empty
 * @param issuer the issuer (a local namespace such as {@code HOSP_A}); empty when unknown, never null
 */
public record PatientIdentity(String id, String issuer) {
    public PatientIdentity {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("patient id is empty");
        }
        issuer = issuer == null ? "" : issuer;
    }

    public static PatientIdentity of(String id, String issuer) {
        return new PatientIdentity(id, issuer);
    }

    public boolean hasIssuer() {
        return !issuer.isEmpty();
    }

    /** Redacted: a patient identifier never reaches a log through {@code toString()}. */
    @Override
    public String toString() {
        return "PatientIdentity[id=" + Redaction.token(id) + ", issuer=" + issuer + "]";
    }
}
