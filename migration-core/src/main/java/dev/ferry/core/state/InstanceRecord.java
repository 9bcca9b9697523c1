package dev.ferry.core.state;

import dev.ferry.api.StoreResult;
import java.time.Instant;
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
 */
public record InstanceRecord(String studyInstanceUid, String sopInstanceUid, StoreResult.Status status, String detail,
                             String sha256, long bytes, Instant storedAt) {
    public InstanceRecord {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(storedAt, "storedAt");
    }
}
