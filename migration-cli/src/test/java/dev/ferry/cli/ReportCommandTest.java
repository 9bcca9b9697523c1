package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.report.ProofPackage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry report} over what a small {@code ferry demo} left: written twice, byte for byte the same. */
class ReportCommandTest {
    private static final List<String> FILES = List.of(ProofPackage.HTML, ProofPackage.JSON, ProofPackage.STUDIES,
            ProofPackage.INSTANCES, ProofPackage.EXCEPTIONS, ProofPackage.SUMS);

    @TempDir
    Path tmp;

    @Test
    void writesTheSamePackageTwiceOverTheDemosState() throws Exception {
        Path demo = tmp.resolve("demo");
        Result d = run("demo", "--studies", "6", "--delta", "1", "--dir", demo.toString(), "--no-progress");
        assertThat(d.code).as(d.out + d.err).isZero();

        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        Result first = run("report", "--state", demo.resolve("state").toString(), "--out", one.toString());
        Result second = run("report", "--state", demo.resolve("state").toString(), "--out", two.toString());

        assertThat(first.code).as(first.out + first.err).isZero();
        assertThat(second.code).as(second.out + second.err).isZero();
        assertThat(first.out).contains("proof package of " + DemoCommand.MIGRATION + " written to " + one,
                "custody chain of " + DemoCommand.MIGRATION + ": intact", ProofPackage.INSTANCES + " ");
        for (String f : FILES) {
            assertThat(Files.readAllBytes(two.resolve(f))).as(f).isEqualTo(Files.readAllBytes(one.resolve(f)));
        }
        assertThat(Files.readString(one.resolve(ProofPackage.HTML))).contains("Count reconciliation",
                "Retirement readiness", "Chain of custody");
        assertThat(second.out.replace(two.toString(), one.toString())).isEqualTo(first.out);
        // The demo verifies pixels: every image's digest, as it left the legacy PACS, is in the manifest.
        List<String> manifest = Files.readAllLines(one.resolve(ProofPackage.INSTANCES));
        assertThat(manifest.get(0)).endsWith(",transfer_syntax,pixel_data_digest");
        assertThat(manifest.subList(1, manifest.size())).isNotEmpty()
                .anySatisfy(l -> assertThat(l).matches(".*,SHA-256:[0-9a-f]{64}"));
        assertThat(Files.readString(one.resolve(ProofPackage.JSON))).contains("\"pixel-data\"");
        // Every verifier ran in the demo's validation: dose retention is measured, not "not measured".
        assertThat(Files.readString(one.resolve(ProofPackage.HTML))).containsPattern(
                "Dose retention</td><td>100\\.00 % \\(\\d+ kept, 0 lost, 0 not decided");
    }

    @Test
    void helpNamesTheFilesAndTheExitStatus() {
        Result help = run("report", "--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("--out=DIR", "ferry-report", "instances.csv", "byte-identical",
                "dose retention", "Exit status");
    }

    @Test
    void anEmptyStoreHasNoMigrationToReport() {
        Result r = run("report", "--state", tmp.resolve("empty").toString(), "--out", tmp.resolve("out").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("ferry report: no migration in");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
