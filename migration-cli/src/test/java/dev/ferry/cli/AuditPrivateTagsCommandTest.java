package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.generator.ArchiveGenerator;
import dev.ferry.testkit.generator.GeneratorSettings;
import dev.ferry.testkit.generator.GroundTruth;
import dev.ferry.testkit.generator.Sizes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry audit-private-tags} over a folder of generated studies: reports written, dose flagged, no values. */
class AuditPrivateTagsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void auditsAGeneratedArchiveAndFlagsTheInventedDoseCreators() throws Exception {
        Path archive = tmp.resolve("gen");
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(7).studies(6)
                .sizes(Sizes.MINIMAL).build()).writeTo(archive);
        // The generator's vendors are invented, so no built-in entry knows them: the site's table does.
        Path known = tmp.resolve("known.csv");
        StringBuilder csv = new StringBuilder("creator,group,offset,category,description,source\n");
        for (GroundTruth.PrivateCreator c : truth.privateCreators()) {
            String line = c.creator() + "," + String.format("%04X", c.group()) + ",10,RADIATION_DOSE,CTDIvol,testkit\n";
            if (csv.indexOf(line) < 0) {
                csv.append(line);
            }
        }
        Files.writeString(known, csv);
        Path out = tmp.resolve("out");

        Result r = run("audit-private-tags", "--source", "folder:" + archive.resolve("archive"), "--out", out.toString(),
                "--known", known.toString());

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("studies", "flagged");
        String json = Files.readString(out.resolve("private-tags.json"));
        String html = Files.readString(out.resolve("private-tags.html"));
        String csvOut = Files.readString(out.resolve("private-tags.csv"));
        assertThat(json).contains("RADIATION_DOSE");
        assertThat(csvOut).contains("RADIATION_DOSE");
        assertThat(html).contains("RADIATION_DOSE", "<table>");
        for (GroundTruth.PrivateCreator c : truth.privateCreators()) {
            if (c.modality().equals("CT")) {
                assertThat(json).contains(c.creator());
            }
        }
        // No patient data: no patient name or ID of the generated archive appears in any output.
        for (var patient : truth.patients()) {
            for (String out2 : new String[] {json, html, csvOut}) {
                assertThat(out2).doesNotContain(patient.mrn(), patient.name());
            }
        }
    }

    @Test
    void aSampleAndAWrongSource() throws Exception {
        Result missing = run("audit-private-tags", "--source", "folder:" + tmp.resolve("nope"), "--out",
                tmp.resolve("o").toString());
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).startsWith("ferry audit-private-tags: ");
        Result negative = run("audit-private-tags", "--source", "folder:" + tmp, "--sample", "-1", "--out",
                tmp.resolve("o").toString());
        assertThat(negative.code).isEqualTo(2);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
