package dev.ferry.hl7.orders;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import ca.uhn.hl7v2.model.v251.segment.IPC;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.TQ1;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.Hl7Messages;
import dev.ferry.hl7.adt.Hl7Times;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.adt.Origin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reads an order export: the RIS's imaging orders, as ORM^O01 or OMI^O23 messages (single files,
 * FHS/BHS batches, MLLP captures, through {@link Hl7Messages}) or as CSV. Each order (each OBR of a
 * message) gives an {@link Order}: its accession number, PID-3's first identifier, the Study Instance
 * UID when the order names one, and the order time.
 *
 * <p>Where the accession number is: IHE Scheduled Workflow puts it in OBR-18 (Placer Field 1) of the
 * ORM^O01 of HL7 v2.3.1, and in IPC-1 (Accession Identifier) of the OMI^O23 of v2.5.1, with the Study
 * Instance UID in IPC-3 (ZDS-1 in the ORM); some RIS use the filler order number OBR-3 instead. The
 * fields to look in, in order, are {@link Builder#accessionFields configurable}: IPC-1 then OBR-18 by
 * default; OBR-3 only when asked for, since every order has a filler number and most are not accessions.
 *
 * <p>CSV: a header row naming the columns {@code accession}, {@code patient_id}, {@code issuer} and
 * optionally {@code study_instance_uid} and {@code order_time} (an HL7 DTM), in any order; RFC 4180
 * quoting. A file is read as CSV when its name ends in {@code .csv}.
 *
 * <p>A message or row that cannot be used is an {@link AdtProblem} naming the file and line (never a
 * value), and reading goes on. Messages of other types are counted as ignored. HAPI parses every version
 * into the 2.5.1 structures, validation off, as {@link dev.ferry.hl7.adt.AdtParser} does.
 *
 * <p>Thread-safe: HAPI is used under a lock.
 */
public final class OrderExport implements AutoCloseable {
    /** A field an accession number may be in. */
    public enum AccessionField {
        /** IPC-1 Accession Identifier (OMI^O23, v2.5 and later), entity identifier EI-1. */
        IPC_1,
        /** OBR-18 Placer Field 1 (IHE's ORM^O01). */
        OBR_18,
        /** OBR-3 Filler Order Number, EI-1 (some RIS). */
        OBR_3
    }

    /** What was read. */
    public record Summary(int files, int messages, int orders, int ignored, int problems) {}

    private final List<AccessionField> fields;
    private final Hl7Messages messages;
    private final HapiContext context;
    private final PipeParser parser;
    private final ReentrantLock lock = new ReentrantLock();

    private OrderExport(Builder b) {
        this.fields = List.copyOf(b.fields);
        this.messages = Hl7Messages.bounded(b.maxMessageBytes);
        context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setValidating(false);
        context.getParserConfiguration().setAllowUnknownVersions(true);
        parser = context.getPipeParser();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A reader with the defaults: IPC-1 then OBR-18. */
    public static OrderExport create() {
        return builder().build();
    }

    /**
     * Reads files and directories (recursively, in path order), handing each order and each problem over
     * as it is read: nothing is held beyond one message.
     */
    public Summary read(List<Path> paths, Consumer<? super Order> orders, Consumer<? super AdtProblem> problems) {
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(problems, "problems");
        int[] counts = new int[5];
        List<Path> hl7 = new ArrayList<>();
        List<Path> csv = new ArrayList<>();
        for (Path p : paths) {
            (isCsv(p) ? csv : hl7).add(p);
        }
        Hl7Messages.Sink sink = new Hl7Messages.Sink() {
            @Override
            public void message(Hl7Messages.Message m) {
                counts[1]++;
                readMessage(m.er7(), m.origin(), o -> {
                    counts[2]++;
                    orders.accept(o);
                }, p -> {
                    counts[4]++;
                    problems.accept(p);
                }, () -> counts[3]++);
            }

            @Override
            public void problem(AdtProblem problem) {
                counts[4]++;
                problems.accept(problem);
            }
        };
        counts[0] += messages.read(hl7, sink);
        for (Path f : csv) {
            counts[0]++;
            readCsv(f, o -> {
                counts[2]++;
                orders.accept(o);
            }, p -> {
                counts[4]++;
                problems.accept(p);
            });
        }
        return new Summary(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /** Reads everything into memory: for small exports and tests. */
    public List<Order> readAll(List<Path> paths, List<AdtProblem> problems) {
        List<Order> out = new ArrayList<>();
        read(paths, out::add, problems::add);
        return out;
    }

    private static boolean isCsv(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".csv") && !Files.isDirectory(p);
    }

    /** Reads the orders of one ER7 message (CR between segments). */
    void readMessage(String er7, Origin origin, Consumer<Order> orders, Consumer<AdtProblem> problems, Runnable ignored) {
        Optional<MessageHeader> header = MessageHeader.sniff(er7);
        if (header.isEmpty()) {
            problems.accept(new AdtProblem(origin, AdtProblem.Kind.UNPARSEABLE, "",
                    "the message does not start with a readable MSH segment"));
            return;
        }
        String type = header.get().messageCode().toUpperCase(Locale.ROOT);
        String controlId = header.get().controlId();
        if (!type.equals("ORM") && !type.equals("OMI")) {
            ignored.run();
            return;
        }
        Message message;
        lock.lock();
        try {
            message = parser.parse(er7);
        } catch (HL7Exception | RuntimeException e) {
            problems.accept(new AdtProblem(origin, AdtProblem.Kind.UNPARSEABLE, controlId,
                    "HAPI cannot parse the message (" + e.getClass().getSimpleName() + ")"));
            return;
        } finally {
            lock.unlock();
        }
        try {
            read(message, er7, header.get(), origin, controlId, orders, problems);
        } catch (HL7Exception e) {
            problems.accept(new AdtProblem(origin, AdtProblem.Kind.UNPARSEABLE, controlId,
                    "HAPI cannot read the message's segments (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private void read(Message message, String er7, MessageHeader header, Origin origin, String controlId,
                      Consumer<Order> orders, Consumer<AdtProblem> problems) throws HL7Exception {
        List<Segment> segments = new ArrayList<>();
        walk(message, segments);
        Instant messageTime = null;
        PatientIdentity patient = null;
        List<Pending> pending = new ArrayList<>();
        Instant orcTime = null;
        Instant tq1Time = null;
        for (Segment s : segments) {
            if (s instanceof MSH msh) {
                messageTime = Hl7Times.parse(msh.getDateTimeOfMessage().getTime().getValue()).orElse(null);
            } else if (s instanceof PID pid && patient == null) {
                patient = firstIdentifier(pid).orElse(null);
            } else if (s instanceof ORC orc) {
                orcTime = Hl7Times.parse(orc.getDateTimeOfTransaction().getTime().getValue()).orElse(null);
                tq1Time = null;
            } else if (s instanceof TQ1 tq1) {
                tq1Time = Hl7Times.parse(tq1.getStartDateTime().getTime().getValue()).orElse(null);
            } else if (s instanceof OBR obr) {
                Pending p = new Pending();
                p.obr18 = value(obr.getPlacerField1().getValue());
                p.obr3 = value(obr.getFillerOrderNumber().getEntityIdentifier().getValue());
                p.time = orcTime != null ? orcTime : tq1Time;
                pending.add(p);
            } else if (s instanceof IPC ipc && !pending.isEmpty()) {
                Pending p = pending.get(pending.size() - 1);
                String acc = value(ipc.getAccessionIdentifier().getEntityIdentifier().getValue());
                if (!acc.isEmpty()) {
                    p.ipc1.add(acc);
                }
                String uid = value(ipc.getStudyInstanceUID().getEntityIdentifier().getValue());
                if (p.studyUid.isEmpty()) {
                    p.studyUid = uid;
                }
            }
        }
        if (patient == null) {
            problems.accept(new AdtProblem(origin, AdtProblem.Kind.INVALID_CONTENT, controlId,
                    "no patient identifier in PID-3 (or PID-2)"));
            return;
        }
        if (pending.isEmpty()) {
            problems.accept(new AdtProblem(origin, AdtProblem.Kind.INVALID_CONTENT, controlId, "no OBR segment"));
            return;
        }
        String zds = zds1(er7, header);
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Set<String> accessions = accessions(p);
            if (accessions.isEmpty()) {
                problems.accept(new AdtProblem(origin, AdtProblem.Kind.INVALID_CONTENT, controlId, "OBR " + (i + 1)
                        + " has no accession number in " + fields));
                continue;
            }
            String uid = !p.studyUid.isEmpty() ? p.studyUid : pending.size() == 1 ? zds : "";
            Instant time = p.time != null ? p.time : messageTime;
            for (String a : accessions) {
                orders.accept(new Order(origin, controlId, a, patient, uid, time));
            }
        }
    }

    private Set<String> accessions(Pending p) {
        for (AccessionField f : fields) {
            Set<String> found = new LinkedHashSet<>();
            switch (f) {
                case IPC_1 -> found.addAll(p.ipc1);
                case OBR_18 -> {
                    if (!p.obr18.isEmpty()) {
                        found.add(p.obr18);
                    }
                }
                case OBR_3 -> {
                    if (!p.obr3.isEmpty()) {
                        found.add(p.obr3);
                    }
                }
                default -> throw new AssertionError(f);
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return Set.of();
    }

    /** One OBR and the IPC segments after it. */
    private static final class Pending {
        String obr18 = "";
        String obr3 = "";
        final List<String> ipc1 = new ArrayList<>(1);
        String studyUid = "";
        Instant time;
    }

    /** ZDS-1-1 (IHE's Study Instance UID segment of the ORM), read from the text: HAPI keeps Z-segments generic. */
    private static String zds1(String er7, MessageHeader header) {
        for (String segment : er7.split("\r")) {
            if (segment.startsWith("ZDS") && segment.length() > 4) {
                String[] f = segment.split(java.util.regex.Pattern.quote(String.valueOf(header.fieldSeparator())), -1);
                if (f.length > 1) {
                    String cs = header.encodingCharacters().isEmpty() ? "^" : header.encodingCharacters().substring(0, 1);
                    return f[1].split(java.util.regex.Pattern.quote(cs), -1)[0].strip();
                }
            }
        }
        return "";
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

    static Optional<PatientIdentity> firstIdentifier(PID pid) {
        for (CX cx : pid.getPatientIdentifierList()) {
            Optional<PatientIdentity> id = identity(cx);
            if (id.isPresent()) {
                return id;
            }
        }
        return identity(pid.getPatientID());
    }

    private static Optional<PatientIdentity> identity(CX cx) {
        String id = value(cx.getIDNumber().getValue());
        return id.isEmpty() ? Optional.empty() : Optional.of(PatientIdentity.of(id, issuer(cx.getAssigningAuthority())));
    }

    /** The assigning authority's namespace ID (HD-1), else its universal ID (HD-2). */
    static String issuer(HD hd) {
        String ns = value(hd.getNamespaceID().getValue());
        return ns.isEmpty() ? value(hd.getUniversalID().getValue()) : ns;
    }

    /** HAPI gives null for an absent value and {@code ""} (two quotes) for an explicit null. */
    static String value(String v) {
        if (v == null) {
            return "";
        }
        String s = v.strip();
        return s.equals("\"\"") ? "" : s;
    }

    // ---- CSV ------------------------------------------------------------------------------------

    private static void readCsv(Path f, Consumer<Order> orders, Consumer<AdtProblem> problems) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            int line = 0;
            int[] columns = null;
            for (String text; (text = r.readLine()) != null; ) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                Origin origin = new Origin(f.toString(), line);
                List<String> cells = Csv.split(text);
                if (cells == null) {
                    problems.accept(new AdtProblem(origin, AdtProblem.Kind.UNPARSEABLE, "", "an unterminated quote"));
                    continue;
                }
                if (columns == null) {
                    columns = header(cells);
                    if (columns == null) {
                        problems.accept(new AdtProblem(origin, AdtProblem.Kind.UNPARSEABLE, "",
                                "the header must name the columns accession, patient_id and issuer; file skipped"));
                        return;
                    }
                    continue;
                }
                String accession = cell(cells, columns[0]);
                String id = cell(cells, columns[1]);
                if (accession.isEmpty() || id.isEmpty()) {
                    problems.accept(new AdtProblem(origin, AdtProblem.Kind.INVALID_CONTENT, "",
                            accession.isEmpty() ? "the accession column is empty" : "the patient_id column is empty"));
                    continue;
                }
                Instant time = null;
                String t = cell(cells, columns[4]);
                if (!t.isEmpty()) {
                    time = Hl7Times.parse(t).orElse(null);
                    if (time == null) {
                        problems.accept(new AdtProblem(origin, AdtProblem.Kind.INVALID_CONTENT, "",
                                "order_time is not an HL7 date/time; the order is kept without it"));
                    }
                }
                orders.accept(new Order(origin, "", accession, PatientIdentity.of(id, cell(cells, columns[2])),
                        cell(cells, columns[3]), time));
            }
        } catch (IOException | UncheckedIOException e) {
            problems.accept(new AdtProblem(new Origin(f.toString(), 0), AdtProblem.Kind.UNREADABLE, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** Column positions of accession, patient_id, issuer, study_instance_uid, order_time (-1 absent). */
    private static int[] header(List<String> cells) {
        int[] c = {-1, -1, -1, -1, -1};
        List<String> names = List.of("accession", "patient_id", "issuer", "study_instance_uid", "order_time");
        for (int i = 0; i < cells.size(); i++) {
            int k = names.indexOf(cells.get(i).strip().toLowerCase(Locale.ROOT));
            if (k >= 0 && c[k] < 0) {
                c[k] = i;
            }
        }
        return c[0] < 0 || c[1] < 0 || c[2] < 0 ? null : c;
    }

    private static String cell(List<String> cells, int i) {
        return i >= 0 && i < cells.size() ? cells.get(i).strip() : "";
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "OrderExport[accessionFields=" + fields + "]";
    }

    /** Options of an {@link OrderExport}. */
    public static final class Builder {
        private List<AccessionField> fields = List.of(AccessionField.IPC_1, AccessionField.OBR_18);
        private int maxMessageBytes = 1 << 20;

        private Builder() {}

        /** The fields to take the accession number from, first non-empty wins; default IPC-1, OBR-18. */
        public Builder accessionFields(List<AccessionField> fields) {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("accessionFields: empty");
            }
            this.fields = List.copyOf(new LinkedHashSet<>(fields));
            return this;
        }

        /** The largest message read; default 1 MiB (orders are small). */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 64) {
                throw new IllegalArgumentException("maxMessageBytes: must be at least 64, was " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public OrderExport build() {
            return new OrderExport(this);
        }
    }
}
