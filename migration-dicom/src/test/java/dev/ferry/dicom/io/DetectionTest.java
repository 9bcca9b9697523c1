package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the reader finds where the data set starts and how it is encoded: Part 10 with or without
 * preamble, File Meta with or without (0002,0010), and bare data sets whose encoding it guesses
 * from the first element (PS3.10 section 7.1, PS3.5 section 7).
 */
class DetectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pydicom/test_files/ExplVR_BigEndNoMeta.dcm, 1.2.840.10008.1.2.2",
        "pydicom/test_files/ExplVR_LitEndNoMeta.dcm, 1.2.840.10008.1.2.1",
        "pydicom/test_files/rtstruct.dcm, 1.2.840.10008.1.2",
    })
    void bareDataSetsOfTheCorpusAreDetected(String file, String uid) throws IOException {
        try (DicomObject o = Corpus.read(file)) {
            assertThat(o.preamble()).isNull();
            assertThat(o.fileMeta().isEmpty()).isTrue();
            assertThat(o.datasetOffset()).isZero();
            assertThat(o.transferSyntax().uid()).isEqualTo(uid);
            assertThat(o.warnings()).extracting(ParseWarning::problem).singleElement()
                    .satisfies(p -> assertThat(p).contains(TransferSyntax.of(uid).name()));
            assertThat(o.header().getString(Tag.SOPInstanceUID)).isNotBlank();
        }
    }

    @Test
    void bigAndLittleEndianBareDataSetsReadTheSame() throws IOException {
        try (DicomObject big = Corpus.read("pydicom/test_files/ExplVR_BigEndNoMeta.dcm");
                DicomObject little = Corpus.read("pydicom/test_files/ExplVR_LitEndNoMeta.dcm")) {
            assertThat(big.header()).isEqualTo(little.header());
        }
    }

    @Test
    void partTenFileWithoutPreambleIsReadWithAWarning() throws IOException {
        Dataset ds = new Dataset().setString(Tag.SOPInstanceUID, VR.UI, "2.25.5").setString(Tag.Modality, VR.CS, "CT");
        byte[] meta = RawDicom.fileMeta(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        byte[] file = RawDicom.concat("DICM".getBytes(StandardCharsets.US_ASCII), meta,
                DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN));

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "no preamble")) {
            assertThat(o.preamble()).isNull();
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
            assertThat(o.datasetOffset()).isEqualTo(4 + meta.length);
            assertThat(o.header()).isEqualTo(ds);
            assertThat(o.warnings()).containsExactly(new ParseWarning(0, "", "no preamble before DICM"));
        }
    }

    @Test
    void preambleIsKeptAsRead() throws IOException {
        byte[] preamble = new byte[128];
        preamble[0] = 'I';
        preamble[1] = 'I';
        preamble[127] = 42;
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, new byte[0]);
        System.arraycopy(preamble, 0, file, 0, 128);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "tiff preamble")) {
            assertThat(o.preamble()).isEqualTo(preamble);
            o.preamble()[0] = 0;
            assertThat(o.preamble()[0]).as("a copy").isEqualTo((byte) 'I');
        }
    }

    @Test
    void fileMetaWithoutTransferSyntaxFallsBackToDetection() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/test_files/meta_missing_tsyntax.dcm")) {
            assertThat(o.fileMeta().isEmpty()).isFalse();
            assertThat(o.fileMeta().contains(Tag.TransferSyntaxUID)).isFalse();
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            assertThat(o.warnings()).contains(new ParseWarning(o.datasetOffset(), "",
                    "no Transfer Syntax UID in File Meta: detected Implicit VR Little Endian"));
            assertThat(o.header().getSequence(0x00010001)).hasSize(1);
        }
    }

    @Test
    void detectionWarningsAreAccurateAndPointAtTheDataSet() throws IOException {
        try (DicomObject o = Corpus.read("pydicom/test_files/meta_missing_tsyntax.dcm")) {
            assertThat(o.warnings()).extracting(ParseWarning::problem).noneMatch(p -> p.startsWith("no File Meta:"));
            assertThat(o.warnings()).allMatch(w -> w.offset() >= o.datasetOffset());
        }
        byte[] file = RawDicom.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
                DicomWriter.encode(new Dataset().setString(Tag.Modality, VR.CS, "MR"),
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "no meta")) {
            assertThat(o.warnings()).allMatch(w -> w.offset() >= 132);
        }
    }

    @Test
    void fileMetaInImplicitVrIsToleratedWithAWarning() throws IOException {
        Dataset meta = DicomWriter.fileMeta(new Dataset().setString(Tag.SOPInstanceUID, VR.UI, "2.25.6"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        Dataset ds = new Dataset().setString(Tag.Modality, VR.CS, "MR");
        byte[] file = RawDicom.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
                DicomWriter.encode(meta, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "implicit meta")) {
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(o.fileMeta().getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo("2.25.6");
            assertThat(o.header()).isEqualTo(ds);
            assertThat(o.warnings()).contains(new ParseWarning(132, "", "File Meta Information in implicit VR"));
        }
    }

    @Test
    void wrongFileMetaGroupLengthIsReportedAndIgnored() throws IOException {
        byte[] meta = RawDicom.fileMeta(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        meta[8] += 2; // (0002,0000) value, little endian low byte
        Dataset ds = new Dataset().setString(Tag.Modality, VR.CS, "MR");
        byte[] file = RawDicom.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII), meta,
                DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        int real = meta.length - 12;

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "group length")) {
            assertThat(o.header()).isEqualTo(ds);
            assertThat(o.datasetOffset()).isEqualTo(132 + meta.length);
            assertThat(o.warnings()).containsExactly(new ParseWarning(144, "",
                    "File Meta group length says " + (real + 2) + " bytes, found " + real));
        }
    }

    @Test
    void preambleAndDicmWithoutFileMetaAreReadWithAWarning() throws IOException {
        Dataset ds = new Dataset().setString(Tag.Modality, VR.CS, "MR").setString(Tag.PatientID, VR.LO, "ID01");
        byte[] file = RawDicom.concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII),
                DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "no meta")) {
            assertThat(o.datasetOffset()).isEqualTo(132);
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(o.header()).isEqualTo(ds);
            assertThat(o.warnings()).extracting(ParseWarning::problem)
                    .contains("no File Meta Information after DICM");
        }
    }

    @Test
    void dicmInsideADataSetWithoutPreambleIsNotAPreamble() throws IOException {
        String file = "dcm4che/no_preamble_dicm_in_data";
        byte[] data = Corpus.bytes(file);
        try (DicomObject o = Corpus.read(file)) {
            assertThat(o.preamble()).isNull();
            assertThat(o.datasetOffset()).isZero();
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(o.header().getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
            assertThat(o.header().getString(Tag.StationName)).isEqualTo("DICMA1");
            assertThat(o.header().getSequence(Tag.ReferencedPerformedProcedureStepSequence)).hasSize(1);
            byte[] rewritten = RawDicom.concat(DicomWriter.encode(o.header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                    o.remainder().readAllBytes());
            assertThat(rewritten).isEqualTo(data);
        }
    }

    @Test
    void dataSetThatStartsWithAStrayByteIsRefused() {
        String file = "pydicom/test_files/no_meta.dcm";

        DicomParseException e = CorruptInputTest.parseError(Corpus.bytes(file), DicomReader.standard(), file);

        CorruptInputTest.assertNamesWhereItStopped(e, file);
    }
}
