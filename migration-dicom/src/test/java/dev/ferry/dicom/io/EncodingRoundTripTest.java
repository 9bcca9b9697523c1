package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data sets built in code, written in each uncompressed encoding and read back: every VR, padding,
 * nested sequences and items of defined and undefined length, and encapsulated fragments inside an
 * item. The exact bytes of a few elements are checked against PS3.5 section 7.1 with {@link RawDicom},
 * which knows nothing of the writer's code.
 */
class EncodingRoundTripTest {
    private static final int PRIVATE_CREATOR = 0x00090010;
    private static final int PRIVATE_VALUE = 0x00091001;
    private static final long UV_ABOVE_2_63 = 0x8000000000000005L;

    static Stream<TransferSyntax> encodings() {
        return Stream.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** One element of every VR, private elements, sequences of every shape and an icon with fragments. */
    static Dataset everything() {
        Dataset ds = new Dataset();
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.123456789012345678901234567890");
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240229101530.123456+0100");
        ds.setString(Tag.StudyTime, VR.TM, "101530.5");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC0001");
        ds.setString(Tag.RetrieveAETitle, VR.AE, "FERRY_SCU");
        ds.setString(Tag.Manufacturer, VR.LO, "Ferry Test");
        ds.setString(Tag.InstitutionAddress, VR.ST, "1 Harbour Road\\Dock 3");
        ds.setString(Tag.LongCodeValue, VR.UC, "a long code value");
        ds.setString(Tag.RetrieveURL, VR.UR, "https://pacs.example/wado?studyUID=1.2.3");
        ds.setString(PRIVATE_CREATOR, VR.LO, "FERRY TEST");
        ds.setBytes(PRIVATE_VALUE, VR.UN, new byte[] {1, 2, 3, 4, (byte) 0xFE, (byte) 0xFF});
        ds.setString(Tag.PatientName, VR.PN, "Doe^Jane^^Dr");
        ds.setString(Tag.PatientAge, VR.AS, "045Y");
        ds.setDoubles(Tag.ExaminedBodyThickness, VR.FL, 1.5, -0.25);
        ds.setLongs(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime, Tag.FrameTimeVector);
        ds.setDoubles(Tag.DiffusionBValue, VR.FD, Math.PI);
        ds.setInts(Tag.TagAngleSecondAxis, VR.SS, -5, 300);
        ds.setInts(Tag.ReferencePixelX0, VR.SL, -70_000);
        ds.setString(Tag.InstanceNumber, VR.IS, "-42");
        ds.setString(Tag.ImageComments, VR.LT, "  leading spaces are part of the value");
        ds.setInts(Tag.Rows, VR.US, 512);
        ds.setInts(Tag.Columns, VR.US, 65_535);
        ds.setString(Tag.PixelSpacing, VR.DS, "0.5\\0.25");
        ds.setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, le16(0x0102, 0xFFFE, 0x8000));
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {'%', 'P', 'D', 'F'});
        ds.setLongs(Tag.ReferencedSamplePositions, VR.UL, 3_000_000_000L, 1);
        ds.setString(Tag.TextValue, VR.UT, "free text\\with a backslash");
        ds.setDoubles(Tag.VectorGridData, VR.OF, 0.5, -1e10);
        ds.setBytes(Tag.LongPrimitivePointIndexList, VR.OL, le32(1, 0x01020304, -1));
        ds.setDoubles(Tag.DoublePointCoordinatesData, VR.OD, 1.25, -2.5e-300);
        ds.setBytes(Tag.SelectorOVValue, VR.OV, le64(0x0102030405060708L, -2));
        ds.setLongs(Tag.SelectorSVValue, VR.SV, -(1L << 40), Long.MAX_VALUE);
        ds.setLongs(Tag.SelectorUVValue, VR.UV, UV_ABOVE_2_63);

        ds.newSequence(Tag.ReferencedStudySequence).setUndefinedLength(false);
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence);

        Dataset.Sequence series = ds.newSequence(Tag.ReferencedSeriesSequence);
        series.setUndefinedLength(false);
        Dataset first = series.addItem();
        first.setUndefinedLength(false);
        first.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.1");
        Dataset.Sequence images = first.newSequence(Tag.ReferencedImageSequence);
        for (int i = 0; i < 2; i++) {
            Dataset image = images.addItem();
            image.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.4");
            image.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.1." + i);
            image.setInts(Tag.ReferencedFrameNumber, VR.IS, i + 1);
        }
        series.addItem().setUndefinedLength(false); // empty, defined length
        series.addItem(); // empty, undefined length

        Dataset.Sequence icons = ds.newSequence(Tag.IconImageSequence);
        Dataset compressed = icons.addItem();
        compressed.setUndefinedLength(false);
        compressed.setInts(Tag.Rows, VR.US, 2).setInts(Tag.Columns, VR.US, 3).setInts(Tag.BitsAllocated, VR.US, 8);
        Dataset.Fragments fragments = compressed.newFragments(Tag.PixelData);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16});
        fragments.add(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0}); // looks like a delimiter
        Dataset nativeIcon = icons.addItem();
        nativeIcon.setInts(Tag.BitsAllocated, VR.US, 16);
        nativeIcon.setBytes(Tag.PixelData, VR.OW, le16(1, 2, 0x0300, 0xFFFF));
        return ds;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void dataSetWithoutFileMetaReadsBackEqual(TransferSyntax ts) throws IOException {
        Dataset ds = everything();
        byte[] encoded = DicomWriter.encode(ds, ts);
        if (ts.isDeflated()) {
            // Nothing says a bare deflated data set is deflated: what it holds is Explicit VR Little Endian.
            assertThat(CorpusRoundTripTest.inflate(encoded))
                    .isEqualTo(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            return;
        }

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(encoded), ts.keyword())) {
            assertThat(o.fileMeta().isEmpty()).isTrue();
            assertThat(o.transferSyntax()).isEqualTo(ts);
            assertThat(o.datasetOffset()).isZero();
            assertThat(o.stoppedAtBulk()).isFalse();
            assertThat(o.remainder().read()).isEqualTo(-1);
            assertThat(o.warnings()).extracting(ParseWarning::problem).singleElement()
                    .satisfies(p -> assertThat(p).contains(ts.name()));
            assertRead(o.header(), ds, ts);
            assertThat(DicomWriter.encode(o.header(), ts)).as("written again").isEqualTo(encoded);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void part10FileReadsBackEqual(TransferSyntax ts) throws IOException {
        Dataset ds = everything();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(out, null, DicomWriter.fileMeta(ds, ts, null), ds, new ByteArrayInputStream(new byte[0]),
                ts, ItemRef.NONE);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(out.toByteArray()), ts.keyword())) {
            assertThat(o.preamble()).isEqualTo(new byte[128]);
            assertThat(o.transferSyntax()).isEqualTo(ts);
            assertThat(o.warnings()).isEmpty();
            assertThat(o.remainder().read()).isEqualTo(-1);
            assertRead(o.header(), ds, ts);
        }
    }

    private static void assertRead(Dataset read, Dataset written, TransferSyntax ts) {
        Dataset expected = ts.isExplicitVr() ? written : Datasets.withImplicitVrs(written);
        assertThat(read).isEqualTo(expected);

        assertThat(read.getLongs(Tag.Rows)).containsExactly(512);
        assertThat(read.getLongs(Tag.Columns)).containsExactly(65_535);
        assertThat(read.getLongs(Tag.TagAngleSecondAxis)).containsExactly(-5, 300);
        assertThat(read.getLongs(Tag.ReferencePixelX0)).containsExactly(-70_000);
        assertThat(read.getLongs(Tag.ReferencedSamplePositions)).containsExactly(3_000_000_000L, 1);
        assertThat(read.getLongs(Tag.SelectorSVValue)).containsExactly(-(1L << 40), Long.MAX_VALUE);
        assertThat(read.getLongs(Tag.SelectorUVValue)).containsExactly(UV_ABOVE_2_63);
        assertThat(read.valueAsText(Tag.SelectorUVValue)).isEqualTo(Long.toUnsignedString(UV_ABOVE_2_63));
        assertThat(read.getLongs(Tag.FrameIncrementPointer))
                .containsExactly(Integer.toUnsignedLong(Tag.FrameTime), Integer.toUnsignedLong(Tag.FrameTimeVector));
        assertThat(read.getDoubles(Tag.ExaminedBodyThickness)).containsExactly(1.5, -0.25);
        assertThat(read.getDoubles(Tag.DiffusionBValue)).containsExactly(Math.PI);
        assertThat(read.getDoubles(Tag.VectorGridData)).containsExactly(0.5, (double) (float) -1e10);
        assertThat(read.getDoubles(Tag.DoublePointCoordinatesData)).containsExactly(1.25, -2.5e-300);
        assertThat(read.getBytes(Tag.RedPaletteColorLookupTableData)).isEqualTo(le16(0x0102, 0xFFFE, 0x8000));
        assertThat(read.getBytes(Tag.LongPrimitivePointIndexList)).isEqualTo(le32(1, 0x01020304, -1));
        assertThat(read.getBytes(Tag.SelectorOVValue)).isEqualTo(le64(0x0102030405060708L, -2));
        assertThat(read.getBytes(PRIVATE_VALUE)).containsExactly(1, 2, 3, 4, 0xFE, 0xFF);
        assertThat(read.getString(Tag.ImageComments)).isEqualTo("  leading spaces are part of the value");
        assertThat(read.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(read.getStrings(Tag.TextValue)).containsExactly("free text\\with a backslash");
        assertThat(read.getString(Tag.SOPClassUID)).isEqualTo("1.2.840.10008.5.1.4.1.1.7");
        assertThat(read.getString(Tag.RetrieveAETitle)).isEqualTo("FERRY_SCU");

        assertThat(read.getSequence(Tag.ReferencedStudySequence)).isEmpty();
        assertThat(read.getSequence(Tag.ReferencedStudySequence).undefinedLength()).isFalse();
        assertThat(read.getSequence(Tag.ReferencedPerformedProcedureStepSequence).undefinedLength()).isTrue();
        Dataset.Sequence series = read.getSequence(Tag.ReferencedSeriesSequence);
        assertThat(series.undefinedLength()).isFalse();
        assertThat(series).hasSize(3);
        assertThat(series.get(0).undefinedLength()).isFalse();
        assertThat(series.get(1).isEmpty()).isTrue();
        assertThat(series.get(1).undefinedLength()).isFalse();
        assertThat(series.get(2).isEmpty()).isTrue();
        assertThat(series.get(2).undefinedLength()).isTrue();
        Dataset.Sequence images = series.get(0).getSequence(Tag.ReferencedImageSequence);
        assertThat(images.undefinedLength()).isTrue();
        assertThat(images.get(1).getString(Tag.ReferencedSOPInstanceUID)).isEqualTo("2.25.1.1");
        assertThat(images.get(1).parent()).isSameAs(series.get(0));

        Dataset.Sequence icons = read.getSequence(Tag.IconImageSequence);
        Dataset.Fragments fragments = icons.get(0).getFragments(Tag.PixelData);
        assertThat(fragments).hasSize(3);
        assertThat(fragments.get(0)).isEmpty();
        assertThat(fragments.get(2)).containsExactly(0xFE, 0xFF, 0xDD, 0xE0);
        assertThat(icons.get(1).getBytes(Tag.PixelData)).isEqualTo(le16(1, 2, 0x0300, 0xFFFF));
    }

    // ---------------------------------------------------------------------------------------------
    // Exact bytes (PS3.5 sections 7.1.2, 7.1.3, 7.5, A.4).

    @Test
    void explicitLittleEndianShortHeaderIsTagVrAndTwoByteLength() throws IOException {
        Dataset ds = new Dataset().setInts(Tag.Rows, VR.US, 512);

        assertThat(hex(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo("28001000" + "5553" + "0200" + "0002");
    }

    @Test
    void explicitLittleEndianLongHeaderHasTwoReservedBytesAndFourByteLength() throws IOException {
        Dataset ds = new Dataset().setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2});

        assertThat(hex(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo("42001100" + "4f42" + "0000" + "02000000" + "0102");
        for (VR vr : new VR[] {VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.SV, VR.UC, VR.UN, VR.UR, VR.UT, VR.UV}) {
            Dataset one = new Dataset().setBytes(0x00091001, vr, new byte[8]);
            byte[] b = DicomWriter.encode(one, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(hex(b).substring(0, 24)).as(vr.name())
                    .isEqualTo("09000110" + hex(vr.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            + "0000" + "08000000");
        }
    }

    @Test
    void implicitLittleEndianIsTagAndFourByteLength() throws IOException {
        Dataset ds = new Dataset().setInts(Tag.Rows, VR.US, 512);

        assertThat(hex(DicomWriter.encode(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)))
                .isEqualTo("28001000" + "02000000" + "0002");
    }

    @Test
    void explicitBigEndianSwapsTagsLengthsAndEachNumberByItsWidth() throws IOException {
        Dataset ds = new Dataset()
                .setInts(Tag.Rows, VR.US, 0x0102)
                .setLongs(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime)
                .setDoubles(Tag.DiffusionBValue, VR.FD, 1.0)
                .setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, le16(0x0A0B))
                .setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {1, 2});

        assertThat(hex(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN))).isEqualTo(
                "00189087" + "4644" + "0008" + "3ff0000000000000"
                        + "00280009" + "4154" + "0004" + "00181063"
                        + "00280010" + "5553" + "0002" + "0102"
                        + "00281201" + "4f57" + "0000" + "00000002" + "0a0b"
                        + "00420011" + "4f42" + "0000" + "00000002" + "0102");
    }

    @Test
    void oddValuesArePaddedWithTheirVrsPaddingByte() throws IOException {
        Dataset ds = new Dataset()
                .setString(Tag.SOPInstanceUID, VR.UI, "1.2.3")
                .setString(Tag.AccessionNumber, VR.SH, "ABC")
                .setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[] {7, 8, 9});

        assertThat(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(RawDicom.explicitLittle()
                .text(Tag.SOPInstanceUID, "UI", "1.2.3\0")
                .text(Tag.AccessionNumber, "SH", "ABC ")
                .element(Tag.EncapsulatedDocument, "OB", new byte[] {7, 8, 9, 0})
                .toByteArray());
    }

    @Test
    void sequencesAndItemsOfUndefinedLengthEndWithDelimiters() throws IOException {
        Dataset ds = new Dataset();
        ds.newSequence(Tag.ReferencedSeriesSequence).addItem().setInts(Tag.Rows, VR.US, 1);

        assertThat(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(RawDicom.explicitLittle()
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED).us(Tag.Rows, 1).itemEnd()
                .sequenceEnd()
                .toByteArray());
        assertThat(DicomWriter.encode(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(RawDicom.implicitLittle()
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED).us(Tag.Rows, 1).itemEnd()
                .sequenceEnd()
                .toByteArray());
        assertThat(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)).isEqualTo(RawDicom.explicitBig()
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED)
                .item(RawDicom.UNDEFINED).us(Tag.Rows, 1).itemEnd()
                .sequenceEnd()
                .toByteArray());
    }

    @Test
    void sequencesAndItemsOfDefinedLengthDeclareTheLengthOfWhatTheyHold() throws IOException {
        Dataset ds = new Dataset();
        Dataset.Sequence seq = ds.newSequence(Tag.ReferencedSeriesSequence);
        seq.setUndefinedLength(false);
        Dataset item = seq.addItem();
        item.setUndefinedLength(false);
        item.setInts(Tag.Rows, VR.US, 1);
        Dataset.Sequence inner = item.newSequence(Tag.ReferencedImageSequence);
        inner.setUndefinedLength(false);
        inner.addItem().setUndefinedLength(false);

        assertThat(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(RawDicom.explicitLittle()
                .header(Tag.ReferencedSeriesSequence, "SQ", 8 + 10 + 12 + 8)
                .item(12 + 8 + 10)
                .header(Tag.ReferencedImageSequence, "SQ", 8).item(0)
                .us(Tag.Rows, 1)
                .toByteArray());
    }

    @Test
    void fragmentsInAnItemAreAnUndefinedLengthObOfItemsWithoutSwapping() throws IOException {
        Dataset ds = new Dataset();
        Dataset icon = ds.newSequence(Tag.IconImageSequence).addItem();
        Dataset.Fragments f = icon.newFragments(Tag.PixelData);
        f.add(new byte[0]);
        f.add(new byte[] {1, 2, 3, 4});

        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN}) {
            assertThat(DicomWriter.encode(ds, ts)).as(ts.keyword()).isEqualTo(RawDicom.of(ts)
                    .header(Tag.IconImageSequence, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                    .header(Tag.PixelData, "OB", RawDicom.UNDEFINED).item(0).item(4).u8(1, 2, 3, 4).sequenceEnd()
                    .itemEnd().sequenceEnd()
                    .toByteArray());
        }
    }

    @Test
    void aTextValueSetAsAStringIsEncodedWithTheItemsInheritedCharacterSet() throws IOException {
        Dataset ds = new Dataset().setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setTextCodec(dev.ferry.dicom.charset.SpecificCharacterSet.of("ISO_IR 192"));
        ds.newSequence(Tag.ReferencedSeriesSequence).addItem().setString(Tag.PatientName, VR.PN, "Ærø^Jürgen");

        byte[] encoded = DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(encoded), "utf8")) {
            Dataset item = o.header().getSequence(Tag.ReferencedSeriesSequence).get(0);
            assertThat(item.getBytes(Tag.PatientName)) // 13 bytes, padded with a space
                    .isEqualTo("Ærø^Jürgen ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(item.getString(Tag.PatientName)).isEqualTo("Ærø^Jürgen");
        }
    }

    @Test
    void aValueTooLongForATwoByteLengthIsNotCorrupted() throws IOException {
        long[] positions = new long[20_000];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        Dataset ds = new Dataset().setLongs(Tag.ReferencedSamplePositions, VR.UL, positions);
        ds.setString(Tag.TextValue, VR.UT, "after the long value");

        byte[] encoded = DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        try (DicomObject o = DicomReader.builder().bulkThreshold(Long.MAX_VALUE).build()
                .read(new ByteArrayInputStream(encoded), "long")) {
            assertThat(o.header().getBytes(Tag.ReferencedSamplePositions)).isEqualTo(ds.getBytes(Tag.ReferencedSamplePositions));
            assertThat(o.header().getString(Tag.TextValue)).isEqualTo("after the long value");
        }
    }

    // ---------------------------------------------------------------------------------------------

    static byte[] le16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] le32(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    static byte[] le64(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
