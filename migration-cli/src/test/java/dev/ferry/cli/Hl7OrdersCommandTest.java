package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.core.Lane;
import dev.ferry.core.state.DiscoveredStudy;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry hl7 collisions} over an embedded inventory and a CSV order export. */
class Hl7OrdersCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static DiscoveredStudy study(String uid, String patient, String accession) {
        return new DiscoveredStudy(new StudyDescriptor(uid, PatientIdentity.of(patient, "HOSP"), null,
                Accession.of(accession), null, null, Set.of("CT"), 1, 1, 1), "all", Lane.BACKGROUND, "");
    }

    @BeforeEach
    void inventory() throws IOException {
        try (StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
            store.ensureMigration("m1", Instant.now());
            store.upsertDiscovered("m1", List.of(
                    study("1.2.1", "P1", "a100"),
                    study("1.2.2", "P2", "A100"),      // same accession after upper-casing, another patient
                    study("1.2.3", "P3", "A300"),      // the orders give A300 to P9
                    study("1.2.4", "P4", "A400")), Instant.now());
        }
        Files.writeString(dir.resolve("orders.csv"), "accession,patient_id,issuer\nA100,P1,HOSP\nA300,P9,HOSP\n"
                + "A400,P4,HOSP\n");
    }

    @Test
    void printsCollisionsByStudyAndRaisesThemOnce() {
        String[] args = {"hl7", "collisions", "--orders", dir.resolve("orders.csv").toString(), "--state",
            dir.resolve("state").toString()};
        int code = run(args);
        assertThat(code).as(err.toString()).isEqualTo(1);
        String csv = out.toString();
        assertThat(csv).startsWith("study,reason,detail\n");
        assertThat(csv).contains("1.2.2,ACCESSION_COLLISION,accession collision ORDER_NAMES_ANOTHER_PATIENT with order ");
        assertThat(csv).contains("1.2.2,ACCESSION_COLLISION,accession collision ONE_ACCESSION_TWO_PATIENTS with study 1.2.1\n");
        assertThat(csv).contains("1.2.3,ACCESSION_COLLISION,accession collision ORDER_NAMES_ANOTHER_PATIENT with order ")
                .contains("orders.csv:3");
        assertThat(csv).doesNotContain("1.2.4").doesNotContain("P1").doesNotContain("A100");
        assertThat(err.toString()).contains("4 exception(s) raised");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(args)).isEqualTo(1);
        assertThat(err.toString()).contains("0 exception(s) raised, 4 raised before");
        try (StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
            List<ExceptionRecord> all = store.exceptions("m1", Set.of());
            assertThat(all).hasSize(4).allSatisfy(e -> assertThat(e.reason()).isEqualTo(ReasonCode.ACCESSION_COLLISION));
            assertThat(all).extracting(ExceptionRecord::studyInstanceUid)
                    .containsExactlyInAnyOrder("1.2.1", "1.2.2", "1.2.2", "1.2.3");
        }
    }

    @Test
    void aBadRulesFileNamesItsLine() throws IOException {
        Path rules = dir.resolve("rules.csv");
        Files.writeString(rules, "max-length,many\n");
        assertThat(run("hl7", "collisions", "--orders", dir.resolve("orders.csv").toString(), "--state",
                dir.resolve("state").toString(), "--rules", rules.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("rules.csv:1: max-length");
    }
}
