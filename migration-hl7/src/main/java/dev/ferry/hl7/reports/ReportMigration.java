package dev.ferry.hl7.reports;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.ItemRef;
import dev.ferry.api.MigrationException;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.AckCode;
import dev.ferry.hl7.mllp.MllpClient;
import dev.ferry.hl7.orders.AccessionRules;
import dev.ferry.hl7.adt.Hl7Messages;
import dev.ferry.hl7.orders.OrderExport.AccessionField;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates radiology reports: reads ORU^R01 messages from a RIS export (single files, FHS/BHS batches,
 * MLLP captures, via {@link Hl7Messages}), applies the resolved patient identity to PID-3 and the
 * normalised accession number to OBR-18 or OBR-3, forwards each to the destination over MLLP and counts
 * it migrated only when the destination acknowledges it with AA (or CA).
 *
 * <p>What changes in a report: in each PID, the first PID-3 repetition with an ID becomes the resolved
 * identity (CX-1; CX-4-1 with the resolved issuer, CX-4-2/3 cleared, when the issuer changes); in each
 * OBR, the first of the {@link Builder#accessionFields accession fields} that is not empty (OBR-18, then
 * OBR-3, by default) becomes its normalised value. HAPI reads the message (every version into the 2.5.1
 * structures) and re-encodes only the segments that changed; every other segment, Z-segments included,
 * is sent byte for byte as it was read (separators normalised to CR).
 *
 * <p>Outcomes: AA is migrated; AE, AR, no answer within the timeout, an unreachable destination, an
 * unreadable report, a refused identity or an accession that cannot be normalised are
 * {@link ReportFinding}s with their reason, and the run goes on. After a timeout or a transport error the
 * connection is closed and the next report opens a new one (its state is unknown).
 *
 * <p>Custody: each report sent is recorded in the {@link CustodyLog} given, synchronously: an AA as
 * {@link CustodyEvent.Type#STORED}, anything else as {@link CustodyEvent.Type#EXCEPTION_RAISED}, with
 * details {@code kind=hl7-report}, {@code controlId} (MSH-10), {@code accessionKey} (an HMAC-SHA256 of
 * the normalised accession, not the accession), {@code ack} (AA, AE, AR or none), {@code destination},
 * and {@code reason} for an exception; the item is the study when the report names it (OBX 113014
 * "DICOM Study"), else none. Never the report text or a patient value. A report whose custody record
 * fails does not count as migrated (it reached the destination: a resend may duplicate it there).
 *
 * <p>Resumable: reports whose MSH-10 is in {@link Builder#alreadyForwarded} are skipped; each report
 * acknowledged AA is handed to {@link Builder#onForwarded} as soon as it is recorded, so that a caller
 * persisting that set resumes where a crash stopped. A report without MSH-10 is not sent (it could not
 * be resumed nor matched with its ACK).
 *
 * <p>Thread-safe: a run holds a lock; runs are sequential. Logs carry counts, never patient data.
 *
 * @see <a href="https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185">HL7 v2.5.1</a>
 *     chapter 7 (ORU^R01), Appendix C (MLLP)
 */
public final class ReportMigration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportMigration.class);

    /** How each report ended. */
    public enum Delivery {
        /** Acknowledged AA (or CA): migrated. */
        AA,
        /** Acknowledged AE (or CE). */
        AE,
        /** Acknowledged AR (or CR). */
        AR,
        /** Sent, no acknowledgment within the timeout. */
        TIMEOUT,
        /** The destination could not be reached, or answered something that is not an acknowledgment. */
        NETWORK,
        /** Not sent: unreadable, refused identity, accession not normalisable, no MSH-10. */
        NOT_SENT,
        /** Already forwarded by an earlier run. */
        SKIPPED
    }

    /**
     * What a run did.
     *
     * @param counts reports by how they ended (every constant present)
     * @param findings reports not migrated, and why
     * @param problems messages or files that could not be read at all
     * @param forwarded the MSH-10 of every report acknowledged AA in this run, in order
     * @param ignored messages that were not ORU^R01
     */
    public record Result(Map<Delivery, Integer> counts, List<ReportFinding> findings, List<AdtProblem> problems,
                         List<String> forwarded, int ignored) {
        public Result {
            counts = Map.copyOf(counts);
            findings = List.copyOf(findings);
            problems = List.copyOf(problems);
            forwarded = List.copyOf(forwarded);
        }

        public int count(Delivery d) {
            return counts.getOrDefault(d, 0);
        }

        /** Reports migrated in this run: acknowledged AA and recorded in the custody log. */
        public int migrated() {
            return forwarded.size();
        }

        /** Whether every report read was migrated, now or by an earlier run. */
        public boolean allAcknowledged() {
            return findings.isEmpty() && problems.isEmpty();
        }

        @Override
        public String toString() {
            return "Result[" + new TreeMap<>(counts) + ", findings=" + findings.size() + ", problems=" + problems.size()
                    + ", ignored=" + ignored + "]";
        }
    }

    private final InetSocketAddress destination;
    private final Duration timeout;
    private final Function<PatientIdentity, ResolvedIdentity> identity;
    private final AccessionRules rules;
    private final List<AccessionField> accessionFields;
    private final CustodyLog custody;
    private final String actor;
    private final Clock clock;
    private final Set<String> alreadyForwarded;
    private final Consumer<String> onForwarded;
    private final Hl7Messages messages;
    private final byte[] keySecret;
    private final HapiContext context;
    private final PipeParser parser;
    private final ReentrantLock lock = new ReentrantLock();
    private MllpClient client;

    private ReportMigration(Builder b) {
        this.destination = b.destination;
        this.timeout = b.timeout;
        this.identity = b.identity;
        this.rules = b.rules;
        this.accessionFields = b.accessionFields;
        this.custody = b.custody;
        this.actor = b.actor;
        this.clock = b.clock;
        this.alreadyForwarded = Set.copyOf(b.alreadyForwarded);
        this.onForwarded = b.onForwarded;
        this.messages = Hl7Messages.bounded(b.maxMessageBytes);
        this.keySecret = b.keySecret.clone();
        context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setAllowUnknownVersions(true);
        parser = context.getPipeParser();
    }

    /** A migration of reports to the MLLP endpoint at {@code destination}. */
    public static Builder builder(InetSocketAddress destination) {
        return new Builder(destination);
    }

    /** Reads the files and directories (recursively, in path order) and forwards every ORU^R01 in them. */
    public Result run(List<Path> paths) {
        lock.lock();
        try {
            Run run = new Run();
            messages.read(paths, new Hl7Messages.Sink() {
                @Override
                public void message(Hl7Messages.Message m) {
                    run.report(m);
                }

                @Override
                public void problem(AdtProblem problem) {
                    run.problems.add(problem);
                }
            });
            disconnect();
            Result r = new Result(run.counts, run.findings, run.problems, run.forwarded, run.ignored);
            LOG.info("reports to {}: {}", destination, r);
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** The state of one run. */
    private final class Run {
        final Map<Delivery, Integer> counts = new EnumMap<>(Delivery.class);
        final List<ReportFinding> findings = new ArrayList<>();
        final List<AdtProblem> problems = new ArrayList<>();
        final List<String> forwarded = new ArrayList<>();
        int ignored;

        Run() {
            for (Delivery d : Delivery.values()) {
                counts.put(d, 0);
            }
        }

        void count(Delivery d) {
            counts.merge(d, 1, Integer::sum);
        }

        void notSent(Origin origin, String controlId, ReasonCode reason, String detail) {
            count(Delivery.NOT_SENT);
            findings.add(new ReportFinding(origin, controlId, reason, detail));
        }

        void report(Hl7Messages.Message m) {
            MessageHeader header = MessageHeader.sniff(m.er7()).orElse(null);
            if (header == null) {
                notSent(m.origin(), "", ReasonCode.CORRUPT_OBJECT, "the message does not start with a readable MSH segment");
                return;
            }
            if (!header.messageCode().equalsIgnoreCase("ORU")
                    || !(header.triggerEvent().isEmpty() || header.triggerEvent().equalsIgnoreCase("R01"))) {
                ignored++;
                return;
            }
            String controlId = header.controlId();
            if (controlId.isEmpty()) {
                notSent(m.origin(), "", ReasonCode.INVALID_VALUE, "MSH-10 (message control ID) is empty");
                return;
            }
            if (alreadyForwarded.contains(controlId)) {
                count(Delivery.SKIPPED);
                return;
            }
            Rewritten rewritten;
            try {
                rewritten = rewrite(m.er7(), header);
            } catch (Refusal r) {
                notSent(m.origin(), controlId, r.reason, r.getMessage());
                return;
            }
            send(m.origin(), controlId, rewritten);
        }

        private void send(Origin origin, String controlId, Rewritten r) {
            Delivery delivery;
            String detail;
            try {
                if (client == null) {
                    client = MllpClient.connect(destination, timeout);
                }
                Ack ack = client.send(r.er7);
                if (!ack.controlId().isEmpty() && !ack.controlId().equals(controlId)) {
                    disconnect();
                    delivery = Delivery.NETWORK;
                    detail = "the acknowledgment answers another message (MSA-2 differs from MSH-10)";
                } else {
                    delivery = Delivery.valueOf(ack.code().name());
                    detail = ack.code() == AckCode.AA ? "" : "acknowledged " + ack.code()
                            + (ack.errorCode() == 0 ? "" : " (ERR-3 " + ack.errorCode() + ")");
                }
            } catch (SocketTimeoutException e) {
                disconnect();
                delivery = Delivery.TIMEOUT;
                detail = "no acknowledgment within " + timeout.toMillis() + " ms";
            } catch (IOException e) {
                disconnect();
                delivery = Delivery.NETWORK;
                detail = "cannot deliver to " + destination + " (" + e.getClass().getSimpleName() + ")";
            }
            ReasonCode reason = switch (delivery) {
                case AA -> null;
                case AE, AR -> ReasonCode.REFUSED;
                case TIMEOUT -> ReasonCode.TIMEOUT;
                default -> ReasonCode.NETWORK;
            };
            count(delivery);
            boolean recorded = true;
            try {
                record(r, controlId, delivery, reason);
            } catch (MigrationException | UncheckedIOException e) {
                recorded = false;
                findings.add(new ReportFinding(origin, controlId, ReasonCode.CUSTODY_FAILURE, "sent (" + delivery
                        + ") but the custody log cannot record it (" + e.getClass().getSimpleName() + ")"));
            }
            if (delivery != Delivery.AA) {
                findings.add(new ReportFinding(origin, controlId, reason, detail));
            } else if (recorded) {
                forwarded.add(controlId);
                onForwarded.accept(controlId);
            }
        }

        private void record(Rewritten r, String controlId, Delivery delivery, ReasonCode reason) {
            if (custody == null) {
                return;
            }
            Map<String, String> details = new TreeMap<>();
            details.put("kind", "hl7-report");
            details.put("messageType", "ORU^R01");
            details.put("controlId", controlId);
            details.put("accessionKey", r.accessionKey);
            details.put("ack", switch (delivery) {
                case AA, AE, AR -> delivery.name();
                default -> "none";
            });
            details.put("destination", destination.getHostString() + ":" + destination.getPort());
            if (reason != null) {
                details.put("reason", reason.name());
            }
            ItemRef item = r.studyUid.isEmpty() ? ItemRef.NONE : ItemRef.study(r.studyUid);
            custody.append(CustodyEvent.of(clock.instant(),
                    delivery == Delivery.AA ? CustodyEvent.Type.STORED : CustodyEvent.Type.EXCEPTION_RAISED,
                    actor, item, details));
        }
    }

    /** The report to send, its accession key and the study it names. */
    private record Rewritten(String er7, String accessionKey, String studyUid) {}

    /** Why a report cannot be sent; the message names fields and rules only. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient ReasonCode reason;

        Refusal(ReasonCode reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private Rewritten rewrite(String er7, MessageHeader header) throws Refusal {
        Message message;
        try {
            message = parser.parse(er7);
        } catch (HL7Exception | RuntimeException e) {
            throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI cannot parse the message (" + e.getClass().getSimpleName() + ")");
        }
        List<Segment> segments = new ArrayList<>();
        try {
            walk(message, segments);
        } catch (HL7Exception e) {
            throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI cannot read the message's segments ("
                    + e.getClass().getSimpleName() + ")");
        }
        List<PID> pids = new ArrayList<>();
        List<OBR> obrs = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof PID p) {
                pids.add(p);
            } else if (s instanceof OBR o) {
                obrs.add(o);
            }
        }
        if (pids.isEmpty()) {
            throw new Refusal(ReasonCode.INVALID_VALUE, "no PID segment");
        }
        Set<String> accessions = new LinkedHashSet<>();
        try {
            for (PID pid : pids) {
                resolve(pid);
            }
            for (int i = 0; i < obrs.size(); i++) {
                accessions.add(normalise(obrs.get(i), i + 1));
            }
        } catch (HL7Exception e) {
            throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI cannot change the message (" + e.getClass().getSimpleName() + ")");
        }
        accessions.remove("");
        String text;
        try {
            text = splice(er7, header, pids, obrs, EncodingCharacters.getInstance(message));
        } catch (HL7Exception e) {
            throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI cannot encode the message's encoding characters");
        }
        return new Rewritten(text, accessionKey(String.join("\\", accessions)), studyUid(er7, header));
    }

    private void resolve(PID pid) throws HL7Exception, Refusal {
        for (CX cx : pid.getPatientIdentifierList()) {
            String id = value(cx.getIDNumber().getValue());
            if (id.isEmpty()) {
                continue;
            }
            String ns = value(cx.getAssigningAuthority().getNamespaceID().getValue());
            String issuer = ns.isEmpty() ? value(cx.getAssigningAuthority().getUniversalID().getValue()) : ns;
            ResolvedIdentity resolved;
            try {
                resolved = identity.apply(PatientIdentity.of(id, issuer));
            } catch (MigrationException e) {
                throw new Refusal(e.reason(), "the identity resolver refused PID-3 (" + e.reason() + ")");
            }
            if (resolved == null) {
                throw new Refusal(ReasonCode.IDENTITY_UNRESOLVED, "the identity resolver gave no identity for PID-3");
            }
            PatientIdentity p = resolved.patient();
            cx.getIDNumber().setValue(p.id());
            if (!p.issuer().equals(issuer)) {
                cx.getAssigningAuthority().getNamespaceID().setValue(p.issuer());
                cx.getAssigningAuthority().getUniversalID().setValue(null);
                cx.getAssigningAuthority().getUniversalIDType().setValue(null);
            }
            return;
        }
        throw new Refusal(ReasonCode.INVALID_VALUE, "PID-3 has no identifier");
    }

    /** Normalises the OBR's accession in place; returns the normalised value, empty when the OBR has none. */
    private String normalise(OBR obr, int n) throws HL7Exception, Refusal {
        for (AccessionField f : accessionFields) {
            String raw = switch (f) {
                case OBR_18 -> value(obr.getPlacerField1().getValue());
                case OBR_3 -> value(obr.getFillerOrderNumber().getEntityIdentifier().getValue());
                case IPC_1 -> "";
            };
            if (raw.isEmpty()) {
                continue;
            }
            AccessionRules.Outcome o = rules.normalise(raw);
            if (o instanceof AccessionRules.Outcome.Refused r) {
                throw new Refusal(ReasonCode.INVALID_VALUE, "the accession in " + f.name().replace('_', '-') + " of OBR "
                        + n + " cannot be normalised: " + r.refusal() + ", " + r.detail());
            }
            String v = ((AccessionRules.Outcome.Normalised) o).value();
            if (f == AccessionField.OBR_18) {
                obr.getPlacerField1().setValue(v);
            } else {
                obr.getFillerOrderNumber().getEntityIdentifier().setValue(v);
            }
            return v;
        }
        return "";
    }

    /** The original text with its PID and OBR segments replaced by HAPI's encoding of the changed ones. */
    private static String splice(String er7, MessageHeader header, List<PID> pids, List<OBR> obrs, EncodingCharacters enc)
            throws Refusal {
        String[] lines = er7.split("\r", -1);
        int pid = 0;
        int obr = 0;
        StringBuilder out = new StringBuilder(er7.length() + 64);
        String fs = String.valueOf(header.fieldSeparator());
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String name = line.length() >= 3 ? line.substring(0, 3) : line;
            boolean segmentStart = line.length() == 3 || line.startsWith(fs, 3);
            if (segmentStart && name.equals("PID")) {
                if (pid >= pids.size()) {
                    throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI read fewer PID segments than the message has");
                }
                out.append(PipeParser.encode(pids.get(pid++), enc));
            } else if (segmentStart && name.equals("OBR")) {
                if (obr >= obrs.size()) {
                    throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI read fewer OBR segments than the message has");
                }
                out.append(PipeParser.encode(obrs.get(obr++), enc));
            } else {
                out.append(line);
            }
            out.append('\r');
        }
        if (pid != pids.size() || obr != obrs.size()) {
            throw new Refusal(ReasonCode.CORRUPT_OBJECT, "HAPI read more PID or OBR segments than the message has");
        }
        return out.toString();
    }

    /** OBX-5 of the OBX whose OBX-3 is DCM 113014 (DICOM Study): the report's Study Instance UID. */
    private static String studyUid(String er7, MessageHeader header) {
        Pattern fs = Pattern.compile(Pattern.quote(String.valueOf(header.fieldSeparator())));
        String cs = header.encodingCharacters().isEmpty() ? "^" : header.encodingCharacters().substring(0, 1);
        for (String line : er7.split("\r")) {
            if (!line.startsWith("OBX")) {
                continue;
            }
            String[] f = fs.split(line, -1);
            if (f.length > 5 && f[3].split(Pattern.quote(cs), -1)[0].strip().equals("113014")) {
                String uid = f[5].strip();
                return uid.matches("[0-9.]{1,64}") ? uid : "";
            }
        }
        return "";
    }

    private String accessionKey(String normalised) {
        if (normalised.isEmpty()) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keySecret, "HmacSHA256"));
            byte[] h = mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
            return "hmac-sha256:" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
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

    private static String value(String v) {
        if (v == null) {
            return "";
        }
        String s = v.strip();
        return s.equals("\"\"") ? "" : s;
    }

    private void disconnect() {
        MllpClient c = client;
        client = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing the connection to {} failed ({})", destination, e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            disconnect();
            context.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ReportMigration[to " + destination + ", timeout=" + timeout + ", fields=" + accessionFields + "]";
    }

    /** Options of a {@link ReportMigration}. */
    public static final class Builder {
        private final InetSocketAddress destination;
        private Duration timeout = Duration.ofSeconds(30);
        private Function<PatientIdentity, ResolvedIdentity> identity =
                p -> new ResolvedIdentity(p, null, null, List.of("unchanged"));
        private AccessionRules rules = AccessionRules.dicomDefaults();
        private List<AccessionField> accessionFields = List.of(AccessionField.OBR_18, AccessionField.OBR_3);
        private CustodyLog custody;
        private String actor = "ferry:reports";
        private Clock clock = Clock.systemUTC();
        private Set<String> alreadyForwarded = Set.of();
        private Consumer<String> onForwarded = id -> { };
        private int maxMessageBytes = 16 << 20;
        private byte[] keySecret;

        private Builder(InetSocketAddress destination) {
            this.destination = Objects.requireNonNull(destination, "destination");
        }

        /** Connect timeout and the wait for each acknowledgment; default 30 seconds. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The destination identity of a PID-3 identifier (a merge history's survivor, an MPI's answer);
         * a {@link MigrationException} it throws refuses the report with its reason. Default: unchanged.
         */
        public Builder identity(Function<PatientIdentity, ResolvedIdentity> identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** The destination's accession format; default {@link AccessionRules#dicomDefaults()}. */
        public Builder accessionRules(AccessionRules rules) {
            this.rules = Objects.requireNonNull(rules, "accessionRules");
            return this;
        }

        /** Where each OBR carries its accession, first non-empty wins; default OBR-18, then OBR-3. */
        public Builder accessionFields(List<AccessionField> fields) {
            if (fields == null || fields.isEmpty() || fields.contains(AccessionField.IPC_1)) {
                throw new IllegalArgumentException("accessionFields: OBR_18 and/or OBR_3 (an ORU has no IPC)");
            }
            this.accessionFields = List.copyOf(fields);
            return this;
        }

        /** The custody log to record each report sent in, and the actor named; none by default. */
        public Builder custody(CustodyLog log, String actor) {
            this.custody = Objects.requireNonNull(log, "custody");
            if (actor == null || actor.isBlank()) {
                throw new IllegalArgumentException("actor: empty");
            }
            this.actor = actor;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** MSH-10s forwarded by earlier runs: skipped. */
        public Builder alreadyForwarded(Set<String> controlIds) {
            this.alreadyForwarded = Objects.requireNonNull(controlIds, "alreadyForwarded");
            return this;
        }

        /** Called with each MSH-10 acknowledged AA (and recorded), on the running thread. */
        public Builder onForwarded(Consumer<String> onForwarded) {
            this.onForwarded = Objects.requireNonNull(onForwarded, "onForwarded");
            return this;
        }

        /** The largest report read; default 16 MiB (reports may embed a PDF). */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 64) {
                throw new IllegalArgumentException("maxMessageBytes: must be at least 64, was " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /**
         * The secret keying the custody log's {@code accessionKey} (HMAC-SHA256), so that the same accession
         * gives the same key across runs; default a random secret per migration object (keys then compare
         * within one run only).
         */
        public Builder accessionKeySecret(byte[] secret) {
            if (secret == null || secret.length < 16) {
                throw new IllegalArgumentException("accessionKeySecret: at least 16 bytes");
            }
            this.keySecret = secret.clone();
            return this;
        }

        public ReportMigration build() {
            if (keySecret == null) {
                keySecret = new byte[32];
                new SecureRandom().nextBytes(keySecret);
            }
            return new ReportMigration(this);
        }
    }
}
