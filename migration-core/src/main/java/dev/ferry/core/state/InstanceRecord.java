package dev.ferry.core.state;

import dev.ferry.api.StoreResult;
import dev.ferry.api.Digest;
import dev.ferry.api.TagPath;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One instance the destination holds, as the engine recorded it after the store returned. A retry
 * or a resume skips every instance with a record, so nothing is stored twice.
 *
 * @param studyInstanceUid, sopInstanceUid the instance
 * @param status what the destination said
 * @param detail the destination's status detail (a warning's text), empty if none
 * @param sha256 hex SHA-256 of the instance as it left the source (header and remainder as
 *     received), {@code null} if not computed
 * @param bytes the size sent
 * @param storedAt when the store returned
 * @param transferSyntaxUid the transfer syntax it left the source in, {@code null} if not recorded
 * @param pixelData the digest of its Pixel Data value as it left the source (see
 *     {@link dev.ferry.api.InstanceEvidence#pixelData()}), {@code null} if none was taken
 * @param attributes the source header values the verifiers asked for (patient data: never logged)
 */
public record InstanceRecord(String studyInstanceUid, String sopInstanceUid, StoreResult.Status status, String detail,
                             String sha256, long bytes, Instant storedAt, String transferSyntaxUid, Digest pixelData,
                             Map<TagPath, String> attributes) {
    public InstanceRecord {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(storedAt, "storedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A record without evidence (an instance adopted from the destination, say). */
    public InstanceRecord(String studyInstanceUid, String sopInstanceUid, StoreResult.Status status, String detail,
                          String sha256, long bytes, Instant storedAt) {
        this(studyInstanceUid, sopInstanceUid, status, detail, sha256, bytes, storedAt, null, null, Map.of());
    }

    /** Prints no attribute values: they are patient data. */
    @Override
    public String toString() {
        return "InstanceRecord[" + studyInstanceUid + ", " + sopInstanceUid + ", " + status + ", sha256=" + sha256
                + ", bytes=" + bytes + ", pixelData=" + pixelData + ", attributes=" + attributes.size() + "]";
    }
}
