package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the header ends and what the remainder holds: the header stops at top-level Pixel Data or
 * at a top-level value above the bulk threshold, never inside a sequence; the remainder starts with
 * the element header as the object encoded it and is streamed, never read ahead.
 */
class StoppingAndRemainderTest {
    private static final int TRAILING_PADDING = Tag.DataSetTrailingPadding;

    static java.util.stream.Stream<TransferSyntax> encodings() {
        return EncodingRoundTripTest.encodings();
    }

    static Dataset smallHeader() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.77");
        ds.setString(Tag.PatientName, VR.PN, "Doe^John");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.78");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.79");
        ds.setInts(Tag.Rows, VR.US, 2);
        ds.setInts(Tag.Columns, VR.US, 2);
        ds.setInts(Tag.BitsAllocated, VR.US, 16);
        return ds;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void nativePixelDataEndsTheHeaderAndStartsTheRemainderAsEncoded(TransferSyntax ts) throws IOException {
        Dataset header = smallHeader();
        TransferSyntax inner = ts.isDeflated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : ts;
        byte[] tail = RawDicom.of(inner)
                .header(Tag.PixelData, "OW", 8).u16(1).u16(2).u16(0x0304).u16(0xFFFF)
                .header(TRAILING_PADDING, "OB", 4).u32(0)
                .toByteArray();
        byte[] dataSet = RawDicom.concat(DicomWriter.encode(header, inner), tail);
        byte[] file = RawDicom.part10(ts, ts.isDeflated() ? deflate(dataSet) : dataSet);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "native")) {
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.header()).isEqualTo(ts.isExplicitVr() ? header : Datasets.withImplicitVrs(header));
            assertThat(o.header().contains(Tag.PixelData)).isFalse();
            assertThat(o.remainder().readAllBytes()).isEqualTo(tail);
        }
    }

    @Test
    void encapsulatedPixelDataOfUndefinedLengthEndsTheHeader() throws IOException {
        Dataset header = smallHeader();
        byte[] tail = RawDicom.explicitLittle()
                .header(Tag.PixelData, "OB", RawDicom.UNDEFINED)
                .item(0).item(4).u8(0xFF, 0xD8, 0xFF, 0xD9).sequenceEnd()
                .toByteArray();
        byte[] file = RawDicom.part10(TransferSyntax.JPEG_BASELINE,
                RawDicom.concat(DicomWriter.encode(header, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), tail));

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "jpeg")) {
            assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.JPEG_BASELINE);
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.header()).isEqualTo(header);
            assertThat(o.remainder().readAllBytes()).isEqualTo(tail);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "pydicom/test_files/MR_small_implicit.dcm",
        "pydicom/test_files/MR_small.dcm",
        "pydicom/test_files/MR_small_expb.dcm",
        "pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm",
        "pydicom/test_files/JPEG2000-embedded-sequence-delimiter.dcm",
        "pydicom-data/emri_small_big_endian.dcm",
        "pydicom-data/eCT_Supplemental.dcm",
    })
    void remainderOfACorpusFileIsTheFileFromItsPixelDataOn(String file) throws IOException {
        byte[] data = Corpus.bytes(file);
        try (DicomObject o = Corpus.read(file)) {
            byte[] remainder = o.remainder().readAllBytes();
            boolean be = o.transferSyntax().isBigEndian();

            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(Arrays.copyOf(remainder, 4)).isEqualTo(be ? new byte[] {0x7F, (byte) 0xE0, 0x00, 0x10}
                    : new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
            assertThat(remainder).isEqualTo(Arrays.copyOfRange(data, data.length - remainder.length, data.length));
        }
    }

    @Test
    void topLevelValueAboveTheBulkThresholdEndsTheHeader() throws IOException {
        DicomReader reader = DicomReader.builder().bulkThreshold(100).build();
        byte[] head = RawDicom.explicitLittle()
                .text(Tag.PatientName, "PN", "Doe^John")
                .element(Tag.EncapsulatedDocument, "OB", new byte[100]) // at the threshold: kept
                .toByteArray();
        byte[] tail = RawDicom.explicitLittle()
                .element(Tag.LongPrimitivePointIndexList, "OL", new byte[104]) // above it
                .text(Tag.ContentCreatorName, "PN", "Roe^Jim ")
                .toByteArray();

        try (DicomObject o = reader.read(new ByteArrayInputStream(RawDicom.concat(head, tail)), "bulk")) {
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.header().tags()).containsExactly(Tag.PatientName, Tag.EncapsulatedDocument);
            assertThat(o.remainder().readAllBytes()).isEqualTo(tail);
        }
    }

    @Test
    void valuesInSequencesNeverEndTheHeader() throws IOException {
        Dataset ds = new Dataset();
        Dataset icon = ds.newSequence(Tag.IconImageSequence).addItem();
        icon.setInts(Tag.BitsAllocated, VR.US, 8);
        icon.setBytes(Tag.PixelData, VR.OW, new byte[10_000]);
        Dataset.Sequence nested = ds.newSequence(Tag.ReferencedSeriesSequence).addItem()
                .newSequence(Tag.ReferencedImageSequence);
        nested.setUndefinedLength(false);
        nested.addItem().setBytes(Tag.EncapsulatedDocument, VR.OB, new byte[10_000]);
        DicomReader reader = DicomReader.builder().bulkThreshold(16).build();

        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN}) {
            byte[] file = RawDicom.part10(ts, DicomWriter.encode(ds, ts));

            try (DicomObject o = reader.read(new ByteArrayInputStream(file), ts.keyword())) {
                assertThat(o.stoppedAtBulk()).as(ts.keyword()).isFalse();
                assertThat(o.header()).as(ts.keyword()).isEqualTo(ts.isExplicitVr() ? ds : Datasets.withImplicitVrs(ds));
                assertThat(o.remainder().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void headerWithoutPixelDataHasAnEmptyRemainder() throws IOException {
        byte[] encoded = DicomWriter.encode(smallHeader(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, encoded);

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "no pixels")) {
            assertThat(o.stoppedAtBulk()).isFalse();
            assertThat(o.header()).isEqualTo(smallHeader());
            assertThat(o.remainder().read()).isEqualTo(-1);
            assertThat(o.toInstance(file.length).transferRemainderTo(OutputStream.nullOutputStream())).isZero();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void remainderIsStreamedNotReadAhead() throws IOException {
        long pixels = 300L << 20;
        byte[] prefix = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, RawDicom.concat(
                DicomWriter.encode(smallHeader(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                RawDicom.explicitLittle().header(Tag.PixelData, "OW", pixels).toByteArray()));
        GeneratedStream source = new GeneratedStream(prefix, prefix.length + pixels);

        try (DicomObject o = DicomReader.standard().read(source, "300 MiB")) {
            assertThat(source.pulled()).as("bytes pulled before read() returned").isLessThan(prefix.length + (256 << 10));
            assertThat(o.header()).isEqualTo(smallHeader());

            InputStream remainder = o.remainder();
            assertThat(remainder.readNBytes(12)).isEqualTo(Arrays.copyOfRange(prefix, prefix.length - 12, prefix.length));
            assertThat(remainder.read()).isEqualTo(GeneratedStream.bodyByte(prefix.length) & 0xFF);
            assertThat(remainder.transferTo(OutputStream.nullOutputStream())).isEqualTo(pixels - 1);
            assertThat(source.pulled()).isEqualTo(prefix.length + pixels);
        }
        assertThat(source.closed()).isTrue();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void transcodingWritesAsItReads() throws IOException {
        long pixels = 48L << 20;
        byte[] prefix = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, RawDicom.concat(
                DicomWriter.encode(smallHeader(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                RawDicom.explicitLittle().header(Tag.PixelData, "OW", pixels).toByteArray()));
        GeneratedStream source = new GeneratedStream(prefix, prefix.length + pixels);
        long[] pulledAtFirstMebibyte = {-1};
        long[] written = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
                if (written[0] > (1 << 20) && pulledAtFirstMebibyte[0] < 0) {
                    pulledAtFirstMebibyte[0] = source.pulled();
                }
            }
        };

        try (DicomObject o = DicomReader.standard().read(source, "48 MiB")) {
            DicomWriter.writeFile(sink, o.toInstance(dev.ferry.api.StudyDescriptor.UNKNOWN), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null);
        }

        assertThat(pulledAtFirstMebibyte[0]).as("bytes pulled when the first MiB was written").isLessThan(4L << 20);
        assertThat(written[0]).isGreaterThan(pixels);
    }

    @Test
    void theObjectAndItsInstanceOwnTheInput() throws IOException {
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                DicomWriter.encode(smallHeader(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        GeneratedStream viaObject = new GeneratedStream(file, file.length);
        GeneratedStream viaInstance = new GeneratedStream(file, file.length);
        GeneratedStream failing = new GeneratedStream(new byte[] {0x08, 0, 0x08, 0, 'C', 'S', 10, 0}, 8);

        DicomReader.standard().read(viaObject, "object").close();
        DicomInstance instance = DicomReader.standard().read(viaInstance, "instance").toInstance(file.length);
        assertThat(viaInstance.closed()).isFalse();
        instance.close();
        Throwable t = catchThrowable(() -> DicomReader.standard().read(failing, "failing"));

        assertThat(viaObject.closed()).isTrue();
        assertThat(viaInstance.closed()).isTrue();
        assertThat(t).isInstanceOf(DicomParseException.class);
        assertThat(failing.closed()).as("closed when the read fails").isTrue();
        assertThat(instance.descriptor().sopInstanceUid()).isEqualTo("2.25.77");
        assertThat(instance.transferSyntaxUid()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    @Test
    void floatPixelDataEndsTheHeaderLikePixelData() throws IOException {
        String file = "pydicom-data/parametric_map_float.dcm";
        try (DicomObject o = Corpus.read(file)) {
            assertThat(o.header().contains(Tag.FloatPixelData)).isFalse();
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.remainder().readNBytes(6)).containsExactly(0xE0, 0x7F, 0x08, 0x00, 'O', 'F');
        }
    }

    @Test
    void aLongSequenceIsReadAndTranscodedAsASequence() throws IOException {
        Dataset ds = smallHeader();
        Dataset.Sequence frames = ds.newSequence(Tag.PerFrameFunctionalGroupsSequence);
        frames.setUndefinedLength(false);
        for (int i = 0; i < 3; i++) {
            Dataset frame = frames.addItem();
            frame.setUndefinedLength(false);
            frame.setInts(Tag.InstanceNumber, VR.IS, i + 1);
            frame.setBytes(0x00091001, VR.UN, new byte[600_000]);
        }
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "frames")) {
            assertThat(o.header().getSequence(Tag.PerFrameFunctionalGroupsSequence)).hasSize(3);
            DicomWriter.writeFile(out, o.toInstance(file.length), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null);
        }
        try (DicomObject again = DicomReader.builder().bulkThreshold(Long.MAX_VALUE).build()
                .read(new ByteArrayInputStream(out.toByteArray()), "frames, big endian")) {
            assertThat(again.header()).isEqualTo(ds);
        }
    }

    @Test
    void aSequenceAfterNativePixelDataIsTranscoded() throws IOException {
        Dataset after = new Dataset();
        after.newSequence(Tag.DigitalSignaturesSequence).addItem().setInts(Tag.MACIDNumber, VR.US, 1);
        byte[] tail = RawDicom.concat(
                RawDicom.explicitLittle().header(Tag.PixelData, "OW", 8).u16(1).u16(2).u16(3).u16(4).toByteArray(),
                DicomWriter.encode(after, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        byte[] file = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, RawDicom.concat(
                DicomWriter.encode(smallHeader(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), tail));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(file), "signed")) {
            DicomWriter.writeFile(out, o.toInstance(file.length), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null);
        }
        try (DicomObject again = DicomReader.builder().build().read(new ByteArrayInputStream(out.toByteArray()), "x")) {
            byte[] rest = again.remainder().readAllBytes();
            assertThat(rest).hasSize(8 + 8 + DicomWriter.encode(after, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).length);
        }
    }

    static byte[] deflate(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
            d.write(b);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
