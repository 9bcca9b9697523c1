package dev.ferry.dicom.archive.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media mode: a DICOMDIR at the root decides which files are the archive. */
class FolderSourceDicomdirTest {
    @TempDir
    Path root;

    /** pydicom's dicomdirtests file-set (see NOTICE beside it), copied into {@code to}. */
    private static void copyPydicomFileSet(Path to, boolean lowerCase) throws IOException, URISyntaxException {
        Path from = Path.of(FolderSourceDicomdirTest.class
                .getResource("/dev/ferry/dicom/archive/folder/pydicom/test_files/dicomdirtests/DICOMDIR").toURI())
                .getParent();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = from.relativize(f).toString();
                Path target = to.resolve(lowerCase && !rel.equals("DICOMDIR") ? rel.toLowerCase(Locale.ROOT) : rel);
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    private static List<StudyDescriptor> all(FolderSource s) throws IOException {
        List<StudyDescriptor> out = new ArrayList<>();
        s.query(StudyQuery.ALL, out::add);
        return out;
    }

    @Test
    void indexesTheFilesAPydicomDicomdirReferencesAndOnlyThose() throws Exception {
        copyPydicomFileSet(root, false);
        TestObjects.write(root.resolve("77654033/CR1/NOT-IN-DICOMDIR"), "9.9", "9.9.1", "9.9.1.1");
        try (FolderSource s = FolderSource.builder(root).build()) {
            List<StudyDescriptor> studies = all(s);
            assertThat(studies).hasSize(6);
            assertThat(studies).extracting(StudyDescriptor::studyInstanceUid).doesNotContain("9.9");
            assertThat(studies.stream().mapToInt(StudyDescriptor::instanceCount).sum()).isEqualTo(31);
            assertThat(studies.stream().mapToInt(StudyDescriptor::seriesCount).sum()).isEqualTo(13);
            assertThat(s.problems()).isEmpty();
            for (StudyDescriptor d : studies) {
                TestObjects.Keeper k = new TestObjects.Keeper();
                RetrieveResult r = s.retrieve(RetrieveRequest.study(d.studyInstanceUid()), k);
                assertThat(r.isComplete()).isTrue();
                assertThat(k.got).hasSize(d.instanceCount()).allSatisfy(g ->
                        assertThat(g.remainder()).hasSize((int) g.declaredLength()));
            }
        }
    }

    @Test
    void findsUpperCaseFileIdsInALowerCaseCopyOfTheMedia() throws Exception {
        copyPydicomFileSet(root, true);
        assertThat(root.resolve("77654033/CR1")).doesNotExist();
        assertThat(root.resolve("77654033/cr1")).isDirectory();
        try (FolderSource s = FolderSource.builder(root).build()) {
            assertThat(s.problems()).isEmpty();
            assertThat(all(s).stream().mapToInt(StudyDescriptor::instanceCount).sum()).isEqualTo(31);
        }
    }

    @Test
    void followsOnlyActiveRecordsAndRefusesFileIdsThatLeaveTheRoot() throws IOException {
        Path media = Files.createDirectories(root.resolve("media"));
        TestObjects.write(media.resolve("PT0/ST0/SE0/IM0"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        TestObjects.write(media.resolve("PT0/ST0/SE0/im1;1"), "1.2.3", "1.2.3.1", "1.2.3.1.2");
        TestObjects.write(media.resolve("PT0/ST0/SE0/DELETED"), "1.2.3", "1.2.3.1", "1.2.3.1.3");
        TestObjects.write(root.resolve("OUTSIDE"), "6.6", "6.6.1", "6.6.1.1");
        writeDicomdir(media.resolve("DICOMDIR"), List.of(
                record("PATIENT", null, true),
                record("STUDY", null, true),
                record("SERIES", null, true),
                record("IMAGE", new String[] {"PT0", "ST0", "SE0", "IM0"}, true),
                record("IMAGE", new String[] {"PT0", "ST0", "SE0", "IM1"}, true),
                record("IMAGE", new String[] {"PT0", "ST0", "SE0", "DELETED"}, false),
                record("IMAGE", new String[] {"PT0", "ST0", "SE0", "IM9"}, true),
                record("IMAGE", new String[] {"..", "OUTSIDE"}, true),
                record("IMAGE", new String[] {"PT0/../../OUTSIDE"}, true),
                record("IMAGE", new String[] {"", "OUTSIDE"}, true),
                record("IMAGE", new String[] {"PT0", "ST0", "SE0", "IM0"}, true)));

        try (FolderSource s = FolderSource.builder(media).build()) {
            assertThat(all(s)).extracting(StudyDescriptor::studyInstanceUid).containsExactly("1.2.3");
            assertThat(s.describe("1.2.3").orElseThrow().instances()).extracting(InstanceDescriptor::sopInstanceUid)
                    .containsExactly("1.2.3.1.1", "1.2.3.1.2");
            assertThat(s.problems()).extracting(FileProblem::path, FileProblem::reason).containsExactlyInAnyOrder(
                    tuple(Path.of("PT0/ST0/SE0/IM9"), ReasonCode.MISSING_INSTANCE),
                    tuple(Path.of("DICOMDIR"), ReasonCode.INVALID_VALUE),
                    tuple(Path.of("DICOMDIR"), ReasonCode.INVALID_VALUE),
                    tuple(Path.of("DICOMDIR"), ReasonCode.INVALID_VALUE));
            assertThat(s.problems()).filteredOn(p -> p.reason() == ReasonCode.MISSING_INSTANCE).singleElement()
                    .satisfies(p -> assertThat(p.detail()).contains("record 7", "2.25.15"));
            TestObjects.Keeper k = new TestObjects.Keeper();
            assertThat(s.retrieve(RetrieveRequest.study("1.2.3"), k).isComplete()).isTrue();
            assertThat(k.sops()).containsExactly("1.2.3.1.1", "1.2.3.1.2");
        }
    }

    @Test
    void aDicomdirThatCannotBeReadIsReportedAndTheTreeWalkedInstead() throws IOException {
        TestObjects.write(root.resolve("a/IM0"), "1.2.3", "1.2.3.1", "1.2.3.1.1");
        Files.writeString(root.resolve("dicomdir"), "not a DICOMDIR");
        try (FolderSource s = FolderSource.builder(root).build()) {
            assertThat(s.describe("1.2.3").orElseThrow().instanceCount()).isEqualTo(1);
            assertThat(s.problems()).extracting(FileProblem::path, FileProblem::reason).contains(
                    tuple(Path.of("dicomdir"), ReasonCode.CORRUPT_OBJECT));
        }
    }

    @Test
    void aDicomdirInsideTheTreeIsNotAProblem() throws Exception {
        Path sub = Files.createDirectories(root.resolve("cd1"));
        copyPydicomFileSet(sub, false);
        try (FolderSource s = FolderSource.builder(root).build()) {
            assertThat(s.problems()).isEmpty();
            assertThat(all(s).stream().mapToInt(StudyDescriptor::instanceCount).sum()).isEqualTo(31);
        }
    }

    private static Dataset record(String type, String[] fileId, boolean inUse) {
        Dataset r = new Dataset();
        r.setInts(Tag.OffsetOfTheNextDirectoryRecord, VR.UL, 0);
        r.setInts(Tag.RecordInUseFlag, VR.US, inUse ? 0xFFFF : 0);
        r.setInts(Tag.OffsetOfReferencedLowerLevelDirectoryEntity, VR.UL, 0);
        r.setString(Tag.DirectoryRecordType, VR.CS, type);
        if (fileId != null) {
            r.setStrings(Tag.ReferencedFileID, VR.CS, fileId);
            r.setString(Tag.ReferencedSOPClassUIDInFile, VR.UI, TestObjects.CT);
            r.setString(Tag.ReferencedSOPInstanceUIDInFile, VR.UI, "2.25." + Math.abs(String.join("/", fileId).length()));
        }
        return r;
    }

    private static void writeDicomdir(Path file, List<Dataset> records) throws IOException {
        Dataset ids = new Dataset();
        ids.setString(Tag.SOPClassUID, VR.UI, UID.MediaStorageDirectoryStorage);
        ids.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1");
        Dataset dir = new Dataset();
        dir.setString(Tag.FileSetID, VR.CS, "TEST");
        dir.setInts(Tag.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, VR.UL, 0);
        dir.setInts(Tag.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, VR.UL, 0);
        dir.setInts(Tag.FileSetConsistencyFlag, VR.US, 0);
        Dataset.Sequence seq = dir.newSequence(Tag.DirectoryRecordSequence);
        for (Dataset r : records) {
            seq.add(r);
        }
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (OutputStream out = Files.newOutputStream(file)) {
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(ids, ts, null), dir, new ByteArrayInputStream(new byte[0]),
                    ts, ItemRef.NONE);
        }
    }
}
