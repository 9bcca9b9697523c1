package dev.ferry.api;

import java.util.Objects;

/**
 * What a destination did with one instance. Failures are exceptions, not results: a destination
 * that refuses throws {@link PermanentMigrationException}, one that is busy or unreachable throws
 * {@link TransientMigrationException} or {@link java.io.IOException}.
 *
 * @param sopInstanceUid the instance
 * @param status stored, already there, or stored with a warning
 * @param detail the destination's status or comment (e.g. "B000: coerced (0010,0010)"), or empty
 */
public record StoreResult(String sopInstanceUid, Status status, String detail) {
    public enum Status {
        /** The destination now holds the instance. */
        STORED,
        /** The destination already held an identical instance; nothing was written twice. */
        ALREADY_PRESENT,
        /** Stored, but the destination reported a warning (it coerced attributes, say): recorded, not ignored. */
        STORED_WITH_WARNING
    }

    public StoreResult {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static StoreResult stored(String sopInstanceUid) {
        return new StoreResult(sopInstanceUid, Status.STORED, "");
    }
}
