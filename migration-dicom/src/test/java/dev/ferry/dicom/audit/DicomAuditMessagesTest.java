package dev.ferry.dicom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DicomAuditMessagesTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");
    static final ItemRef INSTANCE = ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.5");

    private final DicomAuditMessages messages = DicomAuditMessages.builder("urn:ferry:custody:m-1")
            .auditSourceId("ferry@site-a").enterpriseSiteId("HOSP_A")
            .patients(uid -> uid.equals("1.2.3") ? Optional.of(new AuditPatient("MRN-1", "HOSP_A", "DOE^JANE"))
                    : Optional.empty())
            .build();

    static CustodyRecord record(CustodyEvent.Type type, String actor, ItemRef item, Map<String, String> details) {
        return CustodyRecord.next(null, CustodyEvent.of(T0, type, actor, item, details));
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static List<Element> all(Document d, String name) {
        NodeList nodes = d.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static Element one(Document d, String name) {
        List<Element> e = all(d, name);
        assertThat(e).as(name).hasSize(1);
        return e.get(0);
    }

    @Test
    void storedIsInstancesTransferredCreatedAtTheDestination() throws Exception {
        CustodyRecord r = record(CustodyEvent.Type.STORED, "ferry:node-1", INSTANCE,
                Map.of("destination", "NEWPACS", "status", "STORED", "sha256.remainder", "ab12"));
        byte[] xml = messages.message(r);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AuditMessage>").doesNotContain("\n");
        Document d = parse(xml);

        Element event = one(d, "EventIdentification");
        assertThat(event.getAttribute("EventActionCode")).isEqualTo("C");
        assertThat(event.getAttribute("EventDateTime")).isEqualTo("2026-03-01T10:15:30.123Z");
        assertThat(event.getAttribute("EventOutcomeIndicator")).isEqualTo("0");
        Element id = one(d, "EventID");
        assertThat(id.getAttribute("csd-code")).isEqualTo("110104");
        assertThat(id.getAttribute("codeSystemName")).isEqualTo("DCM");
        assertThat(id.getAttribute("originalText")).isEqualTo("DICOM Instances Transferred");

        List<Element> participants = all(d, "ActiveParticipant");
        assertThat(participants).extracting(p -> p.getAttribute("UserID")).containsExactly("ferry:node-1", "NEWPACS");
        assertThat(participants).extracting(p -> p.getAttribute("UserIsRequestor")).containsExactly("true", "false");
        assertThat(participants).extracting(p -> ((Element) p.getElementsByTagName("RoleIDCode").item(0))
                .getAttribute("csd-code")).containsExactly("110153", "110152");

        Element source = one(d, "AuditSourceIdentification");
        assertThat(source.getAttribute("AuditSourceID")).isEqualTo("ferry@site-a");
        assertThat(source.getAttribute("AuditEnterpriseSiteID")).isEqualTo("HOSP_A");

        List<Element> objects = all(d, "ParticipantObjectIdentification");
        assertThat(objects).hasSize(3);
        Element study = objects.get(0);
        assertThat(study.getAttribute("ParticipantObjectID")).isEqualTo("1.2.3");
        assertThat(study.getAttribute("ParticipantObjectTypeCode")).isEqualTo("2");
        assertThat(study.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("3");
        assertThat(((Element) study.getElementsByTagName("ParticipantObjectIDTypeCode").item(0))
                .getAttribute("csd-code")).isEqualTo("110180");
        Element sopClass = (Element) ((Element) study.getElementsByTagName("ParticipantObjectDescription").item(0))
                .getElementsByTagName("SOPClass").item(0);
        assertThat(sopClass.getAttribute("NumberOfInstances")).isEqualTo("1");
        assertThat(((Element) sopClass.getElementsByTagName("Instance").item(0)).getAttribute("UID"))
                .isEqualTo("1.2.3.4.5");

        Element patient = objects.get(1);
        assertThat(patient.getAttribute("ParticipantObjectID")).isEqualTo("MRN-1^^^HOSP_A");
        assertThat(patient.getAttribute("ParticipantObjectTypeCode")).isEqualTo("1");
        assertThat(patient.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("1");
        assertThat(patient.getElementsByTagName("ParticipantObjectName").item(0).getTextContent()).isEqualTo("DOE^JANE");

        Element chain = objects.get(2);
        assertThat(chain.getAttribute("ParticipantObjectID")).isEqualTo("urn:ferry:custody:m-1#1");
        assertThat(chain.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("13");
        Map<String, String> details = new java.util.TreeMap<>();
        NodeList dl = chain.getElementsByTagName("ParticipantObjectDetail");
        for (int i = 0; i < dl.getLength(); i++) {
            Element e = (Element) dl.item(i);
            details.put(e.getAttribute("type"), new String(Base64.getDecoder().decode(e.getAttribute("value")),
                    StandardCharsets.UTF_8));
        }
        assertThat(details).containsEntry("sequence", "1").containsEntry("hash", r.hash())
                .containsEntry("previousHash", r.previousHash()).containsEntry("type", "STORED");
        // The record's own details (which may hold patient data) stay in the custody log.
        assertThat(text).doesNotContain("ab12");
    }

    @Test
    void retrievedIsReadFromTheSourceAndOtherTypesMapAsDocumented() throws Exception {
        Document retrieved = parse(messages.message(record(CustodyEvent.Type.RETRIEVED, "ferry:node-1", INSTANCE,
                Map.of("source", "LEGACY"))));
        assertThat(one(retrieved, "EventIdentification").getAttribute("EventActionCode")).isEqualTo("R");
        assertThat(all(retrieved, "ActiveParticipant")).extracting(p -> p.getAttribute("UserID"),
                p -> p.getAttribute("UserIsRequestor"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LEGACY", "false"),
                        org.assertj.core.groups.Tuple.tuple("ferry:node-1", "true"));

        Document verified = parse(messages.message(record(CustodyEvent.Type.VERIFIED, "ferry:node-1",
                ItemRef.study("9.9"), Map.of("verifier", "count", "verdict", "INCONCLUSIVE"))));
        assertThat(one(verified, "EventID").getAttribute("csd-code")).isEqualTo("110103");
        assertThat(one(verified, "EventIdentification").getAttribute("EventOutcomeIndicator")).isEqualTo("4");
        assertThat(one(verified, "EventOutcomeDescription").getTextContent()).contains("count", "INCONCLUSIVE");
        assertThat(all(verified, "ParticipantObjectIdentification")).hasSize(2); // study 9.9 has no known patient

        Document failed = parse(messages.message(record(CustodyEvent.Type.EXCEPTION_RAISED, "ferry:node-1",
                ItemRef.study("1.2.3"), Map.of("reason", "VERIFICATION_FAILED", "detail", "line 1\nline 2"))));
        assertThat(one(failed, "EventIdentification").getAttribute("EventOutcomeIndicator")).isEqualTo("8");
        assertThat(one(failed, "EventOutcomeDescription").getTextContent()).isEqualTo("VERIFICATION_FAILED");

        CustodyRecord operator = record(CustodyEvent.Type.OPERATOR_ACTION, "Operator\nWith <Tags> & \u0001",
                ItemRef.NONE, Map.of("action", "SKIP"));
        byte[] xml = messages.message(operator);
        assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("\n");
        Document op = parse(xml);
        assertThat(one(op, "EventIdentification").getAttribute("EventActionCode")).isEqualTo("U");
        assertThat(one(op, "ActiveParticipant").getAttribute("UserID")).isEqualTo("Operator With <Tags> &  ");
        assertThat(all(op, "ParticipantObjectIdentification")).hasSize(1);

        for (CustodyEvent.Type t : CustodyEvent.Type.values()) {
            Document any = parse(messages.message(record(t, "ferry:node-1", INSTANCE, Map.of())));
            assertThat(one(any, "EventID").getAttribute("csd-code")).as(t.name()).isIn("110103", "110104");
        }
    }

    @Test
    void applicationActivitySecurityAlertAndAuditLogUsed() throws Exception {
        Document start = parse(messages.applicationActivity(true, T0, "ferry:m-1", "jdoe"));
        assertThat(one(start, "EventID").getAttribute("csd-code")).isEqualTo("110100");
        assertThat(one(start, "EventTypeCode").getAttribute("csd-code")).isEqualTo("110120");
        assertThat(all(start, "RoleIDCode")).extracting(e -> e.getAttribute("csd-code")).containsExactly("110150", "110151");
        Document stop = parse(messages.applicationActivity(false, T0, "ferry:m-1", null));
        assertThat(one(stop, "EventTypeCode").getAttribute("csd-code")).isEqualTo("110121");

        Document alert = parse(messages.securityAlert(new ChainVerification.Broken(5,
                ChainVerification.Problem.CONTENT_MODIFIED, "record 5 was modified after it was written"), T0, "ferry"));
        assertThat(one(alert, "EventID").getAttribute("csd-code")).isEqualTo("110113");
        assertThat(one(alert, "EventIdentification").getAttribute("EventOutcomeIndicator")).isEqualTo("8");
        assertThat(one(alert, "EventOutcomeDescription").getTextContent()).contains("record 5", "CONTENT_MODIFIED");
        assertThat(one(alert, "ParticipantObjectIdentification").getAttribute("ParticipantObjectID"))
                .isEqualTo("urn:ferry:custody:m-1#5");

        Document used = parse(messages.auditLogUsed(T0, "jdoe"));
        assertThat(one(used, "EventID").getAttribute("csd-code")).isEqualTo("110101");
        assertThat(one(used, "EventIdentification").getAttribute("EventActionCode")).isEqualTo("R");
        Element log = one(used, "ParticipantObjectIdentification");
        assertThat(log.getAttribute("ParticipantObjectID")).isEqualTo("urn:ferry:custody:m-1");
        assertThat(log.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("13");
        assertThat(one(used, "ParticipantObjectName").getTextContent()).isEqualTo("Security Audit Log");
    }

    @Test
    void patientDataStaysOutOfToStringAndTheBuilderNamesItsFields() {
        AuditPatient p = new AuditPatient("MRN-1", "HOSP_A", "DOE^JANE");
        assertThat(p.toString()).doesNotContain("MRN-1").doesNotContain("DOE");
        assertThat(new AuditPatient("MRN-1", null, null).participantObjectId()).isEqualTo("MRN-1");
        assertThatThrownBy(() -> DicomAuditMessages.builder("").build()).hasMessageContaining("custodyLogUri");
        assertThatThrownBy(() -> DicomAuditMessages.builder("urn:x").auditSourceId(" ").build())
                .hasMessageContaining("auditSourceId");
        assertThat(AuditXml.clean("a\uD800b\uDC00c\uD83D\uDE00")).isEqualTo("a b c\uD83D\uDE00");
    }
}
