package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the reader does with objects that are not valid DICOM: a {@link DicomParseException}
 * (CORRUPT_OBJECT) that names the source, the byte offset and the tag path, and never an
 * allocation sized by an untrusted length, an OutOfMemoryError or a StackOverflowError.
 */
class CorruptInputTest {
    private static final long HUGE = 0xFFFFFFF0L;
    private static final int REFERENCED_SERIES = Tag.ReferencedSeriesSequence;
    private static final int REFERENCED_IMAGES = Tag.ReferencedImageSequence;
    private static final int DOCUMENT = Tag.EncapsulatedDocument;
    private static final int CONTENT = Tag.ContentSequence;

    // ---------------------------------------------------------------------------------------------
    // Corrupt files of the corpus.

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                Arguments.of("dcm4che/Tag-0040-A170-VR-CS.dcm", "(0040,A020)[0].(0040,A730)[0].(0040,A170)",
                        "expected an item in the sequence"),
                Arguments.of("pydicom/test_files/rtplan_truncated.dcm", "(300A,00B0)[0].(300A,0111)[0].(300A,012C)",
                        "ends before the element is complete"),
                Arguments.of("pydicom/test_files/dicomdirtests/DICOMDIR-nooffset", "(0004,1220)[51].",
                        "ends before the element is complete"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptCorpusFilesFailNamingFileOffsetAndPath(String file, String path, String problem) {
        byte[] data = Corpus.bytes(file);

        DicomParseException e = parseError(data, DicomReader.standard(), file);

        assertThat(e.getMessage()).contains(problem);
        assertThat(e.path()).startsWith(path);
        assertThat(e.offset()).isBetween(132L, (long) data.length);
        assertNamesWhereItStopped(e, file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dcm4che/3gb-bulk-data-truncated", "pydicom/test_files/MR_truncated.dcm"})
    void pixelDataLongerThanTheFileIsLeftToTheRemainderAndCaughtWhenReEncoded(String file) throws Exception {
        byte[] data = Corpus.bytes(file);
        DicomObject[] read = new DicomObject[1];

        long allocated = Allocations.of(() -> read[0] = Corpus.read(file));

        assertThat(allocated).as("bytes allocated reading the header").isLessThan(8L << 20);
        try (DicomObject o = read[0]) {
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.header().contains(Tag.PixelData)).isFalse();
            byte[] head = o.remainder().readNBytes(12);
            assertThat(Arrays.copyOf(head, 4)).containsExactly(0xE0, 0x7F, 0x10, 0x00);
            long declared = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(head, 8, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
            assertThat(declared).isGreaterThan(o.remainder().readAllBytes().length);
        }
        try (DicomObject o = Corpus.read(file)) {
            Throwable t = catchThrowable(() -> DicomWriter.writeFile(new ByteArrayOutputStream(),
                    o.toInstance(data.length), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null));
            assertThat(t).isInstanceOf(DicomParseException.class);
            assertThat(((DicomParseException) t).reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
        }
    }

    @Test
    void corruptRemainderIsReportedAgainstTheInstanceAndPixelData() throws IOException {
        String file = "dcm4che/3gb-bulk-data-truncated";
        byte[] data = Corpus.bytes(file);
        try (DicomObject o = Corpus.read(file)) {
            dev.ferry.api.DicomInstance instance = o.toInstance(data.length);
            Throwable t = catchThrowable(() -> DicomWriter.writeFile(new ByteArrayOutputStream(), instance,
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null));

            assertThat(t).isInstanceOf(DicomParseException.class);
            DicomParseException e = (DicomParseException) t;
            assertThat(e.path()).isEqualTo("(7FE0,0010)");
            assertThat(e.item()).isEqualTo(instance.descriptor().ref());
            assertThat(e.source()).isNotEqualTo("remainder");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Lengths that must not be trusted.

    @Test
    void hugeLengthInAnItemExceedsTheValueLimitWithoutAllocating() throws Exception {
        byte[] b = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                .header(DOCUMENT, "OB", HUGE).u32(0).u32(0)
                .toByteArray();
        DicomParseException[] e = new DicomParseException[1];

        long allocated = Allocations.of(() -> e[0] = parseError(b, DicomReader.standard(), "tiny"));

        assertThat(allocated).isLessThan(8L << 20);
        assertThat(e[0].getMessage()).contains("value length 4294967280 exceeds the limit of 67108864 bytes");
        assertThat(e[0].path()).isEqualTo("(0008,1115)[0].(0042,0011)");
        assertNamesWhereItStopped(e[0], "tiny");
    }

    @Test
    void hugeTopLevelLengthExceedsTheLimitWhenItDoesNotEndTheHeader() throws Exception {
        byte[] b = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").header(DOCUMENT, "OB", HUGE).u32(0)
                .toByteArray();
        DicomReader noBulk = DicomReader.builder().bulkThreshold(Long.MAX_VALUE).build();
        DicomReader widest = DicomReader.builder().bulkThreshold(Long.MAX_VALUE).maxValueLength(Integer.MAX_VALUE).build();

        for (DicomReader reader : List.of(noBulk, widest)) {
            DicomParseException[] e = new DicomParseException[1];
            long allocated = Allocations.of(() -> e[0] = parseError(b, reader, "tiny"));

            assertThat(allocated).isLessThan(8L << 20);
            assertThat(e[0].getMessage()).contains("value length 4294967280 exceeds the limit");
            assertThat(e[0].path()).isEqualTo("(0042,0011)");
        }
    }

    @Test
    void lengthUnderANearMaximalLimitFailsAtTheEndOfATinyStreamInsteadOfAllocating() throws Exception {
        DicomReader reader = DicomReader.builder()
                .bulkThreshold(Long.MAX_VALUE).maxValueLength(Integer.MAX_VALUE - 8).build();
        RawDicom raw = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                .header(DOCUMENT, "OB", Integer.MAX_VALUE - 16);
        byte[] b = raw.bytes(new byte[100 - raw.size()]).toByteArray();
        assertThat(b).hasSize(100);
        DicomParseException[] e = new DicomParseException[1];

        long allocated = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Allocations.of(() -> e[0] = parseError(b, reader, "100 bytes")));

        assertThat(allocated).as("bytes allocated for a value declared 2 GiB long").isLessThan(8L << 20);
        assertThat(e[0].getMessage()).contains("ends before the element is complete");
        assertThat(e[0].offset()).isEqualTo(100);
        assertThat(e[0].path()).isEqualTo("(0008,1115)[0].(0042,0011)");
    }

    @Test
    void definedLengthSequenceClaimingFourGibibytesFailsAtTheEndOfTheStream() throws Exception {
        byte[] nested = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                .header(REFERENCED_IMAGES, "SQ", 0xFFFFFFFEL).item(0).item(0)
                .toByteArray();
        byte[] topLevel = RawDicom.explicitLittle()
                .header(REFERENCED_IMAGES, "SQ", 0xFFFFFFFEL).item(8).text(Tag.Modality, "CS", "")
                .toByteArray();
        DicomReader noBulk = DicomReader.builder().bulkThreshold(Long.MAX_VALUE).build();

        DicomParseException[] e = new DicomParseException[2];
        long allocated = Allocations.of(() -> {
            e[0] = parseError(nested, DicomReader.standard(), "nested");
            e[1] = parseError(topLevel, noBulk, "top");
        });

        assertThat(allocated).isLessThan(8L << 20);
        assertThat(e[0].getMessage()).contains("ends before the element is complete");
        assertThat(e[0].path()).startsWith("(0008,1115)[0].(0008,1140)");
        assertThat(e[1].getMessage()).contains("ends before the element is complete");
        assertThat(e[1].path()).startsWith("(0008,1140)");
    }

    // ---------------------------------------------------------------------------------------------
    // Nesting.

    static byte[] nestedEmptySequences(int levels) {
        RawDicom raw = RawDicom.explicitLittle();
        for (int i = 0; i < levels; i++) {
            raw.header(CONTENT, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED);
        }
        return raw.toByteArray();
    }

    @Test
    void tenThousandNestedSequencesFailAtTheDepthLimit() {
        byte[] b = nestedEmptySequences(10_000);

        DicomParseException e = parseError(b, DicomReader.standard(), "deep");

        assertThat(e.getMessage()).contains("sequences nested deeper than 64 levels");
        assertThat(e.path().split("\\(0040,A730\\)\\[0\\]", -1)).hasSize(65);
        assertNamesWhereItStopped(e, "deep");
    }

    @Test
    void aLowerDepthLimitIsHonoured() {
        DicomReader reader = DicomReader.builder().maxDepth(3).build();

        assertThat(parseError(nestedEmptySequences(4), reader, "four").getMessage()).contains("deeper than 3 levels");
        assertThat(parseError(nestedEmptySequences(3), reader, "three").getMessage())
                .contains("the object ends inside an item of undefined length");
    }

    @Test
    void aHighDepthLimitNeverOverflowsTheStack() {
        Throwable t = catchThrowable(() -> DicomReader.builder().maxDepth(20_000).build()
                .read(new ByteArrayInputStream(nestedEmptySequences(10_000)), "deep"));

        assertThat(t).isInstanceOfAny(IllegalArgumentException.class, DicomParseException.class);
    }

    @Test
    void theLargestDepthLimitIsRefusedOrHarmless() {
        Throwable t = catchThrowable(() -> DicomReader.builder().maxDepth(Integer.MAX_VALUE).build()
                .read(new ByteArrayInputStream(RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").toByteArray()),
                        "small"));

        assertThat(t).as("refused by the builder, naming the option").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDepth");
    }

    // ---------------------------------------------------------------------------------------------
    // Delimiters and items out of place.

    @Test
    void itemDelimiterAtTopLevel() {
        byte[] b = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").itemEnd().toByteArray();

        DicomParseException e = parseError(b, DicomReader.standard(), "top");

        assertThat(e.getMessage()).contains("Item Delimitation Item outside an item of undefined length");
        assertThat(e.path()).isEqualTo("(FFFE,E00D)");
        assertThat(e.offset()).isEqualTo(18);
    }

    @Test
    void itemOrSequenceDelimiterWhereAnElementIsExpected() {
        byte[] item = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").item(0).toByteArray();
        byte[] end = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").sequenceEnd().toByteArray();

        assertThat(parseError(item, DicomReader.standard(), "item").getMessage())
                .contains("item or sequence delimiter where a data element was expected");
        assertThat(parseError(end, DicomReader.standard(), "end").path()).isEqualTo("(FFFE,E0DD)");
    }

    @Test
    void itemDelimiterInAnItemOfDefinedLength() {
        byte[] b = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED).item(8).itemEnd().sequenceEnd()
                .toByteArray();

        DicomParseException e = parseError(b, DicomReader.standard(), "defined");

        assertThat(e.getMessage()).contains("Item Delimitation Item outside an item of undefined length");
        assertThat(e.path()).isEqualTo("(0008,1115)[0].(FFFE,E00D)");
    }

    @Test
    void sequenceDelimiterInASequenceOfDefinedLength() {
        byte[] b = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", 16).item(0).sequenceEnd()
                .toByteArray();

        assertThat(parseError(b, DicomReader.standard(), "defined").getMessage())
                .contains("Sequence Delimitation Item in a sequence of defined length");
    }

    @Test
    void sequenceContainingADataElementInsteadOfAnItem() {
        byte[] b = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED)
                .text(Tag.PatientName, "PN", "Secret^Name ")
                .sequenceEnd()
                .toByteArray();

        DicomParseException e = parseError(b, DicomReader.standard(), "seq");

        assertThat(e.getMessage()).contains("expected an item in the sequence, found the bytes of tag (0010,0010)");
        assertThat(e.path()).isEqualTo("(0008,1115)");
        assertThat(e.getMessage()).doesNotContain("Secret");
    }

    @Test
    void elementRunningPastTheEndOfItsItem() {
        byte[] b = RawDicom.explicitLittle()
                .header(REFERENCED_SERIES, "SQ", RawDicom.UNDEFINED).item(10)
                .text(Tag.ReferencedSOPInstanceUID, "UI", "1.2.3.4\0")
                .sequenceEnd()
                .toByteArray();

        DicomParseException e = parseError(b, DicomReader.standard(), "item");

        assertThat(e.getMessage()).contains("runs past the end of its item");
        assertThat(e.path()).isEqualTo("(0008,1115)[0].(0008,1155)");
    }

    @Test
    void fragmentsMustBeItemsOfDefinedLength() {
        byte[] b = RawDicom.explicitLittle()
                .header(Tag.IconImageSequence, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                .header(Tag.PixelData, "OB", RawDicom.UNDEFINED).item(0).item(RawDicom.UNDEFINED)
                .toByteArray();

        DicomParseException e = parseError(b, DicomReader.standard(), "icon");

        assertThat(e.getMessage()).contains("expected a fragment item in encapsulated pixel data");
        assertThat(e.path()).isEqualTo("(0088,0200)[0].(7FE0,0010)");
    }

    @Test
    void undefinedLengthOnAValueThatCannotHaveIt() {
        byte[] implicit = RawDicom.implicitLittle().text(Tag.Modality, "CS", "MR")
                .header(Tag.ImageComments, "LT", RawDicom.UNDEFINED).toByteArray();
        byte[] explicit = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR")
                .header(Tag.TextValue, "UT", RawDicom.UNDEFINED).toByteArray();

        DicomParseException e = parseError(implicit, DicomReader.standard(), "lt");
        assertThat(e.getMessage()).contains("undefined length on a LT element");
        assertThat(e.path()).isEqualTo("(0020,4000)");
        assertThat(parseError(explicit, DicomReader.standard(), "ut").getMessage())
                .contains("undefined length on a UT element");
    }

    @Test
    void fileMetaThatCannotBeRead() {
        byte[] undefined = RawDicom.concat(new byte[128], "DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                RawDicom.explicitLittle().header(Tag.FileMetaInformationVersion, "OB", RawDicom.UNDEFINED).toByteArray());
        byte[] badVr = RawDicom.concat(new byte[128], "DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                RawDicom.explicitLittle().header(Tag.FileMetaInformationGroupLength, "UL", 4).u32(20)
                        .tag(Tag.TransferSyntaxUID).u8('U', 'i').u16(2).u8('1', 0).toByteArray());

        assertThat(parseError(undefined, DicomReader.standard(), "meta").getMessage())
                .contains("undefined length in File Meta Information");
        DicomParseException e = parseError(badVr, DicomReader.standard(), "meta");
        assertThat(e.getMessage()).contains("unknown VR bytes 55 69");
        assertThat(e.path()).isEqualTo("(0002,0010)");
        assertThat(e.offset()).isEqualTo(150);
    }

    static Stream<Arguments> fileMetaOfTheWrongShape() {
        return Stream.of(
                Arguments.of("group length as CS", RawDicom.explicitLittle()
                        .text(Tag.FileMetaInformationGroupLength, "CS", "1234").toByteArray()),
                Arguments.of("group length as OB", RawDicom.explicitLittle()
                        .element(Tag.FileMetaInformationGroupLength, "OB", new byte[4]).toByteArray()),
                Arguments.of("transfer syntax UID of NUL and TAB", RawDicom.explicitLittle()
                        .element(Tag.TransferSyntaxUID, "UI", new byte[] {0, '\t'}).toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileMetaOfTheWrongShape")
    void fileMetaValuesOfTheWrongShapeAreNotRuntimeErrors(String what, byte[] meta) {
        byte[] file = RawDicom.concat(new byte[128], "DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), meta,
                RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").toByteArray());

        Throwable t = catchThrowable(() -> DicomReader.standard().read(new ByteArrayInputStream(file), what).close());

        if (t != null) {
            assertThat(t).isInstanceOf(DicomParseException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Truncation and noise.

    @Test
    void truncatedInTheMiddleOfAnElementHeader() {
        RawDicom raw = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR");
        int cut = raw.size() + 6; // tag and VR of the next element, no length
        byte[] whole = raw.text(Tag.PatientName, "PN", "Doe^Jane").toByteArray();
        byte[] b = RawDicom.part10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, Arrays.copyOf(whole, cut));

        DicomParseException e = parseError(b, DicomReader.standard(), "cut");

        assertThat(e.getMessage()).contains("the object ends before the element is complete");
        assertThat(e.offset()).isEqualTo(b.length);
        assertThat(e.path()).isEqualTo("(0010,0010)");
        assertNamesWhereItStopped(e, "cut");
    }

    static Stream<Arguments> smallFiles() {
        return Stream.of(
                Arguments.of("pydicom/test_files/rtplan.dcm"),
                Arguments.of("pydicom/test_files/reportsi.dcm"),
                Arguments.of("pydicom/test_files/ExplVR_BigEndNoMeta.dcm"),
                Arguments.of("pydicom/test_files/UN_sequence.dcm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallFiles")
    void everyPrefixOfAFileReadsOrFailsAsCorrupt(String file) {
        byte[] data = Corpus.bytes(file);
        for (int cut = 0; cut < data.length; cut++) {
            Throwable t = readAll(Arrays.copyOf(data, cut), file + " cut at " + cut);
            if (t != null) {
                assertThat(t).as("cut at %d", cut).isInstanceOf(DicomParseException.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallFiles")
    void changedBytesReadOrFailAsCorrupt(String file) {
        byte[] data = Corpus.bytes(file);
        Random random = new Random(file.hashCode());
        for (int run = 0; run < 400; run++) {
            byte[] b = data.clone();
            int changes = 1 + random.nextInt(4);
            StringBuilder what = new StringBuilder();
            for (int k = 0; k < changes; k++) {
                int at = random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
                what.append(at).append('=').append(HexFormat.of().toHexDigits(b[at])).append(' ');
            }
            Throwable t = readAll(b, file);
            if (t != null) {
                assertThat(t).as("bytes changed: %s", what).isInstanceOf(DicomParseException.class);
            }
        }
    }

    @Test
    void corruptDeflatedDataSetFailsAsCorrupt() throws IOException {
        String file = "pydicom/test_files/image_dfl.dcm";
        byte[] data = Corpus.bytes(file);
        long datasetOffset;
        try (DicomObject o = Corpus.read(file)) {
            datasetOffset = o.datasetOffset();
        }
        data[(int) datasetOffset] = (byte) 0xFF; // final block of the reserved type 3: "invalid block type"

        Throwable t = catchThrowable(() -> DicomReader.standard().read(new ByteArrayInputStream(data), file));

        assertThat(t).isInstanceOf(DicomParseException.class);
        assertNamesWhereItStopped((DicomParseException) t, file);
    }

    @Test
    void emptyStreamIsNotDicom() {
        assertNamesWhereItStopped(parseError(new byte[0], DicomReader.standard(), "empty"), "empty");
    }

    @Test
    void onlyAPreambleIsNotDicom() {
        assertNamesWhereItStopped(parseError(new byte[128], DicomReader.standard(), "preamble"), "preamble");
    }

    @Test
    void preambleAndDicmAloneAreNotDicom() {
        byte[] b = RawDicom.concat(new byte[128], "DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertNamesWhereItStopped(parseError(b, DicomReader.standard(), "dicm"), "dicm");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3, 42})
    void garbageIsNotDicom(int seed) {
        byte[] b = new byte[1000];
        new Random(seed).nextBytes(b);
        byte[] text = "This is a text file, not a DICOM object.\n".repeat(20)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertNamesWhereItStopped(parseError(b, DicomReader.standard(), "garbage"), "garbage");
        assertNamesWhereItStopped(parseError(text, DicomReader.standard(), "text"), "text");
    }

    // ---------------------------------------------------------------------------------------------

    /** Reads the header and the whole remainder; returns what was thrown, if anything. */
    private static Throwable readAll(byte[] b, String source) {
        return catchThrowable(() -> {
            try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(b), source)) {
                o.remainder().readAllBytes();
                DicomWriter.encode(o.header(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            }
        });
    }

    static DicomParseException parseError(byte[] b, DicomReader reader, String source) {
        Throwable t = catchThrowable(() -> reader.read(new ByteArrayInputStream(b), source).close());
        assertThat(t).as("reading %s", source).isInstanceOf(DicomParseException.class);
        return (DicomParseException) t;
    }

    static void assertNamesWhereItStopped(DicomParseException e, String source) {
        assertThat(e.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.source()).isEqualTo(source);
        assertThat(e.getMessage()).contains(source + ": ").contains("at offset " + e.offset());
        if (!e.path().isEmpty()) {
            assertThat(e.getMessage()).endsWith(" in " + e.path());
        }
    }
}
