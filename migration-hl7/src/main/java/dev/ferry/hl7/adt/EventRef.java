package dev.ferry.hl7.adt;

import java.time.Instant;
import java.util.Objects;

/**
 * An ADT event as evidence names it: no patient data, just enough to find the message again.
 *
 * @param controlId the message control ID (MSH-10)
 * @param type message type and trigger, {@code ADT^A40}
 * @param time the event time (EVN-2, else MSH-7)
 * @param origin the file and line, or the connection, it came from
 */
public record EventRef(String controlId, String type, Instant time, Origin origin) {
    public EventRef {
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code ADT^A40 MSH-10=123 at 2024-01-01T10:00:00Z (file.hl7:1)}: free of patient data. */
    public String describe() {
        return type + " MSH-10=" + controlId + " at " + time + " (" + origin + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
