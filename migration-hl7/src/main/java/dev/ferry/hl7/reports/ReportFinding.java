package dev.ferry.hl7.reports;

import dev.ferry.api.ReasonCode;
import dev.ferry.hl7.adt.Origin;
import java.util.Objects;

/**
 * A report that was not migrated, and why.
 *
 * @param origin the file and line of the report's MSH (or of the unreadable file)
 * @param controlId its MSH-10, empty when unknown
 * @param reason {@link ReasonCode#REFUSED} for an AE or AR acknowledgment, {@link ReasonCode#TIMEOUT}
 *     when none came in time, {@link ReasonCode#NETWORK} when the destination could not be reached,
 *     {@link ReasonCode#CORRUPT_OBJECT} for an unreadable message, {@link ReasonCode#INVALID_VALUE} for an
 *     accession that cannot be normalised or a missing field, the resolver's reason when it refused the
 *     patient, {@link ReasonCode#CUSTODY_FAILURE} when the custody log could not record a delivered report
 * @param detail segments, fields, rules and ACK codes; never a patient value, an accession or report text
 */
public record ReportFinding(Origin origin, String controlId, ReasonCode reason, String detail) {
    public ReportFinding {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
        controlId = controlId == null ? "" : controlId;
        detail = detail == null ? "" : detail;
    }

    /** {@code file:line (MSH-10 X): REASON: detail}. */
    @Override
    public String toString() {
        return origin + (controlId.isEmpty() ? "" : " (MSH-10 " + controlId + ")") + ": " + reason + ": " + detail;
    }
}
