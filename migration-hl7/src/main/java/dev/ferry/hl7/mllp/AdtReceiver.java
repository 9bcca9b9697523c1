package dev.ferry.hl7.mllp;

import dev.ferry.hl7.adt.AdtEvent;
import dev.ferry.hl7.adt.AdtParser;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.adt.Origin;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives ADT messages from an {@link MllpListener}, hands each ADT event to a consumer (a
 * {@link dev.ferry.hl7.adt.MergeGraph.Builder}, say) and acknowledges it in the original mode
 * (HL7 v2.5.1 chapter 2, 2.9.2):
 * <ul>
 *   <li>AR, rejected unprocessed: the MSH cannot be read (error 100), the message is not ADT (200), its
 *       version is not accepted (203), its processing ID is not accepted (202), or HAPI cannot parse it (100);
 *   <li>AE, an application error: the message lacks what its event needs, such as PID-3 or MRG-1 (101),
 *       or the consumer failed (207);
 *   <li>AA otherwise, including an ADT event about no patient, which is accepted and has nothing to do.
 * </ul>
 * MSA-2 is the message's MSH-10. Thread-safe when the consumer is.
 */
public final class AdtReceiver implements MllpHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdtReceiver.class);

    /** The versions accepted unless told otherwise: 2.3 to 2.5.1. */
    public static final Set<String> DEFAULT_VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final Consumer<AdtEvent> consumer;
    private final Set<String> processingIds;
    private final Set<String> versions;
    private final Clock clock;
    private final AdtParser parser = new AdtParser();

    private AdtReceiver(Builder b) {
        this.consumer = b.consumer;
        this.processingIds = Set.copyOf(b.processingIds);
        this.versions = Set.copyOf(b.versions);
        this.clock = b.clock;
    }

    /** A receiver handing events to {@code consumer}. */
    public static Builder builder(Consumer<AdtEvent> consumer) {
        return new Builder(consumer);
    }

    /** Options of an {@link AdtReceiver}. */
    public static final class Builder {
        private final Consumer<AdtEvent> consumer;
        private Set<String> processingIds = Set.of("P");
        private Set<String> versions = DEFAULT_VERSIONS;
        private Clock clock = Clock.systemUTC();

        private Builder(Consumer<AdtEvent> consumer) {
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        /** The processing IDs (MSH-11-1) accepted; others are rejected (AR). Default {@code P}. */
        public Builder processingIds(String... ids) {
            if (ids.length == 0) {
                throw new IllegalArgumentException("processingIds: at least one is needed");
            }
            this.processingIds = new LinkedHashSet<>(List.of(ids));
            return this;
        }

        /** The versions (MSH-12-1) accepted; others are rejected (AR). Default {@link #DEFAULT_VERSIONS}. */
        public Builder versions(String... versions) {
            if (versions.length == 0) {
                throw new IllegalArgumentException("versions: at least one is needed");
            }
            this.versions = new LinkedHashSet<>(List.of(versions));
            return this;
        }

        /** The clock of the ACK's MSH-7. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AdtReceiver build() {
            return new AdtReceiver(this);
        }
    }

    @Override
    public String handle(byte[] message, Origin origin) {
        String text = AdtReader.decode(message);
        Optional<MessageHeader> header = MessageHeader.sniff(text);
        Ack ack = decide(text, header, origin);
        LOG.debug("{}: {} MSH-10={} -> {}{}", origin, header.map(h -> h.messageCode() + "^" + h.triggerEvent()).orElse("?"),
                ack.controlId(), ack.code(), ack.code() == AckCode.AA ? "" : " (" + ack.errorCode() + ")");
        return ack.encode(header, clock);
    }

    private Ack decide(String text, Optional<MessageHeader> header, Origin origin) {
        if (header.isEmpty()) {
            return new Ack(AckCode.AR, "", "the message does not start with a readable MSH segment", 100);
        }
        MessageHeader h = header.get();
        String id = h.controlId();
        if (!h.messageCode().equals("ADT")) {
            return new Ack(AckCode.AR, id, "unsupported message type: this receiver takes ADT", 200);
        }
        if (!versions.contains(h.version())) {
            return new Ack(AckCode.AR, id, "unsupported version ID", 203);
        }
        if (!processingIds.contains(h.processingId())) {
            return new Ack(AckCode.AR, id, "unsupported processing ID", 202);
        }
        AdtParser.Result r = parser.parse(text, origin);
        if (r instanceof AdtParser.Result.Problem p) {
            AdtProblem problem = p.problem();
            return problem.kind() == AdtProblem.Kind.UNPARSEABLE
                    ? new Ack(AckCode.AR, id, problem.detail(), 100)
                    : new Ack(AckCode.AE, id, problem.detail(), 101);
        }
        if (r instanceof AdtParser.Result.Event e) {
            try {
                consumer.accept(e.event());
            } catch (RuntimeException ex) {
                LOG.warn("{}: MSH-10={}: the ADT consumer failed ({})", origin, id, ex.getClass().getSimpleName());
                return new Ack(AckCode.AE, id, "application internal error", 207);
            }
        }
        return new Ack(AckCode.AA, id, "", 0);
    }

    @Override
    public void close() {
        parser.close();
    }

    @Override
    public String toString() {
        return "AdtReceiver[versions=" + versions + ", processingIds=" + processingIds + "]";
    }
}
