package dev.ferry.dicom.audit;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;

/**
 * The chain of custody as DICOM audit messages (PS3.15 A.5): XML in the element and attribute names
 * of the A.5.1 schema, one message per custody record, for an audit record repository (see
 * {@link SyslogSender}) or a file.
 *
 * <p>The mapping, in this one place (FHIR's {@code dev.ferry.hl7.fhir.CustodyAuditEvents} holds the
 * same table):
 *
 * <table>
 * <caption>Custody event type to audit message</caption>
 * <tr><th>custody type</th><th>EventID (DCM)</th><th>EventActionCode</th><th>EventOutcomeIndicator</th>
 *     <th>ActiveParticipants</th></tr>
 * <tr><td>RETRIEVED</td><td>110104 DICOM Instances Transferred</td><td>R (read from the source)</td><td>0</td>
 *     <td>the source archive named in the record (110153 Source Role ID); the actor, a Ferry process
 *     (110152 Destination Role ID, requestor)</td></tr>
 * <tr><td>STORED</td><td>110104 DICOM Instances Transferred</td><td>C (created at the destination)</td>
 *     <td>0; 4 for STORED_WITH_WARNING</td><td>the actor (110153 Source Role ID, requestor); the
 *     destination named in the record (110152 Destination Role ID)</td></tr>
 * <tr><td>EXCEPTION_RAISED</td><td>110104 DICOM Instances Transferred</td><td>R</td><td>8, with the reason
 *     as EventOutcomeDescription</td><td>the actor (110153 Source Role ID, requestor)</td></tr>
 * <tr><td>QUEUED</td><td>110103 DICOM Instances Accessed</td><td>R</td><td>0</td><td rowspan="3">the actor
 *     (requestor; 110150 Application unless it is an operator)</td></tr>
 * <tr><td>VERIFIED</td><td>110103 DICOM Instances Accessed</td><td>R</td><td>verdict PASSED 0,
 *     INCONCLUSIVE 4, FAILED 8</td></tr>
 * <tr><td>COERCED, EXCEPTION_RESOLVED, OPERATOR_ACTION</td><td>110103 DICOM Instances Accessed</td><td>U</td>
 *     <td>0</td></tr>
 * </table>
 *
 * <p>Each record's message names the study (ParticipantObjectTypeCode 2 System Object, role 3 Report,
 * ParticipantObjectIDTypeCode 110180 Study Instance UID, and for an instance a ParticipantObjectDescription
 * with a SOPClass holding that Instance), the patient when the caller's lookup knows one (type 1 Person,
 * role 1 Patient, ID type 2 Patient Number, {@code ID^^^ISSUER}, and the name if given), and the custody
 * record itself (type 2, role 13 Security Resource, ID type 12 URI: {@code LOG-URI#SEQUENCE}) with its
 * {@code sequence}, {@code previousHash} and {@code hash} as ParticipantObjectDetails, so that the audit
 * trail can be matched with the chain. The record's other details (a coerced tag's old and new values)
 * are not copied: the custody log is their place.
 *
 * <p>Three messages do not come from a record: {@link #applicationActivity} (110100 Application Activity,
 * 110120 Application Start / 110121 Application Stop, for a migration run), {@link #securityAlert} (110113
 * Security Alert, for a broken custody chain) and {@link #auditLogUsed} (110101 Audit Log Used, for an
 * export of the custody log).
 *
 * <p>Every message is UTF-8 XML with its declaration, on one line (line breaks in values become spaces).
 * Audit messages may carry patient identifiers (that is what they are for); nothing here logs them.
 * Immutable and thread-safe if the patient lookup is.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/sect_A.5.html">PS3.15 A.5</a>
 */
public final class DicomAuditMessages {
    static final AuditXml.Code INSTANCES_ACCESSED = dcm("110103", "DICOM Instances Accessed");
    static final AuditXml.Code INSTANCES_TRANSFERRED = dcm("110104", "DICOM Instances Transferred");
    static final AuditXml.Code APPLICATION_ACTIVITY = dcm("110100", "Application Activity");
    static final AuditXml.Code AUDIT_LOG_USED = dcm("110101", "Audit Log Used");
    static final AuditXml.Code SECURITY_ALERT = dcm("110113", "Security Alert");
    static final AuditXml.Code APPLICATION_START = dcm("110120", "Application Start");
    static final AuditXml.Code APPLICATION_STOP = dcm("110121", "Application Stop");
    static final AuditXml.Code APPLICATION = dcm("110150", "Application");
    static final AuditXml.Code APPLICATION_LAUNCHER = dcm("110151", "Application Launcher");
    static final AuditXml.Code DESTINATION = dcm("110152", "Destination Role ID");
    static final AuditXml.Code SOURCE = dcm("110153", "Source Role ID");
    static final AuditXml.Code STUDY_INSTANCE_UID = dcm("110180", "Study Instance UID");
    static final AuditXml.Code PATIENT_NUMBER = new AuditXml.Code("2", "RFC-3881", "Patient Number");
    static final AuditXml.Code URI = new AuditXml.Code("12", "RFC-3881", "URI");
    /**
     * PS3.16 CID 403 has no code for a failed integrity check, and the EventTypeCode of a Security Alert
     * may come from another coding scheme: Ferry's.
     */
    static final AuditXml.Code CUSTODY_CHAIN_BROKEN = new AuditXml.Code("CUSTODY_CHAIN_BROKEN", "dev.ferry",
            "Custody chain broken");

    private final String auditSourceId;
    private final String enterpriseSiteId;
    private final String custodyLogUri;
    private final Function<String, Optional<AuditPatient>> patients;

    private DicomAuditMessages(Builder b) {
        this.auditSourceId = b.auditSourceId;
        this.enterpriseSiteId = b.enterpriseSiteId;
        this.custodyLogUri = b.custodyLogUri;
        this.patients = b.patients;
    }

    private static AuditXml.Code dcm(String code, String meaning) {
        return new AuditXml.Code(code, "DCM", meaning);
    }

    /**
     * Messages about one custody log.
     *
     * @param custodyLogUri names the log, e.g. {@code urn:ferry:custody:MIGRATION}; each record is
     *     {@code custodyLogUri#sequence}, and {@link #auditLogUsed} names the log by it
     */
    public static Builder builder(String custodyLogUri) {
        return new Builder(custodyLogUri);
    }

    /** The audit message for one custody record (see the class comment for the mapping). */
    public byte[] message(CustodyRecord record) {
        CustodyEvent e = record.event();
        Map<String, String> d = e.details();
        try {
            AuditXml x = new AuditXml();
            switch (e.type()) {
                case RETRIEVED -> {
                    x.event(INSTANCES_TRANSFERRED, "R", e.time(), 0, null);
                    x.participant(d.getOrDefault("source", "unknown source"), null, false, SOURCE);
                    x.participant(e.actor(), null, true, DESTINATION);
                }
                case STORED -> {
                    boolean warning = "STORED_WITH_WARNING".equals(d.get("status"));
                    x.event(INSTANCES_TRANSFERRED, "C", e.time(), warning ? 4 : 0,
                            warning ? "stored with a warning" : null);
                    x.participant(e.actor(), null, true, SOURCE);
                    x.participant(d.getOrDefault("destination", "unknown destination"), null, false, DESTINATION);
                }
                case EXCEPTION_RAISED -> {
                    x.event(INSTANCES_TRANSFERRED, "R", e.time(), 8, d.getOrDefault("reason", "exception raised"));
                    x.participant(e.actor(), null, true, SOURCE);
                }
                case VERIFIED -> {
                    String verdict = d.getOrDefault("verdict", "");
                    int outcome = switch (verdict) {
                        case "FAILED" -> 8;
                        case "INCONCLUSIVE" -> 4;
                        default -> 0;
                    };
                    x.event(INSTANCES_ACCESSED, "R", e.time(), outcome,
                            outcome == 0 ? null : "verifier " + d.getOrDefault("verifier", "?") + ": " + verdict);
                    x.participant(e.actor(), null, true, APPLICATION);
                }
                case QUEUED -> {
                    x.event(INSTANCES_ACCESSED, "R", e.time(), 0, null);
                    x.participant(e.actor(), null, true, APPLICATION);
                }
                case COERCED -> {
                    x.event(INSTANCES_ACCESSED, "U", e.time(), 0, null);
                    x.participant(e.actor(), null, true, APPLICATION);
                }
                case EXCEPTION_RESOLVED, OPERATOR_ACTION -> {
                    x.event(INSTANCES_ACCESSED, "U", e.time(), 0, null);
                    x.participant(e.actor(), null, true, null);
                }
            }
            x.source(auditSourceId, enterpriseSiteId);
            ItemRef item = e.item();
            if (item.studyInstanceUid() != null) {
                x.object(item.studyInstanceUid(), 2, 3, STUDY_INSTANCE_UID);
                if (item.sopInstanceUid() != null) {
                    x.instance(item.sopInstanceUid());
                }
                x.endObject();
                Optional<AuditPatient> patient = patients.apply(item.studyInstanceUid());
                if (patient != null && patient.isPresent()) {
                    AuditPatient p = patient.get();
                    x.object(p.participantObjectId(), 1, 1, PATIENT_NUMBER);
                    if (p.name() != null && !p.name().isBlank()) {
                        x.objectName(p.name());
                    }
                    x.endObject();
                }
            }
            x.object(custodyLogUri + "#" + record.sequence(), 2, 13, URI)
                    .objectName("custody record " + record.sequence())
                    .detail("sequence", Long.toString(record.sequence()))
                    .detail("previousHash", record.previousHash())
                    .detail("hash", record.hash())
                    .detail("type", e.type().name())
                    .endObject();
            return x.finish();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException("cannot write the audit message of custody record " + record.sequence(), ex);
        }
    }

    /**
     * 110100 Application Activity (PS3.15 A.5.3.1): a migration run started or stopped.
     *
     * @param application the application, e.g. {@code ferry:MIGRATION}
     * @param launcher who started it (an operator's user name), or {@code null}
     */
    public byte[] applicationActivity(boolean start, Instant at, String application, String launcher) {
        try {
            AuditXml x = new AuditXml().event(APPLICATION_ACTIVITY, "E", at, 0, null,
                    start ? APPLICATION_START : APPLICATION_STOP);
            x.participant(application, null, launcher == null, APPLICATION);
            if (launcher != null) {
                x.participant(launcher, null, true, APPLICATION_LAUNCHER);
            }
            return x.source(auditSourceId, enterpriseSiteId).finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an Application Activity message", e);
        }
    }

    /**
     * 110113 Security Alert (PS3.15 A.5.3.11): the custody chain is broken, outcome 8 (serious failure),
     * naming the first broken record, its problem and the log.
     *
     * @param reporter the process or person that checked the chain
     */
    public byte[] securityAlert(ChainVerification.Broken broken, Instant at, String reporter) {
        Objects.requireNonNull(broken, "broken");
        try {
            return new AuditXml()
                    .event(SECURITY_ALERT, "E", at, 8, "custody chain broken at record " + broken.sequence()
                            + " (" + broken.problem() + ")", CUSTODY_CHAIN_BROKEN)
                    .participant(reporter, null, true, null)
                    .source(auditSourceId, enterpriseSiteId)
                    .object(custodyLogUri + "#" + broken.sequence(), 2, 13, URI)
                    .objectName("custody record " + broken.sequence())
                    .detail("problem", broken.problem().name())
                    .detail("detail", broken.detail())
                    .endObject()
                    .finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a Security Alert message", e);
        }
    }

    /**
     * 110101 Audit Log Used (PS3.15 A.5.3.2): the custody log was read (exported), by {@code user}.
     */
    public byte[] auditLogUsed(Instant at, String user) {
        try {
            return new AuditXml()
                    .event(AUDIT_LOG_USED, "R", at, 0, null)
                    .participant(user, null, true, null)
                    .source(auditSourceId, enterpriseSiteId)
                    .object(custodyLogUri, 2, 13, URI)
                    .objectName("Security Audit Log")
                    .endObject()
                    .finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an Audit Log Used message", e);
        }
    }

    /** Builds {@link DicomAuditMessages}. */
    public static final class Builder {
        private final String custodyLogUri;
        private String auditSourceId = "ferry";
        private String enterpriseSiteId;
        private Function<String, Optional<AuditPatient>> patients = uid -> Optional.empty();

        private Builder(String custodyLogUri) {
            this.custodyLogUri = Objects.requireNonNull(custodyLogUri, "custodyLogUri");
        }

        /** AuditSourceID: this Ferry installation; default {@code ferry}. */
        public Builder auditSourceId(String id) {
            this.auditSourceId = id;
            return this;
        }

        /** AuditEnterpriseSiteID, or {@code null} (the default) for none. */
        public Builder enterpriseSiteId(String site) {
            this.enterpriseSiteId = site;
            return this;
        }

        /**
         * Who the patient of a study is, by Study Instance UID, for the patient participant object; the
         * default knows none. Called once per record that names a study.
         */
        public Builder patients(Function<String, Optional<AuditPatient>> lookup) {
            this.patients = Objects.requireNonNull(lookup, "patients");
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is empty */
        public DicomAuditMessages build() {
            if (custodyLogUri.isBlank()) {
                throw new IllegalArgumentException("custodyLogUri: empty");
            }
            if (auditSourceId == null || auditSourceId.isBlank()) {
                throw new IllegalArgumentException("auditSourceId: empty");
            }
            if (enterpriseSiteId != null && enterpriseSiteId.isBlank()) {
                throw new IllegalArgumentException("enterpriseSiteId: empty (use null for none)");
            }
            return new DicomAuditMessages(this);
        }
    }
}
