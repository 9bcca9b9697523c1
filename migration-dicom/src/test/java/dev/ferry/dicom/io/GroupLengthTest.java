package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Retired Group Length elements (gggg,0000) in a data set (PS3.5 7.2): the writer writes what the
 * group holds in the encoding written, and the reader warns where a file's value is wrong.
 */
class GroupLengthTest {
    private static final int GROUP_0010 = 0x00100000;

    private static Dataset withGroupLength() {
        return new Dataset()
                .setInts(GROUP_0010, VR.UL, 0)
                .setString(Tag.PatientName, VR.PN, "DOE^JANE")
                .setString(Tag.PatientID, VR.LO, "ID1")
                .setString(Tag.StudyInstanceUID, VR.UI, "2.25.1");
    }

    private static DicomObject read(byte[] dataSet, TransferSyntax ts) throws IOException {
        return DicomReader.standard().read(new ByteArrayInputStream(RawDicom.part10(ts, dataSet)), "test");
    }

    @Test
    void theWriterComputesTheGroupLengthForEachEncoding() throws IOException {
        Dataset ds = withGroupLength();
        // Patient Name 8 + 8 bytes and Patient ID 8 + 4 (padded) in either encoding: 28.
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN}) {
            try (DicomObject o = read(DicomWriter.encode(ds, ts), ts)) {
                assertThat(o.warnings()).as(ts.keyword()).isEmpty();
                assertThat(o.header().getInt(GROUP_0010, -1)).as(ts.keyword()).isEqualTo(28);
            }
        }
    }

    @Test
    void aChangedValueChangesTheGroupLengthWritten() throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Dataset ds;
        try (DicomObject o = read(DicomWriter.encode(withGroupLength(), ts), ts)) {
            ds = o.header();
        }
        ds.setString(Tag.PatientID, VR.LO, "A MUCH LONGER ID");

        try (DicomObject o = read(DicomWriter.encode(ds, ts), ts)) {
            assertThat(o.warnings()).isEmpty();
            assertThat(o.header().getInt(GROUP_0010, -1)).isEqualTo(16 + 8 + 16);
        }
    }

    @Test
    void aWrongGroupLengthInAFileIsAWarningAndIsWrittenRight() throws IOException {
        byte[] dataSet = RawDicom.explicitLittle()
                .header(GROUP_0010, "UL", 4).u32(999)
                .text(Tag.PatientID, "LO", "ID")
                .text(Tag.StudyInstanceUID, "UI", "2.25.1")
                .toByteArray();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (DicomObject o = read(dataSet, ts)) {
            assertThat(o.warnings()).extracting(ParseWarning::problem)
                    .containsExactly("Group Length (0010,0000) says 999 bytes, the group holds 10 bytes (a writer writes the right one)");
            assertThat(o.warnings()).extracting(ParseWarning::path).containsExactly("(0010,0000)");
            assertThat(o.warnings().get(0).offset()).as("where the Group Length element starts").isEqualTo(o.datasetOffset());
            try (DicomObject again = read(DicomWriter.encode(o.header(), ts), ts)) {
                assertThat(again.warnings()).isEmpty();
                assertThat(again.header().getInt(GROUP_0010, -1)).isEqualTo(10);
            }
        }
    }

    @Test
    void aGroupLengthAfterOtherElementsOfItsGroupIsAWarning() throws IOException {
        // Found by DicomRoundTripFuzzTest: its value cannot count what precedes it, and the writer
        // moves it first with the value recomputed, so the header does not read back the same.
        byte[] dataSet = RawDicom.explicitLittle()
                .text(Tag.PatientName, "PN", "DOE^JANE")
                .header(GROUP_0010, "UL", 4).u32(10)
                .text(Tag.PatientID, "LO", "ID")
                .toByteArray();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (DicomObject o = read(dataSet, ts)) {
            assertThat(o.warnings()).extracting(ParseWarning::problem).contains(
                    "Group Length (0010,0000) is out of order (a writer writes it first in its group, with the right"
                            + " value)");
            try (DicomObject again = read(DicomWriter.encode(o.header(), ts), ts)) {
                assertThat(again.warnings()).isEmpty();
                assertThat(again.header().getInt(GROUP_0010, -1)).isEqualTo(16 + 10);
            }
        }
    }

    @Test
    void insideAnItemTheGroupLengthIsCheckedAndWrittenToo() throws IOException {
        Dataset ds = new Dataset();
        ds.newSequence(Tag.ReferencedStudySequence).addItem()
                .setInts(0x00080000, VR.UL, 7)
                .setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.3");
        TransferSyntax ts = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        try (DicomObject o = read(DicomWriter.encode(ds, ts), ts)) {
            assertThat(o.warnings()).isEmpty();
            Dataset item = o.header().getSequence(Tag.ReferencedStudySequence).get(0);
            assertThat(item.getInt(0x00080000, -1)).isEqualTo(8 + 6);
        }
    }

    @Test
    void theLastGroupOfACutHeaderKeepsTheValueThatCoversTheRemainder() throws IOException {
        byte[] pixels = new byte[64];
        byte[] dataSet = RawDicom.explicitLittle()
                .text(Tag.StudyInstanceUID, "UI", "2.25.1")
                .header(0x7FE00000, "UL", 4).u32(12 + pixels.length)
                .header(Tag.PixelData, "OW", pixels.length).bytes(pixels)
                .toByteArray();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (DicomObject o = read(dataSet, ts)) {
            assertThat(o.warnings()).isEmpty();
            byte[] rewritten = RawDicom.concat(DicomWriter.encode(o.header(), ts), o.remainder().readAllBytes());
            assertThat(rewritten).isEqualTo(dataSet);
        }
    }
}
