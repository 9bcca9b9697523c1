package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every readable corpus file, read and written back: the header encoded by {@link DicomWriter} in
 * the data set's own encoding, followed by the remainder, is the data set byte for byte. That is
 * what lets a migration pass an object through unchanged when no coercer touches it.
 */
class CorpusRoundTripTest {
    /** Files that are corrupt on purpose; {@link CorruptInputTest} checks how they fail. */
    static final Map<String, String> UNREADABLE = Map.of(
            "dcm4che/Tag-0040-A170-VR-CS.dcm",
                    "(0040,A170) written with VR CS in an old SR draft, where the dictionary has SQ",
            "pydicom/test_files/rtplan_truncated.dcm", "truncated inside an element of a nested item",
            "pydicom/test_files/dicomdirtests/DICOMDIR-nooffset",
                    "the last directory record's item length runs 24 bytes past the end of the file");

    /**
     * Files the reader had to interpret (and said so in a warning): writing them back gives other
     * bytes, which must read back as the same data set.
     */
    static final Map<String, String> REWRITE_CHANGES_BYTES = Map.of(
            "pydicom/test_files/UN_sequence.dcm",
                    "(4453,100C) is UN of undefined length: read as a sequence of implicit VR items, written as SQ",
            "pydicom/test_files/nested_priv_SQ.dcm",
                    "(0001,0002) in a nested item has the odd length 9: written padded to 10",
            "pydicom/test_files/meta_missing_tsyntax.dcm",
                    "the data set of nested_priv_SQ.dcm: the odd length 9 is written padded to 10",
            "pydicom/test_files/SC_rgb_jpeg.dcm",
                    "the data set is implicit VR under an explicit transfer syntax: the reader re-encodes the "
                            + "remainder as the transfer syntax says, so it is written back in explicit VR");

    /**
     * Files the reader currently accepts without parsing anything of their data set (an empty header
     * that "stopped at a bulk value"): a byte-identical rewrite of them proves nothing. DetectionTest
     * holds what they should read as.
     */
    static final Map<String, String> NOTHING_PARSED = Map.of(
            "dcm4che/no_preamble_dicm_in_data",
                    "no preamble, and DICM at offset 128 inside the data set is taken for a Part 10 marker",
            "pydicom/test_files/no_meta.dcm",
                    "a stray byte before the first tag: read as one implicit element of 173 MB, taken for bulk data");

    static Stream<String> readableFiles() {
        return Corpus.files().stream().filter(f -> !UNREADABLE.containsKey(f) && !NOTHING_PARSED.containsKey(f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableFiles")
    void headerAndRemainderWriteBackTheDataSet(String file) throws IOException {
        byte[] data = Corpus.bytes(file);
        try (DicomObject o = Corpus.read(file)) {
            TransferSyntax encoding = encodingOf(o);
            byte[] original = dataSetBytes(data, o);
            byte[] remainder = o.remainder().readAllBytes();
            byte[] rewritten = RawDicom.concat(DicomWriter.encode(o.header(), encoding), remainder);

            if (file.equals(WRONG_GROUP_LENGTHS)) {
                return; // wrongGroupLengthsAreRewrittenForWhatTheirGroupsHold
            }
            String reason = REWRITE_CHANGES_BYTES.get(file);
            if (reason == null) {
                assertThat(RawDicom.firstDifference(rewritten, original))
                        .as("first differing byte of the data set (%d bytes written, %d in the file; warnings %s)",
                                rewritten.length, original.length, o.warnings())
                        .isEqualTo(-1);
                return;
            }
            assertThat(o.warnings()).as("the reader reports what it changed").isNotEmpty();
            assertThat(rewritten).as("still changed by the rewrite: " + reason).isNotEqualTo(original);
            byte[] file10 = RawDicom.part10(encoding, rewritten);
            try (DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(file10), file + " rewritten")) {
                assertThat(again.header()).as(reason).isEqualTo(Datasets.padOddValues(o.header()));
                assertThat(again.remainder().readAllBytes()).isEqualTo(remainder);
            }
        }
    }

    /** A file whose data set Group Lengths (retired, PS3.5 7.2) are wrong; dcmtk's dcmconv +g recomputes them. */
    static final String WRONG_GROUP_LENGTHS = "pydicom/test_files/693_J2KI.dcm";

    @Test
    void wrongGroupLengthsAreRewrittenForWhatTheirGroupsHold() throws IOException {
        byte[] data = Corpus.bytes(WRONG_GROUP_LENGTHS);
        try (DicomObject o = Corpus.read(WRONG_GROUP_LENGTHS)) {
            assertThat(o.warnings()).extracting(ParseWarning::problem)
                    .contains("Group Length (0008,0000) says 328 bytes, the group holds 602 bytes (a writer writes the right one)",
                            "Group Length (0028,0000) says 182 bytes, the group holds 216 bytes (a writer writes the right one)");
            TransferSyntax encoding = encodingOf(o);
            byte[] rewritten = RawDicom.concat(DicomWriter.encode(o.header(), encoding), o.remainder().readAllBytes());
            assertThat(rewritten).hasSameSizeAs(dataSetBytes(data, o));
            try (DicomObject again = DicomReader.standard().read(
                    new ByteArrayInputStream(RawDicom.part10(encoding, rewritten)), "rewritten")) {
                assertThat(again.warnings()).isEmpty();
                // What dcmtk's dcmconv +g computes for the same file.
                assertThat(again.header().getInt(0x00080000, 0)).isEqualTo(602);
                assertThat(again.header().getInt(0x00280000, 0)).isEqualTo(216);
                assertThat(again.header().getInt(0x00100000, 0)).isEqualTo(56);
                // (7FE0,0000) covers Pixel Data, which stays in the remainder: the value read is kept.
                assertThat(again.header().getInt(0x7FE00000, 0)).isEqualTo(105406);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableFiles")
    void headerWrittenTwiceGivesTheSameBytes(String file) throws IOException {
        try (DicomObject o = Corpus.read(file)) {
            TransferSyntax encoding = encodingOf(o);
            byte[] once = DicomWriter.encode(o.header(), encoding);
            byte[] copied = DicomWriter.encode(o.header().copy(), encoding);
            assertThat(copied).isEqualTo(once);
        }
    }

    @Test
    void deflatedFilesDeflateBackToTheSameDataSet() throws IOException {
        for (String file : List.of("pydicom/test_files/image_dfl.dcm", "dcm4che/report_dfl")) {
            byte[] data = Corpus.bytes(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long datasetOffset;
            try (DicomObject o = Corpus.read(file)) {
                assertThat(o.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
                datasetOffset = o.datasetOffset();
                DicomWriter.writeFile(out, o.toInstance(data.length), o.transferSyntax(), null);
            }
            byte[] written = out.toByteArray();
            try (DicomObject again = DicomReader.standard().read(new ByteArrayInputStream(written), file + " rewritten")) {
                assertThat(again.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
                assertThat(inflate(Arrays.copyOfRange(written, (int) again.datasetOffset(), written.length)))
                        .as(file)
                        .isEqualTo(inflate(Arrays.copyOfRange(data, (int) datasetOffset, data.length)));
            }
        }
    }

    @Test
    void noticeListsEveryCopiedFileAndTheCopiesStaySmall() throws IOException {
        Path dir = Corpus.directory();
        Set<String> onDisk = new HashSet<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String rel = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                String name = p.getFileName().toString();
                if (!rel.equals("NOTICE") && !name.startsWith("LICENSE")) {
                    onDisk.add(rel);
                    total += Files.size(p);
                }
            }
        }
        assertThat(onDisk).containsExactlyInAnyOrderElementsOf(Corpus.files());
        assertThat(total).as("bytes of copied DICOM files").isLessThan(3_000_000L);
    }

    @Test
    void theCorpusCoversEveryTransferSyntaxFamilyPresentUpstream() throws IOException {
        Set<String> seen = new HashSet<>();
        boolean unknownSyntax = false;
        boolean noFileMeta = false;
        boolean noTransferSyntaxInMeta = false;
        for (String file : readableFiles().collect(Collectors.toList())) {
            try (DicomObject o = Corpus.read(file)) {
                seen.add(o.transferSyntax().uid());
                unknownSyntax |= !o.transferSyntax().isKnown();
                noFileMeta |= o.fileMeta().isEmpty();
                noTransferSyntaxInMeta |= !o.fileMeta().isEmpty()
                        && !o.fileMeta().contains(dev.ferry.api.Tag.TransferSyntaxUID);
            }
        }
        assertThat(seen).contains(
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(),
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                TransferSyntax.JPEG_BASELINE.uid(),
                TransferSyntax.JPEG_EXTENDED.uid(),
                TransferSyntax.JPEG_LOSSLESS_SV1.uid(),
                TransferSyntax.JPEG_LS_LOSSLESS.uid(),
                TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(),
                TransferSyntax.JPEG_2000_LOSSLESS.uid(),
                TransferSyntax.JPEG_2000.uid(),
                TransferSyntax.RLE_LOSSLESS.uid());
        assertThat(unknownSyntax).as("a transfer syntax newer than the registry (Deflated Image Frame)").isTrue();
        assertThat(noFileMeta).as("a data set without File Meta").isTrue();
        assertThat(noTransferSyntaxInMeta).as("File Meta without (0002,0010)").isTrue();
    }

    /** The encoding the data set is really in: inflated for deflated, implicit where the reader found it so. */
    static TransferSyntax encodingOf(DicomObject o) {
        TransferSyntax ts = o.transferSyntax();
        // An implicit data set under an explicit syntax: the remainder was re-encoded in explicit VR.
        if (!o.explicitVr() && (!ts.isExplicitVr() || !o.stoppedAtBulk())) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        return ts.isBigEndian() ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    /** The file's data set: after preamble and File Meta, inflated if deflated. */
    static byte[] dataSetBytes(byte[] file, DicomObject o) throws IOException {
        byte[] ds = Arrays.copyOfRange(file, (int) o.datasetOffset(), file.length);
        return o.transferSyntax().isDeflated() ? inflate(ds) : ds;
    }

    static byte[] inflate(byte[] deflated) throws IOException {
        Inflater inflater = new Inflater(true);
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated), inflater)) {
            return in.readAllBytes();
        } finally {
            inflater.end();
        }
    }
}
