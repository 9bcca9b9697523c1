package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.generator.GroundTruth;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry generate}: the archive, its ground truth, byte-identical for a seed, and its errors. */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedWritesTheSameBytesAndTheSummaryAgreesWithTheManifest() throws Exception {
        Result a = run("generate", "--seed", "11", "--studies", "12", "--delta", "2", "--sizes", "minimal",
                "--out", tmp.resolve("a").toString());
        Result b = run("generate", "--seed", "11", "--studies", "12", "--delta", "2", "--sizes", "minimal",
                "--out", tmp.resolve("b").toString());

        assertThat(a.code).as(a.err).isZero();
        assertThat(b.code).as(b.err).isZero();
        assertThat(tree(tmp.resolve("a"))).isEqualTo(tree(tmp.resolve("b"))).isNotEmpty();
        GroundTruth truth = GroundTruth.read(tmp.resolve("a"));
        assertThat(truth.mainStudies()).hasSize(12);
        assertThat(truth.deltaStudies()).hasSize(2);
        assertThat(a.out).contains("12 studies", "2 studies that arrive later",
                truth.unmigratableStudies().size() + " studies with unmigratable objects");
        assertThat(tmp.resolve("a").resolve("archive")).isDirectory();
        assertThat(tmp.resolve("a").resolve("hl7")).isDirectory();
    }

    @Test
    void anotherSeedWritesAnotherArchive() throws Exception {
        run("generate", "--seed", "1", "--studies", "5", "--sizes", "minimal", "--out", tmp.resolve("a").toString());
        run("generate", "--seed", "2", "--studies", "5", "--sizes", "minimal", "--out", tmp.resolve("b").toString());
        assertThat(tree(tmp.resolve("a"))).isNotEqualTo(tree(tmp.resolve("b")));
    }

    @Test
    void refusesAFolderThatIsNotEmptyAndWrongOptions() throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "mine");
        Result full = run("generate", "--seed", "1", "--studies", "3", "--out", tmp.toString());
        assertThat(full.code).isEqualTo(1);
        assertThat(full.err).startsWith("ferry generate: ").contains("not empty").doesNotContain("CONFIGURATION");
        assertThat(Files.readString(tmp.resolve("keep.txt"))).isEqualTo("mine");

        Result sizes = run("generate", "--seed", "1", "--studies", "3", "--sizes", "huge", "--out",
                tmp.resolve("x").toString());
        assertThat(sizes.code).isEqualTo(2);
        assertThat(sizes.err).contains("--sizes", "huge");

        Result studies = run("generate", "--seed", "1", "--studies", "0", "--out", tmp.resolve("y").toString());
        assertThat(studies.code).isEqualTo(2);
        assertThat(studies.err).contains("studies");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Every file under {@code root} by relative path, with its SHA-256. */
    private static Map<String, String> tree(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
                files.put(root.relativize(f).toString(), HexFormat.of().formatHex(h));
            }
        }
        return files;
    }
}
