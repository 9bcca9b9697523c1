package dev.ferry.hl7.prefetch;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.AdtParser;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.AckCode;
import dev.ferry.hl7.mllp.MllpHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HL7 events that say a patient is coming into pre-fetch requests: an admission or
 * registration (ADT A01, A04, A05), a new order (ORM^O01, OMI^O23) or a scheduled appointment
 * (SIU^S12). Served by an {@link dev.ferry.hl7.mllp.MllpListener}; each patient identifier of the
 * message's first PID-3 (every repetition, with its assigning authority as the issuer) goes to the
 * {@link Sink}, which promotes the patient's history in the migration's scheduler.
 *
 * <p>Acknowledgments (original mode): AA when handled, including a patient Ferry has no studies of;
 * AR for another message type or trigger, an unreadable MSH, or a message HAPI cannot parse; AE
 * when the message names no patient identifier (101) or the sink failed (207). MSA-2 is MSH-10.
 *
 * <p>Thread-safe. Never logs patient identifiers.
 */
public final class PrefetchTriggers implements MllpHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefetchTriggers.class);

    /** The events taken by default, as {@code TYPE^TRIGGER}. */
    public static final Set<String> DEFAULT_EVENTS = Set.of("ADT^A01", "ADT^A04", "ADT^A05", "ORM^O01", "OMI^O23",
            "SIU^S12");

    /** Where a trigger goes: the migration's pre-fetch. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param patient one identifier of the patient
         * @param trigger what asked, without patient data ("HL7 ADT^A04 control ID 123")
         */
        void prefetch(PatientIdentity patient, String trigger);
    }

    private final Sink sink;
    private final Set<String> events;
    private final Clock clock;
    private final HapiContext context;
    private final PipeParser parser;
    private final ReentrantLock lock = new ReentrantLock();

    /** Takes {@link #DEFAULT_EVENTS}. */
    public PrefetchTriggers(Sink sink) {
        this(sink, DEFAULT_EVENTS, Clock.systemUTC());
    }

    /**
     * @param events the events taken, as {@code TYPE^TRIGGER} (e.g. {@code ADT^A04})
     * @param clock the clock of the ACK's MSH-7
     */
    public PrefetchTriggers(Sink sink, Set<String> events, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.events = Set.copyOf(events);
        if (this.events.isEmpty()) {
            throw new IllegalArgumentException("events: at least one is needed");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setAllowUnknownVersions(true);
        parser = context.getPipeParser();
    }

    @Override
    public String handle(byte[] message, Origin origin) {
        String text = AdtParser.normalise(AdtReader.decode(message));
        Optional<MessageHeader> header = MessageHeader.sniff(text);
        Ack ack = decide(text, header);
        LOG.debug("{}: {} MSH-10={} -> {}", origin, header.map(h -> h.messageCode() + "^" + h.triggerEvent())
                .orElse("?"), ack.controlId(), ack.code());
        return ack.encode(header, clock);
    }

    private Ack decide(String text, Optional<MessageHeader> header) {
        if (header.isEmpty()) {
            return new Ack(AckCode.AR, "", "the message does not start with a readable MSH segment", 100);
        }
        MessageHeader h = header.get();
        String id = h.controlId();
        String event = h.messageCode() + "^" + h.triggerEvent();
        if (!events.contains(event)) {
            return new Ack(AckCode.AR, id, "unsupported message type or event for pre-fetch", 200);
        }
        List<PatientIdentity> patients;
        try {
            patients = identifiers(text);
        } catch (HL7Exception | RuntimeException e) {
            return new Ack(AckCode.AR, id, "the message cannot be parsed", 100);
        }
        if (patients.isEmpty()) {
            return new Ack(AckCode.AE, id, "required field missing: PID-3", 101);
        }
        String trigger = "HL7 " + event + " control ID " + id;
        try {
            for (PatientIdentity p : patients) {
                sink.prefetch(p, trigger);
            }
        } catch (RuntimeException e) {
            LOG.warn("pre-fetch for {} failed ({})", trigger, e.getClass().getSimpleName());
            return new Ack(AckCode.AE, id, "application internal error", 207);
        }
        return new Ack(AckCode.AA, id, "", 0);
    }

    /** Every repetition of the first PID's PID-3, each with its assigning authority (namespace, else universal ID). */
    private List<PatientIdentity> identifiers(String text) throws HL7Exception {
        Message m;
        lock.lock();
        try {
            m = parser.parse(text);
        } finally {
            lock.unlock();
        }
        Terser t = new Terser(m);
        Set<PatientIdentity> found = new LinkedHashSet<>();
        for (int rep = 0; rep < 16; rep++) {
            String value = t.get("/.PID-3(" + rep + ")-1");
            if (value == null || value.isBlank()) {
                break;
            }
            String issuer = t.get("/.PID-3(" + rep + ")-4-1");
            if (issuer == null || issuer.isBlank()) {
                issuer = t.get("/.PID-3(" + rep + ")-4-2");
            }
            found.add(PatientIdentity.of(value.strip(), issuer == null ? "" : issuer.strip()));
        }
        return new ArrayList<>(found);
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing the HAPI context: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PrefetchTriggers" + events;
    }
}
