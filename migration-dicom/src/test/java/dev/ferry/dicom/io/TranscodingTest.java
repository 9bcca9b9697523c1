package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DicomWriter#writeFile(java.io.OutputStream, DicomInstance, TransferSyntax, String)}: the header
 * re-encoded, the remainder re-encoded between native encodings as it streams (byte order swapped
 * per word, VR of Pixel Data chosen from Bits Allocated when the source had none), compressed pixel
 * data never touched, and File Meta rebuilt (PS3.10 section 7.1).
 */
class TranscodingTest {
    private static final short[] PIXELS = {0x0001, 0x0203, (short) 0x8000, (short) 0xFFFF, 0x0FFF, 0x1234};

    static Dataset imageHeader(int bitsAllocated) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.4242");
        ds.setString(Tag.PatientName, VR.PN, "Doe^Jane");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.1");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.2");
        ds.setInts(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInts(Tag.Rows, VR.US, 2);
        ds.setInts(Tag.Columns, VR.US, 3);
        ds.setInts(Tag.BitsAllocated, VR.US, bitsAllocated);
        ds.setInts(Tag.BitsStored, VR.US, bitsAllocated == 16 ? 12 : 8);
        ds.setInts(Tag.HighBit, VR.US, bitsAllocated == 16 ? 11 : 7);
        ds.setInts(Tag.PixelRepresentation, VR.US, 0);
        return ds;
    }

    /** An Implicit VR Little Endian file: header, Pixel Data (no VR, as implicit has none) and trailing padding. */
    static byte[] implicitImage(int bitsAllocated, byte[] pixels) throws IOException {
        byte[] tail = RawDicom.implicitLittle()
                .header(Tag.PixelData, "OW", pixels.length).bytes(pixels)
                .header(Tag.DataSetTrailingPadding, "OB", 4).u32(0)
                .toByteArray();
        return RawDicom.part10(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, RawDicom.concat(
                DicomWriter.encode(imageHeader(bitsAllocated), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), tail));
    }

    static byte[] transcode(byte[] file, TransferSyntax target, String aet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "in")) {
            DicomWriter.writeFile(out, o.toInstance(file.length), target, aet);
        }
        return out.toByteArray();
    }

    /** The remainder of a file, with the header read and checked. */
    static byte[] remainder(byte[] file, TransferSyntax expected, Dataset expectedHeader) throws IOException {
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), expected.keyword())) {
            assertThat(o.transferSyntax()).isEqualTo(expected);
            assertThat(o.warnings()).isEmpty();
            assertThat(o.header()).isEqualTo(expected.isExplicitVr() ? expectedHeader : Datasets.withImplicitVrs(expectedHeader));
            return o.remainder().readAllBytes();
        }
    }

    static byte[] le(short... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : v) {
            b.putShort(s);
        }
        return b.array();
    }

    static short[] shorts(byte[] b, int offset, int count, ByteOrder order) {
        short[] out = new short[count];
        ByteBuffer.wrap(b, offset, count * 2).order(order).asShortBuffer().get(out);
        return out;
    }

    @Test
    void nativeImageGoesImplicitToExplicitToBigEndianAndBack() throws IOException {
        Dataset header = imageHeader(16);
        byte[] implicit = implicitImage(16, le(PIXELS));

        byte[] explicit = transcode(implicit, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        byte[] rest = remainder(explicit, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, header);
        assertThat(EncodingRoundTripTest.hex(Arrays.copyOf(rest, 12))).isEqualTo("e07f1000" + "4f57" + "0000" + "0c000000");
        assertThat(shorts(rest, 12, PIXELS.length, ByteOrder.LITTLE_ENDIAN)).containsExactly(PIXELS);
        assertThat(EncodingRoundTripTest.hex(Arrays.copyOfRange(rest, 24, rest.length)))
                .isEqualTo("fcfffcff" + "4f42" + "0000" + "04000000" + "00000000");

        byte[] big = transcode(explicit, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null);
        rest = remainder(big, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, header);
        assertThat(EncodingRoundTripTest.hex(Arrays.copyOf(rest, 12))).isEqualTo("7fe00010" + "4f57" + "0000" + "0000000c");
        assertThat(shorts(rest, 12, PIXELS.length, ByteOrder.BIG_ENDIAN)).containsExactly(PIXELS);
        assertThat(EncodingRoundTripTest.hex(Arrays.copyOfRange(rest, 24, rest.length)))
                .isEqualTo("fffcfffc" + "4f42" + "0000" + "00000004" + "00000000");

        byte[] back = transcode(big, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null);
        try (DicomObject original = DicomReader.standard().read(new ByteArrayInputStream(implicit), "implicit");
                DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(back), "back")) {
            assertThat(Arrays.copyOfRange(back, (int) again.datasetOffset(), back.length))
                    .isEqualTo(Arrays.copyOfRange(implicit, (int) original.datasetOffset(), implicit.length));
        }
    }

    /** As GE wrote it: an implicit little-endian data set, 16-bit pixels in big-endian byte order. */
    static byte[] gePrivateImage(short[] pixels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.BIG_ENDIAN);
        for (short v : pixels) {
            b.putShort(v);
        }
        byte[] tail = RawDicom.implicitLittle().header(Tag.PixelData, "OW", b.capacity()).bytes(b.array()).toByteArray();
        return RawDicom.part10(TransferSyntax.GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN, RawDicom.concat(
                DicomWriter.encode(imageHeader(16), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), tail));
    }

    @Test
    void gesPrivateBigEndianPixelsAreSwappedWhenGoingToAStandardSyntax() throws IOException {
        byte[] ge = gePrivateImage(PIXELS);
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(ge), "ge")) {
            assertThat(o.warnings()).isEmpty();
            assertThat(o.explicitVr()).isFalse();
            assertThat(o.header()).isEqualTo(Datasets.withImplicitVrs(imageHeader(16)));
        }

        byte[] implicit = remainder(transcode(ge, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, imageHeader(16));
        byte[] explicit = remainder(transcode(ge, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, imageHeader(16));
        byte[] big = remainder(transcode(ge, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null),
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, imageHeader(16));

        assertThat(shorts(implicit, 8, PIXELS.length, ByteOrder.LITTLE_ENDIAN)).containsExactly(PIXELS);
        assertThat(shorts(explicit, 12, PIXELS.length, ByteOrder.LITTLE_ENDIAN)).containsExactly(PIXELS);
        assertThat(shorts(big, 12, PIXELS.length, ByteOrder.BIG_ENDIAN)).containsExactly(PIXELS);
    }

    @Test
    void gesPrivateSyntaxIsKeptByteForByteAndReachedFromAStandardOne() throws IOException {
        byte[] ge = gePrivateImage(PIXELS);
        byte[] same = transcode(ge, TransferSyntax.GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN, null);
        byte[] back = transcode(transcode(ge, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null),
                TransferSyntax.GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN, null);
        try (DicomObject original = DicomReader.standard().read(new ByteArrayInputStream(ge), "ge");
                DicomObject kept = DicomReader.standard().read(new ByteArrayInputStream(same), "same");
                DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(back), "back")) {
            byte[] dataSet = Arrays.copyOfRange(ge, (int) original.datasetOffset(), ge.length);
            assertThat(Arrays.copyOfRange(same, (int) kept.datasetOffset(), same.length)).isEqualTo(dataSet);
            assertThat(Arrays.copyOfRange(back, (int) again.datasetOffset(), back.length)).isEqualTo(dataSet);
        }
    }

    @Test
    void eightBitPixelDataFromImplicitBecomesOb() throws IOException {
        byte[] pixels = {1, 2, 3, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

        byte[] explicit = transcode(implicitImage(8, pixels), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        byte[] rest = remainder(explicit, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, imageHeader(8));
        byte[] big = remainder(transcode(explicit, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null),
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, imageHeader(8));

        assertThat(EncodingRoundTripTest.hex(Arrays.copyOf(rest, 12))).isEqualTo("e07f1000" + "4f42" + "0000" + "06000000");
        assertThat(Arrays.copyOfRange(rest, 12, 18)).isEqualTo(pixels);
        assertThat(Arrays.copyOfRange(big, 12, 18)).as("bytes are not swapped").isEqualTo(pixels);
    }

    @Test
    void malformedBitsAllocatedStillTranscodesWithPixelDataAsOw() throws IOException {
        byte[] pixels = le(PIXELS);
        Dataset header = imageHeader(16);
        for (int tag : new int[] {Tag.BitsAllocated, Tag.BitsStored, Tag.HighBit, Tag.PixelRepresentation}) {
            header.remove(tag);
        }
        byte[] tail = RawDicom.implicitLittle()
                .element(Tag.BitsAllocated, "US", new byte[] {16, 0, 0})
                .header(Tag.PixelData, "OW", pixels.length).bytes(pixels)
                .toByteArray();
        byte[] implicit = RawDicom.part10(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, RawDicom.concat(
                DicomWriter.encode(header, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), tail));

        byte[] explicit = transcode(implicit, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(explicit), "explicit")) {
            byte[] rest = o.remainder().readAllBytes();
            assertThat(EncodingRoundTripTest.hex(Arrays.copyOf(rest, 12))).isEqualTo("e07f1000" + "4f57" + "0000" + "0c000000");
            assertThat(Arrays.copyOfRange(rest, 12, rest.length)).isEqualTo(pixels);
        }
    }

    @Test
    void realBigEndianFileBecomesTheLittleEndianOriginal() throws IOException {
        byte[] big = Corpus.bytes("pydicom/test_files/MR_small_expb.dcm");

        byte[] converted = transcode(big, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);

        try (DicomObject expected = Corpus.read("pydicom/test_files/MR_small.dcm");
                DicomObject actual = DicomReader.standard().read(new ByteArrayInputStream(converted), "converted")) {
            assertThat(actual.header()).isEqualTo(expected.header());
            assertThat(actual.remainder().readAllBytes()).isEqualTo(expected.remainder().readAllBytes());
        }
    }

    @Test
    void multiFrameBigEndianSurvivesARoundTripThroughImplicit() throws IOException {
        String file = "pydicom-data/emri_small_big_endian.dcm";
        byte[] big = Corpus.bytes(file);

        byte[] back = transcode(transcode(big, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null),
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null);

        try (DicomObject original = Corpus.read(file);
                DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(back), "back")) {
            assertThat(again.header()).isEqualTo(Datasets.withImplicitVrs(original.header()));
            assertThat(again.remainder().readAllBytes()).isEqualTo(original.remainder().readAllBytes());
        }
    }

    @Test
    void deflatedTargetAndSource() throws IOException {
        Dataset header = imageHeader(16);
        byte[] explicit = transcode(implicitImage(16, le(PIXELS)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        byte[] expectedRest = remainder(explicit, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, header);

        byte[] deflated = transcode(explicit, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, null);
        assertThat(remainder(deflated, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, header)).isEqualTo(expectedRest);

        byte[] inflated = transcode(deflated, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        assertThat(inflated).isEqualTo(explicit);

        byte[] fromImplicit = transcode(implicitImage(16, le(PIXELS)), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, null);
        assertThat(remainder(fromImplicit, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, header)).isEqualTo(expectedRest);
    }

    @Test
    void encapsulatedSourceToAnotherSyntaxIsRefusedNamingBoth() throws IOException {
        String file = "pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm";
        byte[] data = Corpus.bytes(file);
        try (DicomObject o = Corpus.read(file)) {
            DicomInstance instance = o.toInstance(data.length);

            Throwable t = catchThrowable(() -> DicomWriter.writeFile(new ByteArrayOutputStream(), instance,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null));

            assertThat(t).isInstanceOf(PermanentMigrationException.class);
            PermanentMigrationException e = (PermanentMigrationException) t;
            assertThat(e.reason()).isEqualTo(ReasonCode.TRANSFER_SYNTAX_REFUSED);
            assertThat(e.item()).isEqualTo(instance.descriptor().ref());
            assertThat(e.getMessage())
                    .contains(TransferSyntax.JPEG_BASELINE.uid())
                    .contains(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        }
    }

    @Test
    void nativeSourceToACompressedSyntaxIsRefused() throws IOException {
        byte[] explicit = transcode(implicitImage(16, le(PIXELS)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);

        Throwable t = catchThrowable(() -> transcode(explicit, TransferSyntax.JPEG_2000_LOSSLESS, null));

        assertThat(t).isInstanceOf(PermanentMigrationException.class);
        assertThat(((PermanentMigrationException) t).reason()).isEqualTo(ReasonCode.TRANSFER_SYNTAX_REFUSED);
        assertThat(t.getMessage()).contains(TransferSyntax.JPEG_2000_LOSSLESS.uid())
                .contains(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    @Test
    void encapsulatedSourceInItsOwnSyntaxIsCopiedUnchanged() throws IOException {
        for (String file : new String[] {"pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm", "pydicom-data/liver_deflate.dcm",
                "pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm"}) {
            byte[] data = Corpus.bytes(file);
            try (DicomObject o = Corpus.read(file)) {
                byte[] copy = transcode(data, o.transferSyntax(), null);
                try (DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(copy), file)) {
                    assertThat(Arrays.copyOfRange(copy, (int) again.datasetOffset(), copy.length)).as(file)
                            .isEqualTo(Arrays.copyOfRange(data, (int) o.datasetOffset(), data.length));
                }
            }
        }
    }

    @Test
    void fileMetaIsRebuiltWithTheRightGroupLength() throws IOException {
        byte[] file = transcode(implicitImage(16, le(PIXELS)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "LEGACY_PACS");

        assertThat(Arrays.copyOf(file, 128)).isEqualTo(new byte[128]);
        assertThat(new String(file, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        Map<Integer, byte[]> meta = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.position(132);
        long groupLength = -1;
        int restStart = -1;
        while (b.getShort(b.position()) == 0x0002) {
            int tag = (b.getShort() & 0xFFFF) << 16 | b.getShort() & 0xFFFF;
            String vr = "" + (char) b.get() + (char) b.get();
            int length;
            if (VR.valueOf(vr).hasLongHeader()) {
                b.getShort(); // reserved
                length = b.getInt();
            } else {
                length = b.getShort() & 0xFFFF;
            }
            byte[] value = new byte[length];
            b.get(value);
            meta.put(tag, value);
            if (tag == Tag.FileMetaInformationGroupLength) {
                groupLength = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getInt();
                restStart = b.position();
            }
            assertThat(vr).as(Tags.format(tag)).isEqualTo(expectedMetaVr(tag));
        }

        assertThat(meta.keySet()).containsExactly(Tag.FileMetaInformationGroupLength, Tag.FileMetaInformationVersion,
                Tag.MediaStorageSOPClassUID, Tag.MediaStorageSOPInstanceUID, Tag.TransferSyntaxUID,
                Tag.ImplementationClassUID, Tag.ImplementationVersionName, Tag.SourceApplicationEntityTitle);
        assertThat(groupLength).as("group length").isEqualTo(b.position() - restStart);
        assertThat(meta.get(Tag.FileMetaInformationVersion)).containsExactly(0, 1);
        assertThat(text(meta.get(Tag.MediaStorageSOPClassUID))).isEqualTo("1.2.840.10008.5.1.4.1.1.7\0");
        assertThat(text(meta.get(Tag.MediaStorageSOPInstanceUID))).isEqualTo("2.25.4242\0");
        assertThat(text(meta.get(Tag.TransferSyntaxUID))).isEqualTo("1.2.840.10008.1.2.1\0");
        assertThat(text(meta.get(Tag.ImplementationClassUID)).replace("\0", ""))
                .isEqualTo(DicomWriter.IMPLEMENTATION_CLASS_UID)
                .hasSizeLessThanOrEqualTo(64)
                .matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
        assertThat(text(meta.get(Tag.ImplementationVersionName)).strip())
                .isEqualTo(DicomWriter.IMPLEMENTATION_VERSION_NAME)
                .hasSizeLessThanOrEqualTo(16);
        assertThat(text(meta.get(Tag.SourceApplicationEntityTitle)).strip()).isEqualTo("LEGACY_PACS");

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "meta")) {
            assertThat(o.warnings()).isEmpty();
            assertThat(o.datasetOffset()).isEqualTo(b.position());
            assertThat(o.fileMeta()).isEqualTo(DicomWriter.fileMeta(o.header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    "LEGACY_PACS"));
        }
    }

    @Test
    void fileMetaWithoutSourceAeTitleLeavesItOut() throws IOException {
        Dataset meta = DicomWriter.fileMeta(imageHeader(16), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, " ");

        assertThat(meta.contains(Tag.SourceApplicationEntityTitle)).isFalse();
        assertThat(meta.getString(Tag.TransferSyntaxUID)).isEqualTo("1.2.840.10008.1.2");
        byte[] encoded = DicomWriter.encode(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(meta.getLongs(Tag.FileMetaInformationGroupLength)).containsExactly(encoded.length - 12L);
    }

    @Test
    void preambleAndFileMetaGivenToWriteFileAreWrittenAsGiven() throws IOException {
        byte[] preamble = new byte[128];
        Arrays.fill(preamble, (byte) 0x5A);
        Dataset header = imageHeader(16);
        Dataset meta = DicomWriter.fileMeta(header, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, "AE1");
        byte[] pixels = RawDicom.explicitLittle().header(Tag.PixelData, "OW", 4).u16(0x0102).u16(0x0304).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DicomWriter.writeFile(out, preamble, meta, header, new ByteArrayInputStream(pixels),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, dev.ferry.api.ItemRef.NONE);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(out.toByteArray()), "given")) {
            assertThat(o.preamble()).isEqualTo(preamble);
            assertThat(o.fileMeta()).isEqualTo(meta);
            assertThat(o.header()).isEqualTo(header);
            assertThat(EncodingRoundTripTest.hex(o.remainder().readAllBytes()))
                    .isEqualTo("7fe00010" + "4f57" + "0000" + "00000004" + "0102" + "0304");
        }
    }

    @Test
    void implicitDataSetUnderAnExplicitSyntaxIsWrittenValid() throws IOException {
        String file = "pydicom/test_files/SC_rgb_jpeg.dcm";
        byte[] data = Corpus.bytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] originalRemainder;
        try (DicomObject o = Corpus.read(file)) {
            assertThat(o.explicitVr()).isFalse();
            originalRemainder = o.remainder().readAllBytes();
        }
        try (DicomObject o = Corpus.read(file)) {
            DicomWriter.writeFile(out, o.toInstance(data.length), o.transferSyntax(), null);
        }

        try (DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(out.toByteArray()), "rewritten")) {
            assertThat(again.explicitVr()).isTrue();
            assertThat(again.warnings()).isEmpty();
            byte[] rest = again.remainder().readAllBytes();
            assertThat(EncodingRoundTripTest.hex(Arrays.copyOf(rest, 12))).isEqualTo("e07f1000" + "4f42" + "0000" + "ffffffff");
            // The reader already re-encoded the remainder as the transfer syntax says; written as read.
            assertThat(rest).isEqualTo(originalRemainder);
        }
    }

    private static String expectedMetaVr(int tag) {
        switch (tag) {
            case Tag.FileMetaInformationGroupLength: return "UL";
            case Tag.FileMetaInformationVersion: return "OB";
            case Tag.ImplementationVersionName: return "SH";
            case Tag.SourceApplicationEntityTitle: return "AE";
            default: return "UI";
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
