package dev.ferry.testkit.generator;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import ca.uhn.hl7v2.model.v251.segment.EVN;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.ferry.testkit.TestInstances;
import dev.ferry.testkit.generator.GroundTruth.Hl7Message;
import dev.ferry.testkit.generator.Plan.AdtEvent;
import dev.ferry.testkit.generator.Plan.PatientPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the ADT history of a generated archive as HL7 v2.5.1 ER7 files, one message per file,
 * numbered in time order ({@code 000001-ADT_A04.hl7}), segments separated by {@code \r}, UTF-8
 * (MSH-18 {@code UNICODE UTF-8}): ADT^A04 and ADT^A08 with the ADT_A01 structure for registrations
 * and updates, ADT^A40 with the ADT_A39 structure for merges (PID the surviving patient, MRG the
 * retired one). MSH-7 is the event's time and MSH-10 derives from the seed, so the files are the
 * same on every run. Built with HAPI's v2.5.1 model; validation is off because the messages are
 * built field by field from known-good values.
 *
 * <p>Not thread-safe: one history per instance.
 */
final class Hl7Writer {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private final long seed;

    Hl7Writer(long seed) {
        this.seed = seed;
    }

    /** Writes every event into {@code dir} (created if needed) and returns what the truth records. */
    List<Hl7Message> write(Path dir, List<AdtEvent> events) throws IOException {
        Files.createDirectories(dir);
        List<Hl7Message> written = new ArrayList<>();
        try (HapiContext ctx = new DefaultHapiContext()) {
            ctx.setValidationContext(ValidationContextFactory.noValidation());
            PipeParser parser = ctx.getPipeParser();
            for (int n = 0; n < events.size(); n++) {
                AdtEvent e = events.get(n);
                String structure = "A40".equals(e.event()) ? "ADT_A39" : "ADT_A01";
                String name = String.format(Locale.ROOT, "%06d-ADT_%s.hl7", n + 1, e.event());
                String controlId = controlId(n);
                String at = e.at().format(TS);
                Message m = "A40".equals(e.event()) ? merge(e, controlId, at) : registration(e, controlId, at);
                String er7 = parser.encode(m);
                Files.write(dir.resolve(name), er7.getBytes(StandardCharsets.UTF_8));
                written.add(new Hl7Message(dir.getFileName() + "/" + name, e.event(),
                        "ADT^" + e.event() + "^" + structure, controlId, at, e.patient().key,
                        e.merged() == null ? null : e.merged().key));
            }
        } catch (HL7Exception e) {
            throw new IOException("cannot build the HL7 history: " + e.getClass().getSimpleName(), e);
        }
        return written;
    }

    private String controlId(int n) {
        return String.format(Locale.ROOT, "FG%016X", TestInstances.seedOf("ferry-generator", seed, "msh-10", n));
    }

    private static Message registration(AdtEvent e, String controlId, String at) throws HL7Exception, IOException {
        ADT_A01 m = new ADT_A01();
        header(m.getMSH(), e.patient(), e.event(), "ADT_A01", controlId, at);
        event(m.getEVN(), e.event(), at);
        patient(m.getPID(), e.patient());
        m.getPV1().getSetIDPV1().setValue("1");
        m.getPV1().getPatientClass().setValue("O");
        return m;
    }

    private static Message merge(AdtEvent e, String controlId, String at) throws HL7Exception, IOException {
        ADT_A39 m = new ADT_A39();
        header(m.getMSH(), e.patient(), "A40", "ADT_A39", controlId, at);
        event(m.getEVN(), "A40", at);
        patient(m.getPATIENT().getPID(), e.patient());
        identifier(m.getPATIENT().getMRG().getPriorPatientIdentifierList(0), e.merged());
        return m;
    }

    private static void header(MSH msh, PatientPlan p, String event, String structure, String controlId, String at)
            throws DataTypeException {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getSendingApplication().getNamespaceID().setValue("LEGACY_RIS");
        msh.getSendingFacility().getNamespaceID().setValue(p.issuer);
        msh.getReceivingApplication().getNamespaceID().setValue("FERRY");
        msh.getReceivingFacility().getNamespaceID().setValue("MIGRATION");
        msh.getDateTimeOfMessage().getTime().setValue(at);
        msh.getMessageType().getMessageCode().setValue("ADT");
        msh.getMessageType().getTriggerEvent().setValue(event);
        msh.getMessageType().getMessageStructure().setValue(structure);
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue("2.5.1");
        msh.getCharacterSet(0).setValue("UNICODE UTF-8");
    }

    private static void event(EVN evn, String event, String at) throws DataTypeException {
        evn.getEventTypeCode().setValue(event);
        evn.getRecordedDateTime().getTime().setValue(at);
    }

    private static void patient(PID pid, PatientPlan p) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        identifier(pid.getPatientIdentifierList(0), p);
        String[] alpha = Names.alphabetic(p.name);
        name(pid.getPatientName(0), alpha, "A");
        String[] ideo = Names.ideographic(p.name);
        if (ideo != null) {
            name(pid.getPatientName(1), ideo, "I");
        }
        pid.getDateTimeOfBirth().getTime().setValue(p.birthDate.format(DateTimeFormatter.BASIC_ISO_DATE));
        pid.getAdministrativeSex().setValue(p.sex);
    }

    private static void name(XPN xpn, String[] familyGiven, String representation) throws DataTypeException {
        xpn.getFamilyName().getSurname().setValue(familyGiven[0]);
        xpn.getGivenName().setValue(familyGiven[1]);
        xpn.getNameTypeCode().setValue("L");
        xpn.getNameRepresentationCode().setValue(representation);
    }

    private static void identifier(CX cx, PatientPlan p) throws DataTypeException {
        cx.getIDNumber().setValue(p.mrn);
        cx.getAssigningAuthority().getNamespaceID().setValue(p.issuer);
        cx.getIdentifierTypeCode().setValue("MR");
    }
}
