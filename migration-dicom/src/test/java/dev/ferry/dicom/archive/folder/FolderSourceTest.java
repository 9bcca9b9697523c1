package dev.ferry.dicom.archive.folder;

import static dev.ferry.dicom.archive.folder.TestObjects.header;
import static dev.ferry.dicom.archive.folder.TestObjects.pixelElement;
import static dev.ferry.dicom.archive.folder.TestObjects.pixels;
import static dev.ferry.dicom.archive.folder.TestObjects.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FolderSourceTest {
    private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    @TempDir
    Path root;

    private FolderSource source() {
        return FolderSource.builder(root).build();
    }

    private static List<StudyDescriptor> all(FolderSource s) throws IOException {
        List<StudyDescriptor> out = new ArrayList<>();
        s.query(StudyQuery.ALL, out::add);
        return out;
    }

    @Test
    void indexesEveryFileOfTheTreeWhateverItsNameAndDeliversItByteForByte() throws IOException {
        byte[] px = pixels(64, 1);
        write(root.resolve("a/b/IM0001"), header("1.2.3", "1.2.3.1", "1.2.3.1.1"), pixelElement(px, EXPLICIT), EXPLICIT);
        write(root.resolve("a/b/IM0002.dcm"), "1.2.3", "1.2.3.1", "1.2.3.1.2");
        Dataset mr = header("1.2.3", "1.2.3.2", "1.2.3.2.1");
        mr.setString(Tag.Modality, VR.CS, "MR");
        write(root.resolve("c/.hidden name with spaces"), mr, pixelElement(pixels(16, 2), EXPLICIT), EXPLICIT);
        write(root.resolve("other"), "9.9", "9.9.1", "9.9.1.1");

        try (FolderSource s = source()) {
            assertThat(s.name()).isEqualTo("folder:" + root.toAbsolutePath().normalize());
            assertThat(all(s)).extracting(StudyDescriptor::studyInstanceUid).containsExactlyInAnyOrder("1.2.3", "9.9");
            StudyManifest m = s.describe("1.2.3").orElseThrow();
            assertThat(m.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                    .containsExactly("1.2.3.1.1", "1.2.3.1.2", "1.2.3.2.1");
            assertThat(m.series()).hasSize(2);
            StudyDescriptor d = m.study();
            assertThat(d.modalities()).containsExactlyInAnyOrder("CT", "MR");
            assertThat(d.patient()).isEqualTo(PatientIdentity.of("MRN-1", "HOSP_A"));
            assertThat(d.accession().number()).isEqualTo("ACC-1");
            assertThat(d.demographics().name()).isEqualTo("DOE^JANE");
            assertThat(d.studyDate()).isEqualTo(LocalDate.of(2024, 1, 15));
            assertThat(d.studyTime()).isEqualTo(LocalTime.of(8, 30, 15));
            assertThat(d.instanceCount()).isEqualTo(3);
            assertThat(d.sizeBytes()).isEqualTo(Files.size(root.resolve("a/b/IM0001"))
                    + Files.size(root.resolve("a/b/IM0002.dcm")) + Files.size(root.resolve("c/.hidden name with spaces")));

            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.instances("1.2.3", Set.of("1.2.3.1.1")), k);
            assertThat(r.isComplete()).isTrue();
            TestObjects.Got got = k.only();
            assertThat(got.remainder()).isEqualTo(pixelElement(px, EXPLICIT));
            assertThat(got.declaredLength()).isEqualTo(got.remainder().length);
            assertThat(got.transferSyntaxUid()).isEqualTo(EXPLICIT.uid());
            assertThat(got.descriptor().sizeBytes()).isEqualTo(Files.size(root.resolve("a/b/IM0001")));
            assertThat(s.problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"})
    void truncatedPixelDataIsFoundAtIndexingInEveryNativeEncoding(String tsUid) throws IOException {
        TransferSyntax ts = TransferSyntax.of(tsUid);
        byte[] remainder = pixelElement(pixels(4096, 3), ts);
        write(root.resolve("good"), header("1.2.3", "1.2.3.1", "1.2.3.1.1"), remainder, ts);
        Path cut = write(root.resolve("cut"), header("1.2.3", "1.2.3.1", "1.2.3.1.2"), remainder, ts);
        truncate(cut, 1000);

        try (FolderSource s = source()) {
            assertThat(s.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo(Path.of("cut"));
                assertThat(p.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
                assertThat(p.detail()).contains("(7FE0,0010)", "1000 bytes short", "truncated");
            });
            assertThat(s.describe("1.2.3").orElseThrow().instances()).hasSize(2);

            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.sops()).containsExactly("1.2.3.1.1");
            assertThat(k.only().remainder()).isEqualTo(remainder);
            assertThat(k.only().declaredLength()).isEqualTo(remainder.length);
            assertThat(r.delivered()).isEqualTo(1);
            assertThat(r.expected()).isEqualTo(2);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.item()).isEqualTo(ItemRef.instance("1.2.3", "1.2.3.1", "1.2.3.1.2"));
                assertThat(f.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
            });
        }
    }

    @Test
    void encapsulatedPixelDataIsCheckedFragmentByFragment() throws IOException {
        TransferSyntax jpeg = TransferSyntax.JPEG_BASELINE;
        byte[] remainder = TestObjects.encapsulated(pixels(300, 4), pixels(500, 5));
        write(root.resolve("whole"), header("1.2.3", "1.2.3.1", "1.2.3.1.1"), remainder, jpeg);
        truncate(write(root.resolve("cut-in-fragment"), header("1.2.3", "1.2.3.1", "1.2.3.1.2"), remainder, jpeg), 300);
        truncate(write(root.resolve("no-delimiter"), header("1.2.3", "1.2.3.1", "1.2.3.1.3"), remainder, jpeg), 8);

        try (FolderSource s = source()) {
            assertThat(s.problems()).extracting(FileProblem::path)
                    .containsExactlyInAnyOrder(Path.of("cut-in-fragment"), Path.of("no-delimiter"));
            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.only().remainder()).isEqualTo(remainder);
            assertThat(k.only().transferSyntaxUid()).isEqualTo(jpeg.uid());
            assertThat(r.failures()).extracting(Finding::reason).containsOnly(ReasonCode.CORRUPT_OBJECT).hasSize(2);
        }
    }

    @Test
    void nonDicomAndUidlessFilesAreReportedNotFatal() throws IOException {
        write(root.resolve("ok.dcm"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        Files.writeString(root.resolve("notes.txt"), "this is not DICOM, just some words about a patient");
        Files.createFile(root.resolve("empty"));
        Dataset noSop = header("1.2.3", "1.2.3.1", "1.2.3.1.2");
        noSop.remove(Tag.SOPInstanceUID);
        write(root.resolve("sub/no-sop"), noSop, new byte[0], EXPLICIT);

        try (FolderSource s = source()) {
            assertThat(s.problems()).extracting(FileProblem::path, FileProblem::reason).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(Path.of("empty"), ReasonCode.CORRUPT_OBJECT),
                    org.assertj.core.groups.Tuple.tuple(Path.of("notes.txt"), ReasonCode.CORRUPT_OBJECT),
                    org.assertj.core.groups.Tuple.tuple(Path.of("sub", "no-sop"), ReasonCode.INVALID_VALUE));
            assertThat(s.problems()).allSatisfy(p -> assertThat(p.detail()).doesNotContain("patient", "DOE", "MRN-1"));
            assertThat(s.problems()).filteredOn(p -> p.reason() == ReasonCode.INVALID_VALUE).singleElement()
                    .satisfies(p -> assertThat(p.detail()).contains("SOPInstanceUID (0008,0018)"));
            assertThat(all(s)).singleElement().satisfies(d -> assertThat(d.instanceCount()).isEqualTo(1));
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(s.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
            assertThat(k.sops()).containsExactly("1.2.3.1.1");
        }
    }

    @Test
    void identicalCopiesAreDeliveredOnce() throws IOException {
        Dataset h = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        byte[] remainder = pixelElement(pixels(128, 6), EXPLICIT);
        write(root.resolve("export1/IM1"), h, remainder, EXPLICIT, "PACS_A");
        write(root.resolve("export2/IM1"), h, remainder, EXPLICIT, "PACS_B"); // File Meta differs, data set not
        write(root.resolve("export2/IM2"), "1.2.3", "1.2.3.1", "1.2.3.1.2");

        try (FolderSource s = source()) {
            assertThat(s.duplicates()).singleElement().satisfies(d -> {
                assertThat(d.sopInstanceUid()).isEqualTo("1.2.3.1.1");
                assertThat(d.identical()).isTrue();
                assertThat(d.files()).containsExactly(Path.of("export1/IM1"), Path.of("export2/IM1"));
            });
            assertThat(s.problems()).isEmpty();
            assertThat(s.describe("1.2.3").orElseThrow().instances()).extracting(InstanceDescriptor::sopInstanceUid)
                    .containsExactly("1.2.3.1.1", "1.2.3.1.2");
            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.sops()).containsExactly("1.2.3.1.1", "1.2.3.1.2");
            assertThat(r).isEqualTo(RetrieveResult.complete(2));
        }
    }

    @Test
    void copiesThatDifferAreDeliveredFromNoneAndReportedAsAConflict() throws IOException {
        write(root.resolve("a/IM1"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        Dataset changed = header("1.2.3", "1.2.3.1", "1.2.3.1.1");
        changed.setString(Tag.PatientName, VR.PN, "DOE^JOHN");
        write(root.resolve("b/IM1"), changed, pixelElement(pixels(32, "1.2.3.1.1".hashCode()), EXPLICIT), EXPLICIT);
        write(root.resolve("b/IM2"), "1.2.3", "1.2.3.1", "1.2.3.1.2");

        try (FolderSource s = source()) {
            assertThat(s.duplicates()).singleElement().satisfies(d -> assertThat(d.identical()).isFalse());
            assertThat(s.problems()).extracting(FileProblem::path).containsExactly(Path.of("a/IM1"), Path.of("b/IM1"));
            assertThat(s.problems()).allSatisfy(p -> {
                assertThat(p.reason()).isEqualTo(ReasonCode.DUPLICATE_CONFLICT);
                assertThat(p.detail()).doesNotContain("DOE");
            });
            assertThat(s.describe("1.2.3").orElseThrow().instances()).extracting(InstanceDescriptor::sopInstanceUid)
                    .containsExactly("1.2.3.1.1", "1.2.3.1.2");
            assertThat(all(s)).singleElement().satisfies(d -> assertThat(d.instanceCount()).isEqualTo(2));

            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.sops()).containsExactly("1.2.3.1.2");
            assertThat(r.delivered()).isEqualTo(1);
            assertThat(r.expected()).isEqualTo(2);
            assertThat(r.failures()).containsExactly(new Finding(ItemRef.instance("1.2.3", "1.2.3.1", "1.2.3.1.1"),
                    ReasonCode.DUPLICATE_CONFLICT, "2 files differ: " + Path.of("a/IM1") + ", " + Path.of("b/IM1")));
        }
    }

    @Test
    void aDamagedCopyNextToAnIntactOneLeavesTheIntactOneDelivered() throws IOException {
        write(root.resolve("a"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        truncate(write(root.resolve("b"), "1.2.3", "1.2.3.1", "1.2.3.1.1"), 10);

        try (FolderSource s = source()) {
            assertThat(s.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo(Path.of("b"));
                assertThat(p.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
            });
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(s.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
            assertThat(k.sops()).containsExactly("1.2.3.1.1");
        }
    }

    @Test
    void refreshPicksUpNewFilesAndDropsRemovedOnes() throws IOException {
        write(root.resolve("one"), "1.1", "1.1.1", "1.1.1.1");
        Path two = write(root.resolve("two"), "2.2", "2.2.1", "2.2.1.1");
        try (FolderSource s = source()) {
            assertThat(all(s)).extracting(StudyDescriptor::studyInstanceUid).containsExactlyInAnyOrder("1.1", "2.2");
            write(root.resolve("later/three"), "1.1", "1.1.1", "1.1.1.2");
            Files.delete(two);
            assertThat(all(s)).as("before refresh").hasSize(2);
            s.refresh();
            assertThat(all(s)).extracting(StudyDescriptor::studyInstanceUid).containsExactly("1.1");
            assertThat(s.describe("1.1").orElseThrow().instanceCount()).isEqualTo(2);
        }
    }

    @Test
    void filesChangedOrRemovedSinceIndexingAreFailuresNotDeliveries() throws IOException {
        Path a = write(root.resolve("a"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        Path b = write(root.resolve("b"), "1.2.3", "1.2.3.1", "1.2.3.1.2");
        write(root.resolve("c"), "1.2.3", "1.2.3.1", "1.2.3.1.3");
        try (FolderSource s = source()) {
            assertThat(s.describe("1.2.3")).isPresent();
            Files.delete(a);
            write(b, "7.7", "7.7.1", "7.7.1.1");
            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.sops()).containsExactly("1.2.3.1.3");
            assertThat(r.failures()).extracting(f -> f.item().sopInstanceUid(), Finding::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1.2.3.1.1", ReasonCode.MISSING_INSTANCE),
                    org.assertj.core.groups.Tuple.tuple("1.2.3.1.2", ReasonCode.STUDY_CHANGED));
        }
    }

    @Test
    void namedInstancesTheStudyLacksAreMissingAndCounted() throws IOException {
        write(root.resolve("a"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        try (FolderSource s = source()) {
            TestObjects.Keeper k = new TestObjects.Keeper();
            RetrieveResult r = s.retrieve(RetrieveRequest.instances("1.2.3", Set.of("1.2.3.1.1", "1.2.3.1.9")), k);
            assertThat(r.delivered()).isEqualTo(1);
            assertThat(r.expected()).isEqualTo(2);
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
                assertThat(f.item().sopInstanceUid()).isEqualTo("1.2.3.1.9");
            });
            assertThat(s.retrieve(RetrieveRequest.study("4.5.6"), k)).isEqualTo(new RetrieveResult(0, 0, List.of()));
        }
    }

    @Test
    void datesAreParsedLeniently() throws IOException {
        Dataset acrNema = header("1.1", "1.1.1", "1.1.1.1");
        acrNema.setString(Tag.StudyDate, VR.DA, "2024.01.15");
        Dataset bad = header("2.2", "2.2.1", "2.2.1.1");
        bad.setString(Tag.StudyDate, VR.DA, "20241345");
        bad.setString(Tag.StudyTime, VR.TM, "25:99");
        write(root.resolve("a"), acrNema, new byte[0], EXPLICIT);
        write(root.resolve("b"), bad, new byte[0], EXPLICIT);
        try (FolderSource s = source()) {
            assertThat(s.describe("1.1").orElseThrow().study().studyDate()).isEqualTo(LocalDate.of(2024, 1, 15));
            StudyDescriptor d = s.describe("2.2").orElseThrow().study();
            assertThat(d.studyDate()).isNull();
            assertThat(d.studyTime()).isNull();
            List<StudyDescriptor> january = new ArrayList<>();
            s.query(StudyQuery.builder().dates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build(), january::add);
            assertThat(january).extracting(StudyDescriptor::studyInstanceUid).containsExactly("1.1");
        }
    }

    @Test
    void deflatedFilesAreDeliveredInflatedWithoutADeclaredLength() throws IOException {
        TransferSyntax deflated = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] remainder = pixelElement(pixels(1000, 7), EXPLICIT);
        write(root.resolve("deflated"), header("1.2.3", "1.2.3.1", "1.2.3.1.1"), remainder, deflated);
        try (FolderSource s = source()) {
            TestObjects.Keeper k = new TestObjects.Keeper();
            s.retrieve(RetrieveRequest.study("1.2.3"), k);
            assertThat(k.only().transferSyntaxUid()).isEqualTo(deflated.uid());
            assertThat(k.only().declaredLength()).isEqualTo(StudyDescriptor.UNKNOWN);
            assertThat(k.only().remainder()).isEqualTo(remainder);
        }
    }

    @Test
    void symbolicLinksAreReportedNotFollowed() throws IOException {
        Path outside = Files.createDirectories(root.resolve("../outside-" + root.getFileName()));
        Path target = write(outside.resolve("secret"), "6.6", "6.6.1", "6.6.1.1");
        Path tree = Files.createDirectories(root.resolve("tree"));
        try {
            Files.createSymbolicLink(tree.resolve("link"), target);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("this file system cannot make symbolic links");
        }
        try (FolderSource s = FolderSource.builder(tree).build()) {
            assertThat(all(s)).isEmpty();
            assertThat(s.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo(Path.of("link"));
                assertThat(p.reason()).isEqualTo(ReasonCode.REFUSED);
            });
        } finally {
            Files.delete(tree.resolve("link"));
            Files.delete(target);
            Files.delete(outside);
        }
    }

    @Test
    void consumerFailureAbortsAndPropagatesAndTheNextRetrievalWorks() throws IOException {
        write(root.resolve("a"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        write(root.resolve("b"), "1.2.3", "1.2.3.1", "1.2.3.1.2");
        try (FolderSource s = source()) {
            IOException boom = new IOException("disk full");
            assertThatThrownBy(() -> s.retrieve(RetrieveRequest.study("1.2.3"), i -> {
                throw boom;
            })).isSameAs(boom);
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(s.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
        }
    }

    @Test
    void builderRefusesARootThatIsNotAFolderAndClosedSourcesRefuseCalls() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> FolderSource.builder(file).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root");
        assertThatThrownBy(() -> FolderSource.builder(root).name(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        FolderSource s = FolderSource.builder(root).name("seed").build();
        assertThat(s.name()).isEqualTo("seed");
        s.close();
        s.close();
        assertThatThrownBy(() -> s.describe("1.2.3")).isInstanceOf(IllegalStateException.class);
    }

    static void truncate(Path file, int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - bytes);
        }
    }
}
