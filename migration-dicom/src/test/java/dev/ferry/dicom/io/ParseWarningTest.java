package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the reader tolerates is reported as a {@link ParseWarning} with the offset and tag path of
 * the element concerned, and never with its value: warnings go to data-quality reports and logs.
 */
class ParseWarningTest {
    /** A value no warning may repeat. */
    private static final String SECRET = "Secret^Name";
    private static final int PRIVATE_CREATOR = 0x00090010;
    private static final int PRIVATE_SEQUENCE = 0x00091001;

    static DicomObject read(byte[] b) throws IOException {
        return DicomReader.standard().read(new ByteArrayInputStream(b), "warnings");
    }

    static void assertNoValueIn(List<ParseWarning> warnings, String... values) {
        for (ParseWarning w : warnings) {
            for (String v : values) {
                assertThat(w.toString()).doesNotContain(v);
                assertThat(w.path()).doesNotContain(v);
            }
        }
    }

    @Test
    void oddValueLength() throws IOException {
        RawDicom raw = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR");
        int elementStart = raw.size();
        byte[] b = raw.element(Tag.PatientName, "PN", "Zyx".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .text(Tag.PatientID, "LO", "ID12")
                .toByteArray();

        try (DicomObject o = read(b)) {
            ParseWarning w = only(o.warnings(), "odd value length 3");
            assertThat(w.path()).isEqualTo("(0010,0010)");
            assertThat(w.offset()).isBetween((long) elementStart, elementStart + 8L);
            assertThat(o.header().getString(Tag.PatientName)).isEqualTo("Zyx");
            assertThat(o.header().getString(Tag.PatientID)).isEqualTo("ID12");
            assertNoValueIn(o.warnings(), "Zyx");
        }
    }

    @Test
    void unknownVrOfUndefinedLengthIsReadAsAnImplicitSequence() throws IOException {
        RawDicom raw = RawDicom.explicitLittle().text(PRIVATE_CREATOR, "LO", "FERRY TEST");
        int elementStart = raw.size();
        byte[] b = raw.header(PRIVATE_SEQUENCE, "UN", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED)
                .tag(Tag.PatientName).u32(SECRET.length() + 1).ascii(SECRET + " ")
                .itemEnd()
                .sequenceEnd()
                .text(Tag.PatientID, "LO", "ID12")
                .toByteArray();

        try (DicomObject o = read(b)) {
            ParseWarning w = only(o.warnings(), "UN of undefined length read as a sequence");
            assertThat(w.path()).isEqualTo("(0009,1001)");
            assertThat(w.offset()).isBetween((long) elementStart, elementStart + 12L);
            Dataset item = o.header().getSequence(PRIVATE_SEQUENCE).get(0);
            assertThat(item.vr(Tag.PatientName)).isEqualTo(VR.PN);
            assertThat(item.getString(Tag.PatientName)).isEqualTo(SECRET);
            assertThat(o.header().getString(Tag.PatientID)).isEqualTo("ID12");
            assertNoValueIn(o.warnings(), SECRET, "FERRY TEST");
        }
    }

    @Test
    void unknownVrOfUndefinedLengthInTheCorpus() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/test_files/UN_sequence.dcm")) {
            ParseWarning w = only(o.warnings(), "UN of undefined length read as a sequence");
            assertThat(w.path()).isEqualTo("(4453,100C)");
            assertThat(o.header().getSequence(0x4453100C)).isNotEmpty();
        }
    }

    @Test
    void duplicateElementKeepsTheLastAndSaysWhere() throws IOException {
        RawDicom raw = RawDicom.explicitLittle().text(Tag.PatientID, "LO", "ID01");
        int second = raw.size();
        byte[] b = raw.text(Tag.PatientID, "LO", "ID02").text(Tag.PatientSex, "CS", "F ").toByteArray();

        try (DicomObject o = read(b)) {
            assertThat(o.warnings()).contains(
                    new ParseWarning(second, "(0010,0020)", "element (0010,0020) appears twice; the last one is kept"));
            assertThat(o.header().getString(Tag.PatientID)).isEqualTo("ID02");
            assertNoValueIn(o.warnings(), "ID01", "ID02");
        }
    }

    @Test
    void duplicateElementInAnItemNamesTheItem() throws IOException {
        byte[] b = RawDicom.explicitLittle()
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED).itemEnd()
                .item(RawDicom.UNDEFINED).text(Tag.SeriesInstanceUID, "UI", "2.25.1").text(Tag.SeriesInstanceUID, "UI", "2.25.2")
                .itemEnd().sequenceEnd()
                .toByteArray();

        try (DicomObject o = read(b)) {
            assertThat(o.warnings()).filteredOn(w -> w.problem().contains("appears twice"))
                    .extracting(ParseWarning::path).containsExactly("(0008,1115)[1].(0020,000E)");
        }
    }

    @Test
    void missingPreamble() throws IOException {
        byte[] file = RawDicom.concat("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                RawDicom.fileMeta(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                RawDicom.explicitLittle().text(Tag.PatientName, "PN", SECRET + " ").toByteArray());

        try (DicomObject o = read(file)) {
            assertThat(o.warnings()).containsExactly(new ParseWarning(0, "", "no preamble before DICM"));
            assertThat(o.header().getString(Tag.PatientName)).isEqualTo(SECRET);
        }
    }

    @Test
    void implicitDataSetUnderAnExplicitTransferSyntax() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/test_files/SC_rgb_jpeg.dcm")) {
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.JPEG_BASELINE);
            assertThat(o.explicitVr()).isFalse();
            assertThat(o.warnings()).containsExactly(new ParseWarning(o.datasetOffset(), "(0008,0008)",
                    "the data set is encoded in implicit VR although its transfer syntax is explicit"));
            assertThat(o.header().getString(Tag.SOPClassUID)).isNotBlank();
        }
        Dataset ds = new Dataset().setString(Tag.Modality, VR.CS, "MR").setString(Tag.PatientName, VR.PN, SECRET);
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                DicomWriter.encode(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        try (DicomObject o = read(file)) {
            assertThat(o.explicitVr()).isFalse();
            assertThat(o.header()).isEqualTo(ds);
            assertThat(o.warnings()).extracting(ParseWarning::path).containsExactly("(0008,0060)");
            assertNoValueIn(o.warnings(), SECRET, "MR");
        }
    }

    @Test
    void oneImplicitElementInsideAnExplicitDataSet() throws IOException {
        RawDicom raw = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR");
        int elementStart = raw.size();
        byte[] b = raw.tag(Tag.PatientName).u32(12).ascii(SECRET + " ")
                .text(Tag.PatientID, "LO", "ID12")
                .toByteArray();

        try (DicomObject o = read(b)) {
            assertThat(o.explicitVr()).isTrue();
            assertThat(o.warnings()).contains(new ParseWarning(elementStart, "(0010,0010)",
                    "VR bytes 0C 00 are not a VR: element read as implicit VR"));
            assertThat(o.header().getString(Tag.PatientName)).isEqualTo(SECRET);
            assertThat(o.header().getString(Tag.PatientID)).isEqualTo("ID12");
        }
    }

    static java.util.stream.Stream<String> corpusFiles() {
        return CorpusRoundTripTest.readableFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void noWarningOfTheCorpusRepeatsAValue(String file) throws IOException {
        try (DicomObject o = Corpus.read(file)) {
            List<String> values = new ArrayList<>();
            Datasets.textValues(o.header(), values);
            values.removeIf(v -> v == null || v.strip().length() < 6 || v.matches("[0-9.\\\\ +-]*"));
            assertNoValueIn(o.warnings(), values.toArray(new String[0]));
            for (ParseWarning w : o.warnings()) {
                assertThat(w.offset()).isBetween(0L, (long) Corpus.bytes(file).length);
                assertThat(w.toString()).startsWith(w.problem()).contains(" at offset " + w.offset());
            }
        }
    }

    @Test
    void warningsPointAtTheFirstByteOfTheElement() throws IOException {
        RawDicom raw = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR");
        int odd = raw.size();
        raw.element(Tag.PatientName, "PN", new byte[] {'Z', 'y', 'x'});
        int un = raw.size();
        byte[] b = raw.header(PRIVATE_SEQUENCE, "UN", RawDicom.UNDEFINED).sequenceEnd().toByteArray();

        try (DicomObject o = read(b)) {
            // The private sequence's group (0009) comes after (0010,0010): that is warned at its start too.
            assertThat(o.warnings()).filteredOn(w -> !w.problem().startsWith("no File Meta"))
                    .filteredOn(w -> !w.problem().contains("out of ascending order"))
                    .extracting(ParseWarning::offset).containsExactly((long) odd, (long) un);
            assertThat(o.warnings()).filteredOn(w -> w.problem().contains("out of ascending order"))
                    .extracting(ParseWarning::offset).containsExactly((long) un);
        }
    }

    private static ParseWarning only(List<ParseWarning> warnings, String problem) {
        List<ParseWarning> matching = warnings.stream().filter(w -> w.problem().equals(problem)).toList();
        assertThat(matching).as("warnings %s", warnings).hasSize(1);
        return matching.get(0);
    }
}
