package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry find --source} against Orthanc: dimse: (with and without Ferry's own AE) and dicomweb:;
 * {@code ferry migrate} from Orthanc into a folder with its state on a real PostgreSQL, and from a
 * folder into Orthanc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveCommandsIT {
    @TempDir
    static Path tmp;
    private Orthanc orthanc;
    private int localPort;

    @BeforeAll
    void seed() throws IOException {
        localPort = FreePorts.allocate();
        orthanc = Orthanc.builder().modality("ferry", "FERRYCLI", localPort).start();
        for (int i = 1; i <= 3; i++) {
            Dataset h = new Dataset();
            h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
            h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.4242." + i + ".1.1");
            h.setString(Tag.StudyDate, VR.DA, "2023010" + i);
            h.setString(Tag.StudyTime, VR.TM, "101500");
            h.setString(Tag.Modality, VR.CS, i == 3 ? "MR" : "CT");
            h.setString(Tag.PatientID, VR.LO, "CLI-" + i);
            h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.4242." + i);
            h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.4242." + i + ".1");
            Path f = tmp.resolve(i + ".dcm");
            try (OutputStream out = Files.newOutputStream(f)) {
                TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
                DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "CLI"), h,
                        new ByteArrayInputStream(new byte[0]), ts, null);
            }
            orthanc.upload(f);
        }
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private String uri() {
        return "dimse:" + orthanc.aeTitle() + "@127.0.0.1:" + orthanc.dicomPort();
    }

    @Test
    void findListsTheStudiesOfADimseSource() {
        NetworkCommandsTest.Run r = run("find", "--source", uri(), "-L", "STUDY", "-m", "StudyDate=20230101-20230102");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("StudyInstanceUID=2.25.4242.1 ", "StudyInstanceUID=2.25.4242.2 ")
                .doesNotContain("2.25.4242.3").contains("2 matches in dimse:");
        NetworkCommandsTest.Run mr = run("find", "--source", uri(), "-L", "STUDY", "-m", "ModalitiesInStudy=MR");
        assertThat(mr.out()).contains("StudyInstanceUID=2.25.4242.3 ").contains("ModalitiesInStudy=MR")
                .contains("1 match in");
    }

    @Test
    void findListsTheStudiesOfADicomWebSource() {
        NetworkCommandsTest.Run r = run("find", "--source", "dicomweb:" + orthanc.dicomWebUri(), "-L", "STUDY",
                "-m", "StudyDate=20230102-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("StudyInstanceUID=2.25.4242.2 ", "StudyInstanceUID=2.25.4242.3 ")
                .doesNotContain("2.25.4242.1 ").contains("2 matches in dicomweb:");
        NetworkCommandsTest.Run series = run("find", "--source", "dicomweb:" + orthanc.dicomWebUri(), "-L", "SERIES",
                "-m", "StudyInstanceUID=2.25.4242.3");
        assertThat(series.out()).contains("SeriesInstanceUID=2.25.4242.3.1").contains("Modality=MR");
    }

    @Test
    void findListsTheInstancesOfAStudyWithFerrysOwnAe() {
        NetworkCommandsTest.Run r = run("find", "--source", uri(), "--local", "FERRYCLI@127.0.0.1:" + localPort,
                "-L", "IMAGE", "-m", "StudyInstanceUID=2.25.4242.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("SOPInstanceUID=2.25.4242.2.1.1").contains("1 match in");
    }

    @Test
    void migrateMovesADimseSourceIntoAFolderWithItsStateOnPostgresql() throws IOException {
        long instances;
        Path dest = tmp.resolve("migrated");
        try (dev.ferry.core.state.PostgresServer pg = dev.ferry.core.state.PostgresServer.start()) {
            NetworkCommandsTest.Run r = run("migrate", "--source", uri(), "--dest", "folder:" + dest,
                    "--state", pg.jdbcUrl(), "--state-user", dev.ferry.core.state.PostgresServer.USER, "--no-progress");
            assertThat(r.code()).as(r.err()).isZero();
            // The seeded studies, and the one migrateStoresAFolderIntoADimseDestination adds if it ran first.
            java.util.regex.Matcher stored = java.util.regex.Pattern.compile("instancesStored: (\\d+)\\n")
                    .matcher(r.out());
            assertThat(stored.find()).as(r.out()).isTrue();
            instances = Long.parseLong(stored.group(1));
            assertThat(instances).isIn(3L, 7L);
            assertThat(r.out()).contains("passRate: 1.0", "ready: true", "openExceptions=0");
            NetworkCommandsTest.Run status = run("status", "--state", pg.jdbcUrl(), "--state-user",
                    dev.ferry.core.state.PostgresServer.USER);
            assertThat(status.out()).contains("instances stored: " + instances);
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dest)) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(instances);
        }
    }

    @Test
    void migrateStoresAFolderIntoADimseDestination() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("to-orthanc"));
        for (int i = 1; i <= 4; i++) {
            MigrateCommandTest.write(folder.resolve(i + ".dcm"), "2.25.5151", "2.25.5151.1." + i, "20220202", "CT");
        }
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + folder, "--dest", uri(),
                "--state", tmp.resolve("state-to-orthanc").toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instancesStored: 4", "passRate: 1.0");
        NetworkCommandsTest.Run find = run("find", "--source", uri(), "-L", "IMAGE", "-m", "StudyInstanceUID=2.25.5151");
        assertThat(find.out()).contains("4 matches");
    }

    @Test
    void migrateVerifiesEveryStudyByStorageCommitment() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("committed"));
        for (int i = 1; i <= 3; i++) {
            MigrateCommandTest.write(folder.resolve(i + ".dcm"), "2.25.6161", "2.25.6161.1." + i, "20220303", "CT");
        }
        // Orthanc reports on a new association to the AE that asked, which it knows as its modality "ferry".
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + folder, "--dest", uri(),
                "--aet", "FERRYCLI", "--storage-commitment", "FERRYCLI@127.0.0.1:" + localPort,
                "--state", tmp.resolve("state-committed").toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instancesStored: 3", "passRate: 1.0", "storage-commitment={passed=1}");
    }
}
