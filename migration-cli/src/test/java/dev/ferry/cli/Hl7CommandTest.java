package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hl7CommandTest {
    private static final String A40 = "MSH|^~\\&|HIS|HOSP|FERRY|MIG|%s||ADT^A40^ADT_A39|%s|P|%s\r"
            + "EVN|A40|%s\rPID|||%s^^^HOSP||DOE^JANE\rMRG|%s^^^HOSP\r";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String a40(String time, String id, String version, String survivor, String prior) {
        return String.format(A40, time, id, version, time, survivor, prior);
    }

    @BeforeEach
    void history() throws IOException {
        Path adt = Files.createDirectories(dir.resolve("adt"));
        // A chain A→B→C across two files, written out of time order; a conflict X→Y and X→Z; a batch file
        // with LF separators; and a malformed message among good ones.
        Files.writeString(adt.resolve("1.hl7"), a40("20240301", "M2", "2.5.1", "C", "B"), StandardCharsets.US_ASCII);
        Files.writeString(adt.resolve("2.hl7"), "FHS|^~\\&\rBHS|^~\\&\r"
                + a40("20240201", "M1", "2.4", "B", "A")
                + "MSH|^~\\&|HIS|HOSP|FERRY|MIG|20240202||ADT^A40|BROKEN|P|2.5.1\rPID|||Q^^^HOSP\r"
                + a40("20240203", "M3", "2.3", "Y", "X")
                + "BTS|3\rFTS|1\r", StandardCharsets.US_ASCII);
        Files.writeString(adt.resolve("3.hl7"), a40("20240204", "M4", "2.5", "Z", "X").replace('\r', '\n'),
                StandardCharsets.US_ASCII);
    }

    @Test
    void csvGivesEverySurvivorWithItsChainThenTheConflicts() {
        int code = run("hl7", "merges", dir.resolve("adt").toString());
        assertThat(code).isZero();
        String csv = out.toString();
        assertThat(csv).startsWith("id,issuer,status,surviving_id,surviving_issuer,chain,conflicts\n");
        assertThat(csv).contains("A,HOSP,MERGED,C,HOSP,ADT^A40 MSH-10=M1 at 2024-02-01T00:00:00Z (");
        assertThat(csv).containsPattern("A,HOSP,MERGED,C,HOSP,[^\\n]*MSH-10=M1[^\\n]* > ADT\\^A40 MSH-10=M2");
        assertThat(csv).contains("B,HOSP,MERGED,C,HOSP,", "C,HOSP,ACTIVE,C,HOSP,,\n", "X,HOSP,CONFLICT,,,,1\n");
        assertThat(csv).contains("\nconflict,kind,identifiers,events\n1,CONFLICTING_MERGE,X^^^HOSP; Y^^^HOSP; Z^^^HOSP,");
        assertThat(err.toString()).contains("2.hl7:7: INVALID_CONTENT (MSH-10 BROKEN)")
                .contains("4 ADT event(s)", "1 problem(s)", "1 conflict(s)");
        assertThat(err.toString()).doesNotContain("Q^^^HOSP");
    }

    @Test
    void jsonToAFile() throws IOException {
        Path report = dir.resolve("merges.json");
        int code = run("hl7", "merges", "--format", "json", "--out", report.toString(),
                dir.resolve("adt/1.hl7").toString(), dir.resolve("adt/2.hl7").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).isEmpty();
        JsonNode root = new ObjectMapper().readTree(report.toFile());
        JsonNode a = root.get("identifiers").get(0);
        assertThat(a.get("id").asText()).isEqualTo("A");
        assertThat(a.get("status").asText()).isEqualTo("MERGED");
        assertThat(a.get("survivor").get("id").asText()).isEqualTo("C");
        assertThat(a.get("chain")).hasSize(2);
        assertThat(a.get("chain").get(0).get("controlId").asText()).isEqualTo("M1");
        assertThat(a.get("chain").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(root.get("conflicts")).isEmpty(); // X→Z is in 3.hl7, not read here
        assertThat(root.get("problems").get(0).get("line").asInt()).isEqualTo(7);
    }

    @Test
    void nothingReadableIsExitOne() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.txt"), "not hl7 at all\n");
        assertThat(run("hl7", "merges", junk.toString(), dir.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("junk.txt:1: STRAY_SEGMENTS", "missing:0: UNREADABLE",
                "no HL7 message could be read");
    }

    @Test
    void csvCellsAreQuotedAndDefused() {
        assertThat(Hl7Command.Merges.cell("=cmd()")).isEqualTo("'=cmd()");
        assertThat(Hl7Command.Merges.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Hl7Command.Merges.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    }

    @Test
    void hl7WithoutSubcommandPrintsHelp() {
        assertThat(run("hl7")).isZero();
        assertThat(out.toString()).contains("merges");
    }
}
