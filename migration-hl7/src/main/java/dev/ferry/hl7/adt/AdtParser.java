package dev.ferry.hl7.adt;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.segment.EVN;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads one ER7 (pipe-encoded) ADT message into an {@link AdtEvent} with HAPI HL7v2. Every version is
 * parsed into the 2.5.1 structures (HAPI's {@link CanonicalModelClassFactory}), so one code path reads
 * 2.3, 2.3.1, 2.4, 2.5 and 2.5.1 (and older or newer versions as far as their fields agree); HAPI's
 * validation is off, because real senders break its rules in ways that do not matter here, and this
 * class checks what does: an identifier in PID-3, a prior identifier in MRG-1 for a merge, a usable
 * event time. Segments the structure does not expect, Z-segments included, do not fail the message;
 * Z-segments are kept as text.
 *
 * <p>Thread-safe: HAPI's parser is used under a lock (parsing is CPU work only).
 *
 * @see <a href="https://hapifhir.github.io/hapi-hl7v2/">HAPI HL7v2</a>, HL7 v2.5.1 chapter 3 (patient administration)
 */
public final class AdtParser implements AutoCloseable {
    /**
     * Account and visit merges (A35, A41, A42): the MRG names an account or a visit, and MRG-1 only when
     * a patient identifier moves too, so an MRG without MRG-1 is a merge within one patient, not an error.
     */
    private static final Set<String> WITHIN_PATIENT = Set.of("A35", "A41", "A42");

    private final HapiContext context;
    private final PipeParser parser;
    private final ReentrantLock lock = new ReentrantLock();

    /** What one message came to: an event, a message of no interest to the ADT history, or a problem. */
    public sealed interface Result {
        /** An ADT event with at least one patient. */
        record Event(AdtEvent event) implements Result {}

        /** Readable, but not an ADT message about a patient (an ORU, an ACK, an A20 bed status...). */
        record Ignored(Origin origin, String controlId, String type) implements Result {}

        /** Unreadable or incomplete; the message is skipped. */
        record Problem(AdtProblem problem) implements Result {}
    }

    public AdtParser() {
        context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setAllowUnknownVersions(true);
        parser = context.getPipeParser();
    }

    /**
     * Reads one message.
     *
     * @param er7 the message, segments separated by CR, LF or CRLF
     * @param origin where it came from, named by any problem
     */
    public Result parse(String er7, Origin origin) {
        Objects.requireNonNull(er7, "er7");
        Objects.requireNonNull(origin, "origin");
        String text = normalise(er7);
        Optional<MessageHeader> header = MessageHeader.sniff(text);
        if (header.isEmpty()) {
            return problem(origin, AdtProblem.Kind.UNPARSEABLE, "", "the message does not start with a readable MSH segment");
        }
        String controlId = header.get().controlId();
        Message message;
        lock.lock();
        try {
            message = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's message may quote field content: name the failure's class and segment, not the text.
            return problem(origin, AdtProblem.Kind.UNPARSEABLE, controlId, "HAPI cannot parse the message ("
                    + e.getClass().getSimpleName() + where(e) + ")");
        } finally {
            lock.unlock();
        }
        try {
            return read(message, text, origin, controlId);
        } catch (HL7Exception e) {
            return problem(origin, AdtProblem.Kind.UNPARSEABLE, controlId, "HAPI cannot read the message's segments ("
                    + e.getClass().getSimpleName() + where(e) + ")");
        }
    }

    private static String where(Exception e) {
        if (e instanceof HL7Exception h && h.getLocation() != null && h.getLocation().getSegmentName() != null) {
            return " at " + h.getLocation().getSegmentName()
                    + (h.getLocation().getField() > 0 ? "-" + h.getLocation().getField() : "");
        }
        return "";
    }

    /** HAPI wants CR between segments: LF and CRLF become CR, trailing blank lines go. */
    public static String normalise(String er7) {
        String s = er7.replace("\r\n", "\r").replace('\n', '\r');
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }

    private Result read(Message message, String text, Origin origin, String headerControlId) throws HL7Exception {
        List<Segment> segments = new ArrayList<>();
        walk(message, segments);
        MSH msh = null;
        EVN evn = null;
        for (Segment s : segments) {
            if (msh == null && s instanceof MSH m) {
                msh = m;
            } else if (evn == null && s instanceof EVN e) {
                evn = e;
            }
        }
        if (msh == null) {
            return problem(origin, AdtProblem.Kind.UNPARSEABLE, headerControlId, "HAPI read no MSH segment");
        }
        String controlId = value(msh.getMessageControlID().getValue());
        String code = value(msh.getMessageType().getMessageCode().getValue()).toUpperCase(Locale.ROOT);
        String trigger = value(msh.getMessageType().getTriggerEvent().getValue()).toUpperCase(Locale.ROOT);
        if (trigger.isEmpty() && evn != null) {
            trigger = value(evn.getEventTypeCode().getValue()).toUpperCase(Locale.ROOT);
        }
        if (!code.equals("ADT")) {
            return new Result.Ignored(origin, controlId, code + "^" + trigger);
        }
        String structure = message.getName();
        String version = value(msh.getVersionID().getVersionID().getValue());
        EventKind kind = EventKind.ofTrigger(trigger);

        Optional<Instant> time = Optional.empty();
        if (evn != null) {
            time = Hl7Times.parse(evn.getRecordedDateTime().getTime().getValue());
        }
        if (time.isEmpty()) {
            time = Hl7Times.parse(msh.getDateTimeOfMessage().getTime().getValue());
        }
        if (time.isEmpty()) {
            return invalid(origin, controlId, "ADT^" + trigger + " has no usable event time (EVN-2, MSH-7)");
        }

        List<AdtPatient> patients = new ArrayList<>();
        PID pid = null;
        List<PatientIdentity> ids = null;
        for (Segment s : segments) {
            if (s instanceof PID p) {
                if (pid != null) {
                    patients.add(new AdtPatient(ids, List.of(), demographics(pid), null));
                }
                pid = p;
                ids = identifiers(p);
                if (ids.isEmpty()) {
                    if (kind == EventKind.OTHER) {
                        pid = null; // a registration-like event about no identifiable patient: nothing to keep
                        continue;
                    }
                    return invalid(origin, controlId, "ADT^" + trigger + ": a PID segment has no identifier in PID-3 (or PID-2)");
                }
            } else if (s instanceof MRG mrg) {
                if (pid == null && kind == EventKind.OTHER) {
                    continue;
                }
                if (pid == null) {
                    return invalid(origin, controlId, "ADT^" + trigger + ": an MRG segment has no PID before it");
                }
                List<PatientIdentity> prior = priorIdentifiers(mrg);
                if (prior.isEmpty() && kind.retiresIdentifiers() && !WITHIN_PATIENT.contains(trigger)) {
                    return invalid(origin, controlId, "ADT^" + trigger + ": MRG-1 (and MRG-4) name no prior identifier");
                }
                patients.add(new AdtPatient(ids, prior, demographics(pid), priorName(mrg)));
                pid = null;
            }
        }
        if (pid != null) {
            patients.add(new AdtPatient(ids, List.of(), demographics(pid), null));
        }
        if (patients.isEmpty()) {
            if (kind == EventKind.OTHER) {
                return new Result.Ignored(origin, controlId, "ADT^" + trigger);
            }
            return invalid(origin, controlId, "ADT^" + trigger + " has no PID segment");
        }
        if (kind.retiresIdentifiers() && !WITHIN_PATIENT.contains(trigger)
                && patients.stream().allMatch(p -> p.priorIdentifiers().isEmpty())) {
            return invalid(origin, controlId, "ADT^" + trigger + " has no MRG segment (the prior identifier)");
        }
        if (kind == EventKind.UNLINK && patients.size() < 2) {
            return invalid(origin, controlId, "ADT^A37 needs two PID segments (the patients to unlink)");
        }
        return new Result.Event(new AdtEvent(origin, controlId, trigger, structure, version, time.get(), kind,
                patients, zSegments(text)));
    }

    private static void walk(Group group, List<Segment> out) throws HL7Exception {
        for (String name : group.getNames()) {
            for (Structure s : group.getAll(name)) {
                if (s instanceof Segment seg) {
                    out.add(seg);
                } else if (s instanceof Group g) {
                    walk(g, out);
                }
            }
        }
    }

    private static List<PatientIdentity> identifiers(PID pid) {
        List<PatientIdentity> out = new ArrayList<>();
        for (CX cx : pid.getPatientIdentifierList()) {
            add(out, cx);
        }
        if (out.isEmpty()) {
            add(out, pid.getPatientID());
        }
        return out;
    }

    private static List<PatientIdentity> priorIdentifiers(MRG mrg) {
        List<PatientIdentity> out = new ArrayList<>();
        for (CX cx : mrg.getPriorPatientIdentifierList()) {
            add(out, cx);
        }
        if (out.isEmpty()) {
            add(out, mrg.getPriorPatientID());
        }
        return out;
    }

    private static void add(List<PatientIdentity> out, CX cx) {
        String id = value(cx.getIDNumber().getValue());
        if (id.isEmpty()) {
            return;
        }
        PatientIdentity p = PatientIdentity.of(id, issuer(cx.getAssigningAuthority()));
        if (!out.contains(p)) {
            out.add(p);
        }
    }

    /** The assigning authority's namespace ID (HD-1), else its universal ID (HD-2). */
    private static String issuer(HD hd) {
        String ns = value(hd.getNamespaceID().getValue());
        return ns.isEmpty() ? value(hd.getUniversalID().getValue()) : ns;
    }

    private static Demographics demographics(PID pid) {
        XPN[] names = pid.getPatientName();
        String name = names.length == 0 ? "" : personName(names[0]);
        String birth = value(pid.getDateTimeOfBirth().getTime().getValue());
        if (birth.length() > 8) {
            birth = birth.substring(0, 8);
        }
        return new Demographics(name, birth, value(pid.getAdministrativeSex().getValue()).toUpperCase(Locale.ROOT));
    }

    private static Demographics priorName(MRG mrg) {
        XPN[] names = mrg.getPriorPatientName();
        return names.length == 0 ? Demographics.UNKNOWN : new Demographics(personName(names[0]), "", "");
    }

    /** XPN (family^given^middle^suffix^prefix) as a DICOM PN (family^given^middle^prefix^suffix). */
    static String personName(XPN xpn) {
        String[] pn = {
            value(xpn.getFamilyName().getSurname().getValue()),
            value(xpn.getGivenName().getValue()),
            value(xpn.getSecondAndFurtherGivenNamesOrInitialsThereof().getValue()),
            value(xpn.getPrefixEgDR().getValue()),
            value(xpn.getSuffixEgJRorIII().getValue())
        };
        int last = pn.length;
        while (last > 0 && pn[last - 1].isEmpty()) {
            last--;
        }
        return String.join("^", Arrays.copyOf(pn, last));
    }

    private static List<String> zSegments(String text) {
        List<String> out = new ArrayList<>();
        for (String segment : text.split("\r")) {
            if (segment.length() >= 3 && segment.charAt(0) == 'Z') {
                out.add(segment);
            }
        }
        return out;
    }

    /** HAPI gives null for an absent value and {@code ""} (two quotes) for an explicit null in ER7. */
    private static String value(String v) {
        if (v == null) {
            return "";
        }
        String s = v.strip();
        return s.equals("\"\"") ? "" : s;
    }

    private static Result problem(Origin origin, AdtProblem.Kind kind, String controlId, String detail) {
        return new Result.Problem(new AdtProblem(origin, kind, controlId, detail));
    }

    private static Result invalid(Origin origin, String controlId, String detail) {
        return problem(origin, AdtProblem.Kind.INVALID_CONTENT, controlId, detail);
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
