package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.testkit.generator.GroundTruth.Copy;
import dev.ferry.testkit.generator.GroundTruth.Corruption;
import dev.ferry.testkit.generator.GroundTruth.Dose;
import dev.ferry.testkit.generator.GroundTruth.DoseTag;
import dev.ferry.testkit.generator.GroundTruth.Hl7Message;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.Study;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated archive agrees with its ground truth: files, headers, pixels, faults, doses, HL7. */
class GroundTruthTest {
    @TempDir
    static Path tmp;
    static Path out;
    static GroundTruth truth;

    @BeforeAll
    static void generate() throws IOException {
        out = tmp.resolve("gen");
        GeneratorSettings settings = GeneratorSettings.builder().seed(2024).studies(60).deltaStudies(4)
                .sizes(Sizes.MINIMAL)
                .dirt(DirtProfile.builder().corruptStudies(0.35).duplicateObjects(0.25).junkFiles(0.2)
                        .duplicatePatients(0.25).accessionCollisions(0.1).implicitVr(0.3).undeclaredLatin1(0.05)
                        .mrnVariants(0.3).accessionVariants(0.3).emptyBodyPart(0.1).build())
                .build();
        truth = new ArchiveGenerator(settings).writeTo(out);
    }

    @Test
    void theArchiveHoldsEveryFaultKind() {
        Set<Corruption> kinds = EnumSet.noneOf(Corruption.class);
        Set<Copy> copies = EnumSet.noneOf(Copy.class);
        for (Instance i : truth.instances()) {
            if (i.corrupt() != null) {
                kinds.add(i.corrupt());
            }
            if (i.duplicate() != null) {
                copies.add(i.duplicate());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder(Corruption.values());
        assertThat(copies).containsExactlyInAnyOrder(Copy.values());
        assertThat(truth.retiredPatients()).isNotEmpty();
        assertThat(truth.studies()).anyMatch(s -> !s.accessionCollisions().isEmpty())
                .anyMatch(s -> s.transferSyntaxUid().equals("1.2.840.10008.1.2"))
                .anyMatch(Study::filedUnderRetiredPatient).anyMatch(Study::bodyPartEmpty)
                .anyMatch(s -> !s.doses().isEmpty());
        assertThat(truth.junkFiles()).isNotEmpty();
        assertThat(truth.deltaStudies()).hasSize(4);
    }

    @Test
    void everyFileIsInTheTruthAndEveryFileOfTheTruthExists() throws IOException {
        Set<String> expected = new TreeSet<>();
        truth.instances().forEach(i -> expected.addAll(i.files()));
        truth.junkFiles().forEach(j -> expected.add(j.path()));
        truth.hl7Messages().forEach(m -> expected.add(m.file()));
        expected.add(GroundTruth.MANIFEST);
        assertThat(GeneratedFolder.tree(out).keySet()).containsExactlyElementsOf(expected);
    }

    @Test
    void studiesCountTheirInstancesAndBytes() {
        for (Study s : truth.studies()) {
            List<Instance> instances = truth.instancesOf(s.studyInstanceUid());
            assertThat(instances).hasSize(s.instanceCount());
            assertThat(instances.stream().map(Instance::seriesInstanceUid).distinct().count())
                    .isEqualTo(s.seriesCount());
            assertThat(instances.stream().mapToLong(Instance::size).sum()).isEqualTo(s.bytes());
            assertThat(s.migratable()).isEqualTo(instances.stream().allMatch(Instance::migratable));
            assertThat(s.folder()).startsWith(s.delta() ? "delta/" + s.key() : "archive/");
            instances.forEach(i -> assertThat(i.files().get(0)).startsWith(s.folder() + "/"));
        }
    }

    @Test
    void wellFormedFilesAgreeWithTheTruth() throws Exception {
        int checked = 0;
        for (Instance i : truth.instances()) {
            if (i.goodFile() == null) {
                continue;
            }
            Study s = truth.study(i.studyInstanceUid());
            Path file = out.resolve(i.goodFile());
            assertThat(GeneratedFolder.unreadable(file)).as(i.goodFile()).isNull();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                 DicomObject o = DicomReader.standard().read(in, i.goodFile())) {
                Dataset h = o.header();
                assertThat(o.transferSyntax().uid()).isEqualTo(i.transferSyntaxUid()).isEqualTo(s.transferSyntaxUid());
                assertThat(h.getString(Tag.SOPInstanceUID)).isEqualTo(i.sopInstanceUid());
                assertThat(h.getString(Tag.SOPClassUID)).isEqualTo(i.sopClassUid());
                assertThat(h.getString(Tag.SeriesInstanceUID)).isEqualTo(i.seriesInstanceUid());
                assertThat(h.getString(Tag.StudyInstanceUID)).isEqualTo(s.studyInstanceUid());
                assertThat(h.getString(Tag.PatientID)).isEqualTo(s.headerPatientId());
                assertThat(h.getString(Tag.IssuerOfPatientID)).isEqualTo(s.headerIssuer());
                assertThat(h.getString(Tag.AccessionNumber)).isEqualTo(s.headerAccession());
                assertThat(h.getString(Tag.StudyDate)).isEqualTo(s.studyDate());
                assertThat(h.getString(Tag.Modality)).isEqualTo(i.modality());
                assertThat(h.getString(Tag.SpecificCharacterSet, "")).isEqualTo(s.charsetDeclared());
                assertThat(h.getString(Tag.PatientName)).isEqualTo(truth.patient(s.headerPatientKey()).name());
                if (h.contains(Tag.BodyPartExamined)) {
                    assertThat(h.getString(Tag.BodyPartExamined, "")).isEqualTo(s.bodyPart());
                }
                assertDoses(s, i, h);
                assertThat(pixelSha(o)).isEqualTo(i.pixelDataSha256());
            }
            assertThat(Files.size(out.resolve(i.files().get(0)))).isEqualTo(i.size());
            if (i.duplicate() == Copy.IDENTICAL) {
                assertThat(GeneratedFolder.sha256(out.resolve(i.files().get(1)))).isEqualTo(GeneratedFolder.sha256(file));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }

    private static void assertDoses(Study s, Instance i, Dataset h) {
        for (Dose d : s.doses()) {
            for (DoseTag t : d.tags()) {
                if (t.location().equals("DOSE_SR")) {
                    if (i.sopInstanceUid().equals(t.sopInstanceUid())) {
                        assertThat(srValue(h, t.conceptCode())).isEqualTo(t.value());
                    }
                    continue;
                }
                if (i.sopClassUid().equals(StudyBuilder.DOSE_SR) || i.modality().equals("PR")
                        || i.modality().equals("KO")) {
                    continue;
                }
                assertThat(doseValue(h, t)).as(s.key() + " " + t).isEqualTo(t.value());
                if (t.location().equals("PRIVATE")) {
                    assertThat(h.privateCreatorOf(t.tagValue())).isEqualTo(t.creator());
                    assertThat(t.tagValue() >>> 16).isEqualTo(t.group());
                    assertThat(t.tagValue() & 0xFF).isEqualTo(t.offset());
                    assertThat(h.vr(t.tagValue()).name()).isIn(t.vr(), "UN");
                }
            }
        }
    }

    /** The value as written; an Implicit VR file states no VR, so a private value reads as UN bytes. */
    static double doseValue(Dataset h, DoseTag t) {
        int tag = t.tagValue();
        if (h.vr(tag) != dev.ferry.api.VR.UN) {
            return h.getDoubles(tag)[0];
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h.getBytes(tag)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return switch (t.vr()) {
            case "FD" -> b.getDouble();
            case "FL" -> b.getFloat();
            default -> Double.parseDouble(new String(h.getBytes(tag), StandardCharsets.US_ASCII).strip());
        };
    }

    private static double srValue(Dataset h, String code) {
        for (Dataset item : h.getSequence(Tag.ContentSequence)) {
            Dataset concept = item.getSequence(Tag.ConceptNameCodeSequence).get(0);
            if (concept.getString(Tag.CodeValue).equals(code)) {
                return item.getSequence(Tag.MeasuredValueSequence).get(0).getDoubles(Tag.NumericValue)[0];
            }
        }
        throw new AssertionError("no content item " + code);
    }

    private static String pixelSha(DicomObject o) throws IOException {
        InputStream r = o.remainder();
        byte[] head = r.readNBytes(o.explicitVr() ? 12 : 8);
        if (head.length == 0) {
            return null;
        }
        MessageDigest md = StudyWriter.sha256();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = r.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void corruptFilesAndPartialCopiesReallyFail() throws IOException {
        List<String> failing = new ArrayList<>();
        for (Instance i : truth.instances()) {
            if (i.corrupt() != null) {
                failing.add(i.files().get(0));
                assertThat(i.goodFile()).isNull();
                assertThat(truth.study(i.studyInstanceUid()).migratable()).isFalse();
            }
            if (i.duplicate() == Copy.PARTIAL) {
                failing.add(i.files().get(1));
                assertThat(i.goodFile()).isEqualTo(i.files().get(0));
            }
        }
        truth.junkFiles().forEach(j -> failing.add(j.path()));
        assertThat(failing).hasSizeGreaterThan(5);
        for (String f : failing) {
            assertThat(GeneratedFolder.unreadable(out.resolve(f))).as(f).isNotNull();
        }
        assertThat(truth.corruptInstances()).allMatch(i -> i.corrupt() != null);
        assertThat(truth.unmigratableStudies()).isNotEmpty().allMatch(s -> !s.migratable());
    }

    @Test
    void identitiesFollowTheMerges() {
        for (Study s : truth.studies()) {
            GroundTruth.Patient header = truth.patient(s.headerPatientKey());
            GroundTruth.Patient surviving = truth.survivingPatient(s.studyInstanceUid());
            assertThat(surviving.retired()).isFalse();
            assertThat(header.mergedInto() == null ? header.key() : header.mergedInto()).isEqualTo(surviving.key());
            assertThat(s.expectedPatientId()).isEqualTo(surviving.mrn());
            assertThat(s.headerPatientId().replaceAll("[^0-9]", "").replaceFirst("^0+", "")).isEqualTo(header.mrn());
            assertThat(truth.expectedAccession(s.studyInstanceUid())).matches("RAD\\d{8}");
            for (String other : s.accessionCollisions()) {
                Study o = truth.study(other);
                assertThat(o.headerAccession()).isEqualTo(s.headerAccession());
                assertThat(o.survivingPatientKey()).isNotEqualTo(s.survivingPatientKey());
                assertThat(o.accessionCollisions()).contains(s.studyInstanceUid());
            }
        }
    }

    @Test
    void deltaStudiesComeAfterTheMainArchive() {
        String newest = truth.mainStudies().stream().map(Study::studyDate).max(String::compareTo).orElseThrow();
        assertThat(truth.deltaStudies()).allMatch(s -> s.studyDate().compareTo(newest) > 0)
                .allMatch(s -> s.studyDate().compareTo("20260101") >= 0);
        assertThat(truth.mainStudies()).allMatch(s -> s.studyDate().compareTo("20160101") >= 0);
    }

    @Test
    void theHl7HistoryParsesAndNamesTheMerges() throws Exception {
        int merges = 0;
        try (HapiContext ctx = new DefaultHapiContext()) {
            String previous = "";
            for (Hl7Message m : truth.hl7Messages()) {
                String text = Files.readString(out.resolve(m.file()), StandardCharsets.UTF_8);
                assertThat(text).doesNotContain("\n").contains("\r");
                Message parsed = ctx.getPipeParser().parse(text);
                assertThat(m.timestamp()).isGreaterThanOrEqualTo(previous);
                previous = m.timestamp();
                if (m.event().equals("A40")) {
                    ADT_A39 a40 = (ADT_A39) parsed;
                    assertThat(a40.getMSH().getMessageControlID().getValue()).isEqualTo(m.controlId());
                    assertThat(a40.getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue())
                            .isEqualTo(truth.patient(m.patientKey()).mrn());
                    assertThat(a40.getPATIENT().getMRG().getPriorPatientIdentifierList(0).getIDNumber().getValue())
                            .isEqualTo(truth.patient(m.mergedPatientKey()).mrn());
                    assertThat(truth.patient(m.mergedPatientKey()).mergedInto()).isEqualTo(m.patientKey());
                    merges++;
                } else {
                    ADT_A01 a01 = (ADT_A01) parsed;
                    assertThat(a01.getMSH().getMessageType().getTriggerEvent().getValue()).isEqualTo(m.event());
                    assertThat(a01.getPID().getPatientIdentifierList(0).getIDNumber().getValue())
                            .isEqualTo(truth.patient(m.patientKey()).mrn());
                }
            }
        }
        assertThat(merges).isEqualTo(truth.retiredPatients().size()).isPositive();
    }

    @Test
    void theManifestReadsBackAsTheSameTruth() throws IOException {
        GroundTruth read = GroundTruth.read(out);
        assertThat(read).isEqualTo(truth);
        assertThat(read.studies()).isEqualTo(truth.studies());
        assertThat(read.instances()).isEqualTo(truth.instances());
        assertThat(read.settings().dirt()).isEqualTo(truth.settings().dirt());
    }
}
