package dev.ferry.hl7.adt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One ADT message, read: what happened, when, to which identifiers.
 *
 * @param origin where the message came from (file and line, or connection)
 * @param controlId MSH-10; may be empty when the sender left it out
 * @param trigger the trigger event, {@code A40} (MSH-9-2, else EVN-1)
 * @param structure the message structure HAPI parsed it as ({@code ADT_A39})
 * @param version MSH-12 as sent ({@code 2.3}); the message was read into the 2.5.1 structures whatever it says
 * @param time the event time: EVN-2 (recorded date/time), else MSH-7; a time without an offset is taken as UTC
 * @param kind what the event does to identity
 * @param patients the PID segments (with their MRG), in message order; empty only for {@link EventKind#OTHER}
 * @param zSegments the Z-segments, each as its ER7 text, in message order (kept, not interpreted)
 */
public record AdtEvent(Origin origin, String controlId, String trigger, String structure, String version,
                       Instant time, EventKind kind, List<AdtPatient> patients, List<String> zSegments) {
    public AdtEvent {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        controlId = controlId == null ? "" : controlId;
        trigger = trigger == null ? "" : trigger;
        structure = structure == null ? "" : structure;
        version = version == null ? "" : version;
        patients = List.copyOf(patients);
        zSegments = List.copyOf(zSegments);
    }

    /** {@code ADT^A40}. */
    public String type() {
        return "ADT^" + trigger;
    }

    /** The reference evidence carries: control ID, type, time, origin. */
    public EventRef ref() {
        return new EventRef(controlId, type(), time, origin);
    }

    /** No identifiers and no segment text: patient data never reaches a log through {@code toString()}. */
    @Override
    public String toString() {
        return "AdtEvent[" + ref().describe() + ", kind=" + kind + ", patients=" + patients.size()
                + ", zSegments=" + zSegments.size() + "]";
    }
}
