package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry migrate}, {@code inventory} and {@code status} between folders, on the embedded state store. */
class MigrateCommandTest {
    @TempDir
    Path tmp;
    private Path src;
    private Path dst;
    private Path state;

    @BeforeEach
    void archive() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        dst = tmp.resolve("dst");
        state = tmp.resolve("state");
        for (int study = 1; study <= 3; study++) {
            for (int i = 1; i <= 2; i++) {
                write(src.resolve(study + "-" + i + ".dcm"), "2.25.77." + study, "2.25.77." + study + ".1." + i,
                        "2024010" + study, study == 3 ? "MR" : "CT");
            }
        }
        Files.writeString(src.resolve("notes.txt"), "not DICOM");
    }

    /** Pixel Data (7FE0,0010) OB of 4 bytes, Explicit VR Little Endian: the remainder after the header. */
    private static final byte[] PIXEL_DATA = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 4, 0, 0, 0, 1, 2, 3, 4};

    static void write(Path f, String study, String sop, String date, String modality) throws IOException {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        h.setString(Tag.SOPInstanceUID, VR.UI, sop);
        h.setString(Tag.StudyDate, VR.DA, date);
        h.setString(Tag.Modality, VR.CS, modality);
        h.setString(Tag.PatientID, VR.LO, "MIG-" + study.substring(study.length() - 1));
        h.setString(Tag.StudyInstanceUID, VR.UI, study);
        h.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        try (OutputStream out = Files.newOutputStream(f)) {
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "CLI"), h,
                    new ByteArrayInputStream(PIXEL_DATA), ts, null);
        }
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".dcm")).count();
        }
    }

    @Test
    void migratesBetweenFoldersAndResumesWithNothingToDo() throws IOException {
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString(), "--no-progress");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("inventory of m-", "studiesFound: 3", "production of m-", "instancesStored: 6",
                "passRate: 1.0", "ready: true");
        assertThat(filesIn(dst)).isEqualTo(6);

        NetworkCommandsTest.Run again = run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString(), "--no-progress");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("delta of m-", "added: 0", "instancesStored: 0");

        NetworkCommandsTest.Run status = run("status", "--state", state.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("done\\s+3").contains("instances stored: 6", "open exceptions: 0");
    }

    @Test
    void everyInstanceMovedIsOnTheCustodyChainWhichNamesTheFirstTamperedRecord() throws Exception {
        assertThat(run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst, "--state", state.toString(),
                "--no-progress").code()).isZero();

        NetworkCommandsTest.Run verify = run("custody", "verify", "--state", state.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        // 3 studies queued; retrieved and stored for 6 instances; each verifier's verdict on each study, as
        // stored and in validation.
        int records = 3 + 2 * 6 + 2 * 3 * VerifyOptions.BUILT_IN.size();
        assertThat(verify.out()).contains("intact", records + " records");
        NetworkCommandsTest.Run export = run("custody", "export", "--state", state.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().lines()).hasSize(records).allSatisfy(l -> assertThat(l).startsWith("{\"sequence\":"))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"STORED\"", "sha256.remainder"))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"RETRIEVED\"", "\"pixelData\":\"SHA-256:"))
                .anySatisfy(l -> assertThat(l).contains("\"type\":\"VERIFIED\"", "\"verifier\":\"pixel-data\"",
                        "\"verdict\":\"PASSED\""));

        // Someone edits the database: the chain names the record.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:" + state.toAbsolutePath()
                .resolve(dev.ferry.core.state.JdbcStateStore.EMBEDDED_NAME), "sa", "");
                java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE ferry_custody SET actor = 'mallory' WHERE seq = 5")).isEqualTo(1);
        }
        NetworkCommandsTest.Run tampered = run("custody", "verify", "--state", state.toString());
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.err()).contains("broken at record 5", "CONTENT_MODIFIED");
        assertThat(run("custody", "check", "--state", state.toString()).code()).isEqualTo(2);
    }

    @Test
    void runsAPlanFileAndNamesTheLineOfAnError() throws IOException {
        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, "name: folders\nsource: folder:" + src + "\ndestination: folder:" + dst
                + "\nstate: jdbc:h2:file:" + state.resolve("db") + "\nconcurrency: {maxStudies: 3}\n");
        NetworkCommandsTest.Run r = run("migrate", "--plan", plan.toString(), "--phases", "inventory,production",
                "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("production of folders", "instancesStored: 6");

        Files.writeString(plan, "name: folders\nsource: folder:" + src + "\ndestination: folder:" + dst
                + "\nretry: {maxAttempts: 0}\n");
        NetworkCommandsTest.Run bad = run("migrate", "--plan", plan.toString(), "--no-progress");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("plan.yaml:4", "retry.maxAttempts");
    }

    @Test
    void inventoryAloneRecordsWhatMigrateThenMoves() throws IOException {
        NetworkCommandsTest.Run inv = run("inventory", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString());
        assertThat(inv.code()).as(inv.err()).isZero();
        assertThat(inv.out()).contains("studiesFound: 3", "byModality: {CT=2, MR=1}");

        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString(), "--phases", "production", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instancesStored: 6");
    }

    @Test
    void aConflictIsListedAndAnOperatorSkipsItWithAReason() throws IOException {
        // The same SOP Instance UID twice with different content: which one is right is for a person to say.
        write(src.resolve("dup-a.dcm"), "2.25.88", "2.25.88.1.1", "20240105", "CT");
        write(src.resolve("dup-b.dcm"), "2.25.88", "2.25.88.1.1", "20240105", "MR");
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("DUPLICATE_CONFLICT", "ready: false");

        NetworkCommandsTest.Run list = run("exceptions", "--state", state.toString());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("#(\\d+) \\S+ OPEN DUPLICATE_CONFLICT 2\\.25\\.88 ")
                .matcher(list.out());
        assertThat(id.find()).as(list.out()).isTrue();

        assertThat(run("exceptions", "--state", state.toString(), "--skip", id.group(1)).code())
                .as("an action needs a reason").isEqualTo(2);
        NetworkCommandsTest.Run skip = run("exceptions", "--state", state.toString(), "--skip", id.group(1),
                "--reason", "test object, not clinical", "--actor", "alice");
        assertThat(skip.code()).as(skip.err()).isZero();
        assertThat(skip.out()).contains("skip recorded for alice");
        assertThat(run("exceptions", "--state", state.toString(), "--skip", id.group(1), "--reason", "again")
                .code()).as("no longer open").isEqualTo(1);

        assertThat(run("exceptions", "--state", state.toString(), "--all").out()).contains("SKIPPED DUPLICATE_CONFLICT");
        assertThat(run("status", "--state", state.toString()).out()).containsPattern("skipped\\s+1")
                .containsPattern("done\\s+3");
    }

    @Test
    void wrongCombinationsAreCommandLineErrors() {
        assertThat(run("migrate", "--source", "folder:" + src).code()).isEqualTo(2);
        assertThat(run("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst, "--phases", "moving")
                .err()).contains("unknown phase 'moving'");
        assertThat(run("status", "--state", state.toString()).err()).contains("no migration");
    }
}
