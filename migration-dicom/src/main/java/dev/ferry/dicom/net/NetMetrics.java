package dev.ferry.dicom.net;

import dev.ferry.dicom.net.dimse.CommandField;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The network's counters in the caller's {@link MeterRegistry}, with bounded tags only: the role
 * (requestor or acceptor), an outcome or direction, and the DIMSE command. No AE title (a peer can
 * send any), no UID, no patient data. Counters are looked up once and kept. Thread-safe.
 */
final class NetMetrics {
    static final String ASSOCIATIONS = "ferry.dicom.associations";
    static final String MESSAGES = "ferry.dicom.dimse.messages";
    private static final NetMetrics NONE = new NetMetrics(null, null);

    private final MeterRegistry registry;
    private final String role;
    private final Map<CommandField, Counter> sent = new EnumMap<>(CommandField.class);
    private final Map<CommandField, Counter> received = new EnumMap<>(CommandField.class);

    private NetMetrics(MeterRegistry registry, String role) {
        this.registry = registry;
        this.role = role;
        if (registry != null) {
            for (CommandField f : CommandField.values()) {
                sent.put(f, counter(MESSAGES, "direction", "sent", "command", f.name()));
                received.put(f, counter(MESSAGES, "direction", "received", "command", f.name()));
            }
        }
    }

    /** The metrics of one role, or a no-op if {@code registry} is null. */
    static NetMetrics of(MeterRegistry registry, boolean requestor) {
        return registry == null ? NONE : new NetMetrics(registry, requestor ? "requestor" : "acceptor");
    }

    /** Counts an association by how it went: established, rejected, failed, released, aborted. */
    void association(String outcome) {
        if (registry != null) {
            counter(ASSOCIATIONS, "outcome", outcome).increment();
        }
    }

    void sent(CommandField command) {
        if (registry != null) {
            sent.get(command).increment();
        }
    }

    void received(CommandField command) {
        if (registry != null) {
            received.get(command).increment();
        }
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tag("role", role).tags(tags).register(registry);
    }
}
