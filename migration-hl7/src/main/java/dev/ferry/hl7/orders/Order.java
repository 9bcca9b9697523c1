package dev.ferry.hl7.orders;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.Redaction;
import dev.ferry.hl7.adt.Origin;
import java.time.Instant;
import java.util.Objects;

/**
 * One order of an order export: an accession number as the RIS wrote it, the patient it was ordered
 * for, and the study it names when it names one.
 *
 * @param origin the file and line of the message (its MSH) or of the CSV row
 * @param controlId the message's MSH-10; empty for a CSV row
 * @param accession the accession number as written (IPC-1, OBR-18 or OBR-3; the CSV's column), not
 *     normalised; never empty
 * @param patient PID-3's first identifier (issuer from CX-4); the CSV's patient and issuer
 * @param studyInstanceUid IPC-3, else ZDS-1 (IHE's ORM); the CSV's column; empty when the order names none
 * @param orderTime ORC-9, else TQ1-7, else MSH-7; {@code null} when none is readable
 */
public record Order(Origin origin, String controlId, String accession, PatientIdentity patient, String studyInstanceUid,
                    Instant orderTime) {
    public Order {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(patient, "patient");
        controlId = controlId == null ? "" : controlId;
        Objects.requireNonNull(accession, "accession");
        if (accession.isBlank()) {
            throw new IllegalArgumentException("accession is empty (" + origin + ")");
        }
        studyInstanceUid = studyInstanceUid == null ? "" : studyInstanceUid;
    }

    /** Where the order is, for a collision's other side: {@code file:line}, with MSH-10 when there is one. */
    public String reference() {
        return controlId.isEmpty() ? origin.toString() : origin + " (MSH-10 " + controlId + ")";
    }

    /** Accession and patient are redacted. */
    @Override
    public String toString() {
        return "Order[" + reference() + ", accession=" + Redaction.token(accession) + ", patient=" + patient
                + ", study=" + studyInstanceUid + "]";
    }
}
