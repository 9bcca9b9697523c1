package dev.ferry.hl7.adt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real-world messages from the corpus (see corpus/PROVENANCE.md) and hand-made quirky ones. */
class AdtReaderTest {
    private static final AdtReader READER = AdtReader.create();

    @TempDir
    Path tmp;

    @AfterAll
    static void close() {
        READER.close();
    }

    static Path corpus(String name) {
        try {
            return Path.of(AdtReaderTest.class.getResource("corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AdtReader.ReadResult read(String text) throws IOException {
        try (InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            return READER.read(in, "inline.hl7");
        }
    }

    @Test
    void readsAnA40MergeOfVersion251() {
        AdtReader.ReadResult r = READER.read(corpus("dcm4che-adt-a40-patient-merge.hl7"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).hasSize(1);
        AdtEvent e = r.events().get(0);
        assertThat(e.kind()).isEqualTo(EventKind.MERGE);
        assertThat(e.type()).isEqualTo("ADT^A40");
        assertThat(e.structure()).isEqualTo("ADT_A39");
        assertThat(e.version()).isEqualTo("2.5.1");
        assertThat(e.controlId()).isEqualTo("1002122");
        assertThat(e.time()).isEqualTo(Instant.parse("2022-03-24T19:31:52Z"));
        assertThat(e.origin().line()).isEqualTo(1);
        AdtPatient p = e.patients().get(0);
        assertThat(p.identifiers()).containsExactly(PatientIdentity.of("NEW_PID_1", "ADT1"));
        assertThat(p.priorIdentifiers()).containsExactly(PatientIdentity.of("OLD_PID_1", "ADT1"));
        assertThat(p.demographics()).isEqualTo(new Demographics("New_Smith^Lucy^Mark", "20141014", "F"));
        assertThat(p.priorDemographics().name()).isEqualTo("Old_Smith^Lucy^Mark");
    }

    @Test
    void readsAnA47IdentifierChangeAndAnA31Update() {
        AdtEvent a47 = READER.read(corpus("dcm4che-adt-a47-change-patient-id.hl7")).events().get(0);
        assertThat(a47.kind()).isEqualTo(EventKind.CHANGE_ID);
        assertThat(a47.structure()).isEqualTo("ADT_A30");
        assertThat(a47.patients().get(0).priorIdentifiers()).containsExactly(PatientIdentity.of("OLD_PID_1", "ADT1"));
        AdtEvent a31 = READER.read(corpus("dcm4che-adt-a31-update-person.hl7")).events().get(0);
        assertThat(a31.kind()).isEqualTo(EventKind.UPDATE);
        assertThat(a31.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("PID_1", "ADT1"));
    }

    @Test
    void readsAnA34OfVersion231WithCheckDigitsAndNoIssuer() {
        AdtEvent e = READER.read(corpus("hapi-adt-a34-v231.hl7")).events().get(0);
        assertThat(e.kind()).isEqualTo(EventKind.MERGE);
        assertThat(e.version()).isEqualTo("2.3.1");
        assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("21122112", ""));
        assertThat(e.patients().get(0).priorIdentifiers()).containsExactly(PatientIdentity.of("220064212", ""));
        assertThat(e.patients().get(0).demographics()).isEqualTo(new Demographics("TESTNAME^FIRSTNAME", "20020709", "M"));
    }

    @Test
    void readsAnA08OfVersion23WithExplicitNullsAndATypedIdentifier() {
        AdtEvent e = READER.read(corpus("hapi-adt-a08-v23.hl7")).events().get(0);
        assertThat(e.kind()).isEqualTo(EventKind.UPDATE);
        assertThat(e.version()).isEqualTo("2.3");
        assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("708010", "MRN"));
        assertThat(e.patients().get(0).demographics().name()).isEqualTo("SURNAME^GIVEN^^MRS");
    }

    @Test
    void keepsEveryRepetitionOfPid3WithItsIssuerAndTheZSegments() {
        AdtEvent e = READER.read(corpus("hapi-adt-a01-repetitions-zfa-v25.hl7")).events().get(0);
        assertThat(e.kind()).isEqualTo(EventKind.OTHER);
        assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("397979797", "SN"),
                PatientIdentity.of("4242", "BKDMDM"), PatientIdentity.of("1000", "YARDI"));
        assertThat(e.time()).isEqualTo(Instant.parse("2012-07-01T05:00:00Z")); // EVN-2 with its offset
        assertThat(e.zSegments()).containsExactly("ZFA|6|31592|12345|YARDI|20120201000000-0600");
    }

    @Test
    void version24WithCrlfAndAZSegment() {
        AdtEvent e = READER.read(corpus("npm-hl7-standard-adt-a01-v24.hl7")).events().get(0);
        assertThat(e.version()).isEqualTo("2.4");
        assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("4019060", ""));
        assertThat(e.zSegments()).hasSize(1).allMatch(z -> z.startsWith("ZNM|"));
    }

    @Test
    void aMessageAboutNoIdentifiablePatientIsIgnoredNotAProblem() {
        AdtReader.ReadResult r = READER.read(corpus("hapi-adt-a17-zsegments-v231.hl7"));
        assertThat(r.events()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.ignored()).isEqualTo(1);
    }

    @Test
    void escapesInIdentifiersAreDecoded() throws IOException {
        AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101120000||ADT^A40^ADT_A39|E1|P|2.5.1\r"
                + "EVN|A40|20240101120000\r"
                + "PID|||M\\T\\1^^^HOSP\\F\\A~||DOE^JOHN\r"
                + "MRG|OLD\\S\\1^^^HOSP\\F\\A\r");
        assertThat(r.problems()).isEmpty();
        AdtPatient p = r.events().get(0).patients().get(0);
        assertThat(p.identifiers()).containsExactly(PatientIdentity.of("M&1", "HOSP|A"));
        assertThat(p.priorIdentifiers()).containsExactly(PatientIdentity.of("OLD^1", "HOSP|A"));
    }

    @Test
    void anA40WithSeveralPatientGroupsGivesOnePatientEach() throws IOException {
        AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101120000||ADT^A40^ADT_A39|E2|P|2.5.1\r"
                + "EVN|A40|20240101120000\r"
                + "PID|||S1^^^H\rMRG|P1^^^H\r"
                + "PID|||S2^^^H\rMRG|P2^^^H~P3^^^H\r");
        List<AdtPatient> patients = r.events().get(0).patients();
        assertThat(patients).hasSize(2);
        assertThat(patients.get(1).identifiers()).containsExactly(PatientIdentity.of("S2", "H"));
        assertThat(patients.get(1).priorIdentifiers()).containsExactly(PatientIdentity.of("P2", "H"), PatientIdentity.of("P3", "H"));
    }

    @Test
    void crLfAndCrlfSeparatorsReadAlike() throws IOException {
        String cr = Files.readString(corpus("dcm4che-adt-a40-patient-merge.hl7"), StandardCharsets.ISO_8859_1);
        AdtEvent a = read(cr).events().get(0);
        AdtEvent b = read(cr.replace('\r', '\n')).events().get(0);
        AdtEvent c = read(cr.replace("\r", "\r\n")).events().get(0);
        assertThat(List.of(b, c)).allSatisfy(e -> {
            assertThat(e.patients()).isEqualTo(a.patients());
            assertThat(e.time()).isEqualTo(a.time());
        });
    }

    @Test
    void aBatchOfVersion23WithLfMixesAnA40AndAnOru() {
        AdtReader.ReadResult r = READER.read(corpus("mirth-batch03-a40-oru-v23.hl7"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.messages()).isEqualTo(2);
        assertThat(r.ignored()).isEqualTo(1); // the ORU
        AdtEvent e = r.events().get(0);
        assertThat(e.version()).isEqualTo("2.3");
        assertThat(e.time()).isEqualTo(Instant.parse("2011-06-13T12:24:06.637Z")); // 17 digits, no dot
        assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("1765431", ""));
        assertThat(e.patients().get(0).priorIdentifiers()).containsExactly(PatientIdentity.of("1765475", ""));
    }

    @Test
    void anFhsBatchGivesEachMessageWithItsLine() {
        AdtReader.ReadResult r = READER.read(corpus("python-hl7-sample_file1-fhs-batch.hl7"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(3, 9, 17);
        assertThat(r.events()).extracting(AdtEvent::controlId)
                .containsExactly("12334456778890", "12334456778891", "12334456778890");
        assertThat(r.events().get(0).patients().get(0).identifiers()).containsExactly(PatientIdentity.of("0000112234", "100"));
    }

    @Test
    void aBrokenBatchReportsTheStraySegmentsByLine() {
        AdtReader.ReadResult r = READER.read(corpus("python-hl7-sample_bad_file1.hl7"));
        assertThat(r.events()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(AdtProblem.Kind.STRAY_SEGMENTS);
            assertThat(p.origin().line()).isEqualTo(6);
            assertThat(p.origin().source()).endsWith("python-hl7-sample_bad_file1.hl7");
        });
    }

    @Test
    void anMllpCaptureReadsFrameByFrame() {
        AdtReader.ReadResult r = READER.read(corpus("mllp-capture-dcm4che.bin"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(AdtEvent::type).containsExactly("ADT^A31", "ADT^A40", "ADT^A47");
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1, 5, 10);
    }

    @Test
    void malformedMessagesAmongGoodOnesAreReportedByLineAndSkipped() throws IOException {
        String good = Files.readString(corpus("dcm4che-adt-a40-patient-merge.hl7"), StandardCharsets.ISO_8859_1).strip();
        String text = good + "\r"                                                         // lines 1-4
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A40|BAD1|P|2.5.1\rEVN|A40|20240101\rPID|||X^^^H\r" // 5-7: no MRG
                + "MSH|^~\\&|A|B|C|D|||ADT^A47|BAD2|P|2.5.1\rPID|||X^^^H\rMRG|Y^^^H\r"   // 8-10: no time
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A40|BAD3|P|2.5.1\rPID|||^^^H\rMRG|Y^^^H\r" // 11-13: empty PID-3
                + "MSH|garbage\r"                                                         // 14
                + good.replace("1002122", "1002199") + "\r";                              // 15-18
        AdtReader.ReadResult r = read(text);
        assertThat(r.events()).extracting(AdtEvent::controlId).containsExactly("1002122", "1002199");
        assertThat(r.events()).extracting(e -> e.origin().line()).containsExactly(1, 15);
        assertThat(r.problems()).extracting(p -> p.origin().line()).containsExactly(5, 8, 11, 14);
        assertThat(r.problems()).extracting(AdtProblem::kind).containsExactly(AdtProblem.Kind.INVALID_CONTENT,
                AdtProblem.Kind.INVALID_CONTENT, AdtProblem.Kind.INVALID_CONTENT, AdtProblem.Kind.UNPARSEABLE);
        assertThat(r.problems()).extracting(AdtProblem::controlId).containsExactly("BAD1", "BAD2", "BAD3", "");
        // no patient data in what the problems say
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain("X^^^H", "NEW_PID", "Smith"));
    }

    @Test
    void aMessageOverTheBoundIsSkippedWithoutBeingKept() throws IOException {
        String good = Files.readString(corpus("dcm4che-adt-a40-patient-merge.hl7"), StandardCharsets.ISO_8859_1).strip();
        String big = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|BIG|P|2.5.1\rPID|||X^^^H||" + "N".repeat(500) + "\r";
        try (AdtReader small = AdtReader.builder().maxMessageBytes(400).build();
             InputStream in = new ByteArrayInputStream((big + good + "\r").getBytes(StandardCharsets.ISO_8859_1))) {
            AdtReader.ReadResult r = small.read(in, "big.hl7");
            assertThat(r.problems()).extracting(AdtProblem::kind).containsExactly(AdtProblem.Kind.TOO_LARGE);
            assertThat(r.events()).extracting(AdtEvent::controlId).containsExactly("1002122");
        }
    }

    @Test
    void aDirectoryIsReadInPathOrderAndUnreadablePathsAreProblems() throws IOException {
        Path dir = tmp.resolve("adt");
        Files.createDirectories(dir.resolve("sub"));
        Files.copy(corpus("dcm4che-adt-a47-change-patient-id.hl7"), dir.resolve("sub/b.hl7"));
        Files.copy(corpus("dcm4che-adt-a40-patient-merge.hl7"), dir.resolve("a.hl7"));
        AdtReader.ReadResult r = READER.read(List.of(dir, tmp.resolve("missing.hl7")));
        assertThat(r.events()).extracting(AdtEvent::type).containsExactly("ADT^A40", "ADT^A47");
        assertThat(r.problems()).extracting(AdtProblem::kind).containsExactly(AdtProblem.Kind.UNREADABLE);
        assertThat(r.files()).isEqualTo(2);
    }

    @Test
    void utf8AndLatin1NamesDecodeAsDeclared() throws IOException {
        String msg = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|U1|P|2.5.1|||||||%s\rPID|||X^^^H||M\u00fcller^J\u00fcrgen\r";
        AdtEvent utf8 = READER.read(new ByteArrayInputStream(String.format(msg, "UNICODE UTF-8")
                .getBytes(StandardCharsets.UTF_8)), "u.hl7").events().get(0);
        AdtEvent latin = READER.read(new ByteArrayInputStream(String.format(msg, "8859/1")
                .getBytes(StandardCharsets.ISO_8859_1)), "l.hl7").events().get(0);
        assertThat(utf8.patients().get(0).demographics().name()).isEqualTo("M\u00fcller^J\u00fcrgen");
        assertThat(latin.patients().get(0).demographics().name()).isEqualTo("M\u00fcller^J\u00fcrgen");
    }

    @Test
    void eventsPrintNoPatientData() {
        AdtEvent e = READER.read(corpus("dcm4che-adt-a40-patient-merge.hl7")).events().get(0);
        assertThat(e.toString() + e.patients()).doesNotContain("NEW_PID_1", "OLD_PID_1", "Smith", "20141014");
    }

    @Test
    void anA37UnlinkKeepsBothPatientsAndUndoesTheirMerge() throws IOException {
        AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101||ADT^A40^ADT_A39|M1|P|2.4\r"
                + "PID|||NEW^^^H\rMRG|OLD^^^H\r"
                + "MSH|^~\\&|A|B|C|D|20240102||ADT^A37^ADT_A37|U1|P|2.4\r"
                + "EVN|A37|20240102\rPID|||NEW^^^H\rPV1||O\rPID|||OLD^^^H\r");
        assertThat(r.problems()).isEmpty();
        AdtEvent a37 = r.events().get(1);
        assertThat(a37.kind()).isEqualTo(EventKind.UNLINK);
        assertThat(a37.patients()).extracting(p -> p.identifiers().get(0).id()).containsExactly("NEW", "OLD");
        MergeGraph g = MergeGraph.of(r.events());
        assertThat(g.survivor(PatientIdentity.of("OLD", "H")).status()).isEqualTo(Resolution.Status.ACTIVE);
        assertThat(MergeGraph.of(r.events().subList(0, 1)).survivor(PatientIdentity.of("OLD", "H")).status())
                .isEqualTo(Resolution.Status.MERGED);
    }

    @Test
    void mergesOfOtherTriggersReadAlike() throws IOException {
        for (String trigger : List.of("A34", "A35", "A36", "A39", "A41", "A42", "A46", "A47")) {
            AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101||ADT^" + trigger + "|C" + trigger + "|P|2.3.1\r"
                    + "EVN|" + trigger + "|20240101\rPID|||NEW^^^H\rMRG|OLD^^^H\r");
            assertThat(r.problems()).as(trigger).isEmpty();
            assertThat(r.events()).as(trigger).singleElement().satisfies(e -> {
                assertThat(e.kind().retiresIdentifiers()).isTrue();
                assertThat(e.patients().get(0).priorIdentifiers()).containsExactly(PatientIdentity.of("OLD", "H"));
            });
        }
    }

    @Test
    void anAccountMergeWithoutMrg1IsAMergeWithinOnePatient() throws IOException {
        AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101||ADT^A41^ADT_A39|C1|P|2.5.1\r"
                + "EVN|A41|20240101\rPID|||NEW^^^H\rMRG|||ACC1^^^H\r"
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A40^ADT_A39|C2|P|2.5.1\r"
                + "EVN|A40|20240101\rPID|||NEW^^^H\rMRG|||ACC1^^^H\r");
        assertThat(r.events()).extracting(AdtEvent::controlId).containsExactly("C1");
        assertThat(r.events().get(0).patients().get(0).priorIdentifiers()).isEmpty();
        assertThat(r.problems()).extracting(AdtProblem::controlId).containsExactly("C2");
    }

    @Test
    void wrongOrOddVersionsAreReadIntoTheSameStructures() throws IOException {
        for (String version : List.of("2.5^^", "2.2", "2.999", "2.8", "")) {
            AdtReader.ReadResult r = read("MSH|^~\\&|A|B|C|D|20240101||ADT^A40|V|P|" + version + "\r"
                    + "EVN|A40|20240101\rPID|||NEW^^^H\rMRG|OLD^^^H\r");
            assertThat(r.problems()).as("version '%s'", version).isEmpty();
            assertThat(r.events().get(0).patients().get(0).priorIdentifiers()).as("version '%s'", version)
                    .containsExactly(PatientIdentity.of("OLD", "H"));
        }
    }

    @Test
    void blankLinesBetweenSegmentsAndEscapesElsewhereDoNotDisturb() {
        AdtReader.ReadResult r = READER.read(corpus("hapi-adt-a04-escapes-v23.hl7"));
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("ADT^A04");
            assertThat(e.patients().get(0).identifiers()).containsExactly(PatientIdentity.of("123456789", ""));
            assertThat(e.patients().get(0).demographics()).isEqualTo(new Demographics("BROS^MARIO", "19850101", "M"));
        });
    }
}
