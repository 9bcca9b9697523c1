package dev.ferry.dicom.audit;

import dev.ferry.api.Redaction;
import java.util.Objects;

/**
 * The patient of a study, for the patient participant object of an audit message (PS3.15 A.5.3.4):
 * audit messages may carry patient identifiers, log lines may not, so {@link #toString()} redacts.
 *
 * @param id the Patient ID; not empty
 * @param issuer the Issuer of Patient ID, empty when unknown, never null
 * @param name the patient's name as DICOM writes it ({@code FAMILY^GIVEN}), or {@code null} if not given
 */
public record AuditPatient(String id, String issuer, String name) {
    public AuditPatient {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id: empty");
        }
        issuer = issuer == null ? "" : issuer;
    }

    /**
     * The ParticipantObjectID: the ID, qualified by its issuer as an HL7 CX ({@code ID^^^ISSUER}) when
     * there is one, as IHE ATNA writes patient identifiers.
     */
    public String participantObjectId() {
        return issuer.isEmpty() ? id : id + "^^^" + issuer;
    }

    /** Redacted: patient data never reaches a log through here. */
    @Override
    public String toString() {
        return "AuditPatient[id=" + Redaction.token(id) + ", issuer=" + issuer + ", name=" + Redaction.token(name) + "]";
    }
}
