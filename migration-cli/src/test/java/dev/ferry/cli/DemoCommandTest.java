package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import dev.ferry.testkit.generator.GroundTruth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry demo} end to end, small: a generated archive served by the legacy PACS simulator with
 * faults, migrated into the strict destination through every phase, and every generated study
 * migrated or on the exception list, as the state store and the ground truth say.
 */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void everyPhaseRunsAndEveryGeneratedStudyIsAccountedFor() throws Exception {
        Path dir = tmp.resolve("demo");
        Result r = run("demo", "--dir", dir.toString(), "--studies", "14", "--delta", "2", "--seed", "5");

        assertThat(r.code).as(r.out + r.err).isZero();
        assertThat(r.out).contains("inventory of demo", "dry-run of demo", "test-migration of demo",
                "production of demo", "delta of demo", "validation of demo", "readiness of demo",
                "every study is accounted for");
        // A registration over MLLP promoted a patient's history, and its arrival was measured.
        assertThat(r.out).containsPattern("registers: HL7 ADT\\^A04 over MLLP, answered AA")
                .containsPattern("pre-fetch \\(HL7 ADT\\^A04 control ID DEMO-A04-1\\): \\d+ studies, all on the new PACS");
        GroundTruth truth = GroundTruth.read(dir.resolve("generated"));
        try (StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
            for (GroundTruth.Study s : truth.studies()) {
                StudyState st = store.study(DemoCommand.MIGRATION, s.studyInstanceUid()).orElseThrow().state();
                assertThat(st).as("study %s", s.key()).isIn(StudyState.DONE, StudyState.EXCEPTION);
            }
            for (GroundTruth.Instance i : truth.corruptInstances()) {
                if (i.corrupt() == GroundTruth.Corruption.TRUNCATED && !i.migratable()) {
                    assertThat(store.study(DemoCommand.MIGRATION, i.studyInstanceUid()).orElseThrow().state())
                            .as("a study with a truncated object is never done").isEqualTo(StudyState.EXCEPTION);
                }
            }
        }
        assertThat(dir.resolve(DemoCommand.MARKER)).exists();
    }

    @Test
    void replacesItsOwnFolderButNoOtherOne() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "mine");
        Result refused = run("demo", "--dir", mine.toString(), "--studies", "2", "--delta", "0");
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err).contains("did not make");
        assertThat(mine.resolve("keep.txt")).exists();

        Path dir = tmp.resolve("again");
        assertThat(run("demo", "--dir", dir.toString(), "--studies", "3", "--delta", "0", "--faults", "none").code)
                .isZero();
        Files.writeString(dir.resolve("stale.txt"), "from the first run");
        Result second = run("demo", "--dir", dir.toString(), "--studies", "3", "--delta", "0", "--faults", "none");
        assertThat(second.code).as(second.err).isZero();
        assertThat(dir.resolve("stale.txt")).doesNotExist();
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
