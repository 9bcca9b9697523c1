package dev.ferry.hl7.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The chain of custody as FHIR R4 {@code AuditEvent}s: one per custody record, mapped onto the DICOM
 * audit vocabulary (PS3.15 A.5, PS3.16 CID 400–404) as FHIR's own AuditEvent profile does, and
 * written as a {@code collection} Bundle that streams (see {@link AuditEventBundleWriter}).
 *
 * <p>The mapping, the same as {@code dev.ferry.dicom.audit.DicomAuditMessages} uses for DICOM audit
 * messages (the two modules do not see each other, so each holds its copy of this table):
 *
 * <table>
 * <caption>Custody event type to AuditEvent</caption>
 * <tr><th>custody type</th><th>type (DCM)</th><th>action</th><th>outcome</th></tr>
 * <tr><td>QUEUED</td><td>110103 DICOM Instances Accessed</td><td>R</td><td>0</td></tr>
 * <tr><td>RETRIEVED</td><td>110104 DICOM Instances Transferred</td><td>R (read from the source)</td><td>0</td></tr>
 * <tr><td>COERCED</td><td>110103 DICOM Instances Accessed</td><td>U</td><td>0</td></tr>
 * <tr><td>STORED</td><td>110104 DICOM Instances Transferred</td><td>C (created at the destination)</td>
 *     <td>0; 4 for STORED_WITH_WARNING</td></tr>
 * <tr><td>VERIFIED</td><td>110103 DICOM Instances Accessed</td><td>R</td>
 *     <td>verdict PASSED 0, INCONCLUSIVE 4, FAILED 8</td></tr>
 * <tr><td>EXCEPTION_RAISED</td><td>110104 DICOM Instances Transferred</td><td>R</td><td>8</td></tr>
 * <tr><td>EXCEPTION_RESOLVED, OPERATOR_ACTION</td><td>110103 DICOM Instances Accessed</td><td>U</td><td>0</td></tr>
 * </table>
 *
 * <p>Every event also carries:
 * <ul>
 * <li>{@code subtype}: the custody type itself, in {@value #CUSTODY_EVENT_SYSTEM};</li>
 * <li>{@code recorded}: the record's time, in UTC to the millisecond (the precision the chain hashes);</li>
 * <li>{@code agent}: the record's actor (a Ferry process such as {@code ferry:host-1}, typed DCM 110150
 *     Application, or an operator's name for operator actions), the requestor; for RETRIEVED the source
 *     archive named in the record (DCM 110153 Source Role ID) and for STORED the destination (DCM 110152
 *     Destination Role ID);</li>
 * <li>{@code source}: this Ferry installation ({@code observer.display}) and its site, type 4
 *     Application Server;</li>
 * <li>{@code entity}: the study and the instance, by UID as {@code what.identifier} with system
 *     {@value #DICOM_UID_SYSTEM} and value {@code urn:oid:UID} (study typed DCM 110180 Study Instance UID,
 *     both role 3 Report); the patient when the caller's lookup knows one ({@link Builder#patients}: type 1
 *     Person, role 1 Patient, {@code what.identifier} as the lookup gives it); and the custody record itself (type 2 System Object, role 13 Security
 *     Resource, {@code what.identifier} = the custody log's URI and the sequence number) whose details
 *     are {@code sequence}, {@code previousHash}, {@code hash}, {@code actor}, the item's UIDs
 *     ({@code studyInstanceUid}, {@code seriesInstanceUid}, {@code sopInstanceUid}, each only when the
 *     record has it) and every detail of the event as {@code detail:KEY}. From those and {@code recorded}
 *     and {@code subtype} the record's hash can be recomputed with {@link dev.ferry.api.CustodyChain}: the
 *     FHIR copy stays checkable against the chain.</li>
 * </ul>
 *
 * <p>The custody record entity is always the last. Details may hold patient data (a coerced tag's old and new values), as the custody log does: an
 * AuditEvent is evidence, not a log line. Immutable, and thread-safe if the patient lookup is.
 *
 * @see <a href="https://hl7.org/fhir/R4/auditevent.html">FHIR R4 AuditEvent</a>
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_A.5.html">PS3.15 A.5</a>
 */
public final class CustodyAuditEvents {
    /** The DICOM controlled terminology (PS3.16), as FHIR names it. */
    public static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    /** The identifier system FHIR uses for DICOM UIDs (values are {@code urn:oid:UID}). */
    public static final String DICOM_UID_SYSTEM = "urn:dicom:uid";
    /** Ferry's code system for custody event types (the {@code CustodyEvent.Type} names). */
    public static final String CUSTODY_EVENT_SYSTEM = "urn:dev-ferry:custody-event-type";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    /** Prefix of the chain entity's details that hold the event's own details. */
    public static final String DETAIL_PREFIX = "detail:";

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final String sourceId;
    private final String site;
    private final String custodyLogUri;
    private final Function<String, Optional<Identifier>> patients;

    private CustodyAuditEvents(Builder b) {
        this.sourceId = b.sourceId;
        this.site = b.site;
        this.custodyLogUri = b.custodyLogUri;
        this.patients = b.patients;
    }

    /**
     * A mapper for one custody log.
     *
     * @param custodyLogUri names the custody log the records come from, e.g. {@code urn:ferry:custody:MIGRATION};
     *     it is the system of each custody record entity's identifier
     */
    public static Builder builder(String custodyLogUri) {
        return new Builder(custodyLogUri);
    }

    /** The custody log's URI, as given to the builder. */
    public String custodyLogUri() {
        return custodyLogUri;
    }

    /** The AuditEvent for one record (a new object each call). */
    public AuditEvent toAuditEvent(CustodyRecord record) {
        CustodyEvent e = record.event();
        Kind kind = Kind.of(e.type());
        AuditEvent a = new AuditEvent();
        a.setType(new Coding(DCM, kind.code, kind.display));
        a.addSubtype(new Coding(CUSTODY_EVENT_SYSTEM, e.type().name(), null));
        a.setAction(kind.action);
        a.setRecordedElement(new InstantType(Date.from(e.time()), TemporalPrecisionEnum.MILLI, UTC));
        Outcome outcome = outcome(e);
        a.setOutcome(outcome.code);
        if (outcome.description != null) {
            a.setOutcomeDesc(outcome.description);
        }
        agents(a, e);
        a.getSource().setObserver(new Reference().setDisplay(sourceId))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        if (site != null) {
            a.getSource().setSite(site);
        }
        ItemRef item = e.item();
        if (item.studyInstanceUid() != null) {
            a.addEntity().setWhat(uid(item.studyInstanceUid()))
                    .setType(new Coding(DCM, "110180", "Study Instance UID"))
                    .setRole(new Coding(OBJECT_ROLE, "3", "Report"));
        }
        if (item.sopInstanceUid() != null) {
            a.addEntity().setWhat(uid(item.sopInstanceUid()))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "3", "Report"))
                    .setName("SOP Instance");
        }
        if (item.studyInstanceUid() != null) {
            Optional<Identifier> patient = patients.apply(item.studyInstanceUid());
            if (patient != null && patient.isPresent()) {
                a.addEntity().setWhat(new Reference().setIdentifier(patient.get().copy()))
                        .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                        .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
            }
        }
        a.addEntity(chainEntity(record));
        return a;
    }

    private void agents(AuditEvent a, CustodyEvent e) {
        boolean operator = e.type() == CustodyEvent.Type.OPERATOR_ACTION
                || e.type() == CustodyEvent.Type.EXCEPTION_RESOLVED;
        AuditEventAgentComponent actor = a.addAgent().setName(e.actor()).setRequestor(true)
                .setWho(new Reference().setDisplay(e.actor()));
        String other = null;
        switch (e.type()) {
            case RETRIEVED -> {
                actor.setType(concept("110152", "Destination Role ID"));
                other = e.details().get("source");
                if (other != null) {
                    a.addAgent().setName(other).setRequestor(false).setWho(new Reference().setDisplay(other))
                            .setType(concept("110153", "Source Role ID"));
                }
            }
            case STORED -> {
                actor.setType(concept("110153", "Source Role ID"));
                other = e.details().get("destination");
                if (other != null) {
                    a.addAgent().setName(other).setRequestor(false).setWho(new Reference().setDisplay(other))
                            .setType(concept("110152", "Destination Role ID"));
                }
            }
            default -> {
                if (!operator) {
                    actor.setType(concept("110150", "Application"));
                }
            }
        }
    }

    private static CodeableConcept concept(String code, String display) {
        return new CodeableConcept(new Coding(DCM, code, display));
    }

    private static Reference uid(String uid) {
        return new Reference().setIdentifier(new Identifier().setSystem(DICOM_UID_SYSTEM).setValue("urn:oid:" + uid));
    }

    private AuditEventEntityComponent chainEntity(CustodyRecord r) {
        CustodyEvent e = r.event();
        AuditEventEntityComponent c = new AuditEventEntityComponent()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(custodyLogUri)
                        .setValue(Long.toString(r.sequence()))))
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"))
                .setName("custody record " + r.sequence());
        detail(c, "sequence", Long.toString(r.sequence()));
        detail(c, "previousHash", r.previousHash());
        detail(c, "hash", r.hash());
        detail(c, "actor", e.actor());
        detail(c, "studyInstanceUid", e.item().studyInstanceUid());
        detail(c, "seriesInstanceUid", e.item().seriesInstanceUid());
        detail(c, "sopInstanceUid", e.item().sopInstanceUid());
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            detail(c, DETAIL_PREFIX + d.getKey(), d.getValue());
        }
        return c;
    }

    private static void detail(AuditEventEntityComponent c, String type, String value) {
        if (value != null) {
            // A FHIR string may not be empty: an empty value goes as an absent value with its type kept.
            c.addDetail().setType(type).setValue(value.isEmpty() ? new StringType() : new StringType(value));
        }
    }

    /**
     * Writes the matching records of {@code log} as a Bundle to {@code out}, record by record (the log is
     * never held in memory). Does not close {@code out}.
     *
     * @return how many records were written
     * @throws IOException if {@code out} fails
     */
    public long writeBundle(CustodyLog log, CustodyQuery query, OutputStream out) throws IOException {
        return write(log, query, new AuditEventBundleWriter(this, out));
    }

    /** {@link #writeBundle(CustodyLog, CustodyQuery, OutputStream)} to a character stream; does not close it. */
    public long writeBundle(CustodyLog log, CustodyQuery query, Writer out) throws IOException {
        return write(log, query, new AuditEventBundleWriter(this, out));
    }

    private static long write(CustodyLog log, CustodyQuery query, AuditEventBundleWriter writer) throws IOException {
        Objects.requireNonNull(log, "log");
        try (AuditEventBundleWriter w = writer) {
            try {
                log.read(query, r -> {
                    try {
                        w.add(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.finish();
            return w.count();
        }
    }

    /** A bundle writer on {@code out}; see {@link AuditEventBundleWriter}. */
    public AuditEventBundleWriter bundleWriter(OutputStream out) throws IOException {
        return new AuditEventBundleWriter(this, out);
    }

    /** A bundle writer on a character stream; see {@link AuditEventBundleWriter}. */
    public AuditEventBundleWriter bundleWriter(Writer out) throws IOException {
        return new AuditEventBundleWriter(this, out);
    }

    private record Outcome(AuditEventOutcome code, String description) {}

    private static Outcome outcome(CustodyEvent e) {
        Map<String, String> d = e.details();
        return switch (e.type()) {
            case VERIFIED -> {
                String verdict = d.getOrDefault("verdict", "");
                AuditEventOutcome o = switch (verdict) {
                    case "FAILED" -> AuditEventOutcome._8;
                    case "INCONCLUSIVE" -> AuditEventOutcome._4;
                    default -> AuditEventOutcome._0;
                };
                yield new Outcome(o, o == AuditEventOutcome._0 ? null
                        : "verifier " + d.getOrDefault("verifier", "?") + ": " + verdict);
            }
            case STORED -> "STORED_WITH_WARNING".equals(d.get("status"))
                    ? new Outcome(AuditEventOutcome._4, "stored with a warning") : new Outcome(AuditEventOutcome._0, null);
            case EXCEPTION_RAISED -> new Outcome(AuditEventOutcome._8, d.getOrDefault("reason", "exception raised"));
            default -> new Outcome(AuditEventOutcome._0, null);
        };
    }

    /** The event family of each custody type (PS3.16 CID 400). */
    private enum Kind {
        ACCESSED_READ("110103", "DICOM Instances Accessed", AuditEventAction.R),
        ACCESSED_UPDATE("110103", "DICOM Instances Accessed", AuditEventAction.U),
        TRANSFERRED_READ("110104", "DICOM Instances Transferred", AuditEventAction.R),
        TRANSFERRED_CREATE("110104", "DICOM Instances Transferred", AuditEventAction.C);

        final String code;
        final String display;
        final AuditEventAction action;

        Kind(String code, String display, AuditEventAction action) {
            this.code = code;
            this.display = display;
            this.action = action;
        }

        static Kind of(CustodyEvent.Type type) {
            return switch (type) {
                case QUEUED, VERIFIED -> ACCESSED_READ;
                case COERCED, EXCEPTION_RESOLVED, OPERATOR_ACTION -> ACCESSED_UPDATE;
                case RETRIEVED, EXCEPTION_RAISED -> TRANSFERRED_READ;
                case STORED -> TRANSFERRED_CREATE;
            };
        }
    }

    /** Builds a {@link CustodyAuditEvents}. */
    public static final class Builder {
        private final String custodyLogUri;
        private String sourceId = "ferry";
        private String site;
        private Function<String, Optional<Identifier>> patients = uid -> Optional.empty();

        private Builder(String custodyLogUri) {
            this.custodyLogUri = Objects.requireNonNull(custodyLogUri, "custodyLogUri");
        }

        /** This Ferry installation, the audit source ({@code source.observer.display}); default {@code ferry}. */
        public Builder sourceId(String id) {
            this.sourceId = id;
            return this;
        }

        /** The enterprise site ({@code source.site}), or {@code null} (the default) for none. */
        public Builder site(String site) {
            this.site = site;
            return this;
        }

        /**
         * The patient of a study, by Study Instance UID, as a FHIR identifier (system: the issuer's URI,
         * value: the patient ID), for a patient entity (type 1 Person, role 1 Patient) after the study's;
         * the default knows none. Called once per record that names a study.
         */
        public Builder patients(Function<String, Optional<Identifier>> lookup) {
            this.patients = Objects.requireNonNull(lookup, "patients");
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is empty */
        public CustodyAuditEvents build() {
            if (custodyLogUri.isBlank()) {
                throw new IllegalArgumentException("custodyLogUri: empty");
            }
            if (sourceId == null || sourceId.isBlank()) {
                throw new IllegalArgumentException("sourceId: empty");
            }
            if (site != null && site.isBlank()) {
                throw new IllegalArgumentException("site: empty (use null for none)");
            }
            return new CustodyAuditEvents(this);
        }
    }
}
