package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.AckCode;
import dev.ferry.hl7.mllp.MllpListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry hl7 reports} against an MLLP listener on loopback. */
@Timeout(60)
class Hl7ReportsCommandTest {
    private static final String ORU = "MSH|^~\\&|RIS|HOSP|PACS|NEW|20240301||ORU^R01^ORU_R01|%s|P|2.5.1\r"
            + "PID|||P1^^^HOSP||DOE^JANE\rOBR|1|PL1|FI1|CT^CT HEAD|||20240301|||||||||||acc-%s\r"
            + "OBX|1|TX|18748-4^Diagnostic Imaging Report^LN||No acute findings.||||||F\rZRP|keep me\r";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private MllpListener listener;

    @BeforeEach
    void start() throws IOException {
        listener = MllpListener.builder((bytes, origin) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            received.add(text);
            Optional<MessageHeader> h = MessageHeader.sniff(text);
            boolean error = h.map(x -> x.controlId().startsWith("BAD")).orElse(true);
            return new Ack(error ? AckCode.AE : AckCode.AA, h.map(MessageHeader::controlId).orElse(""), "", error ? 207 : 0)
                    .encode(h, Clock.systemUTC());
        }).idleTimeout(Duration.ofSeconds(20)).build().start();
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("1.hl7"), String.format(ORU, "R1", "1") + String.format(ORU, "R2", "2"));
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void forwardsCountsByAckAndResumesFromTheCustodyLog() {
        Path state = dir.resolve("state");
        try (StateStore store = JdbcStateStore.openEmbedded(state)) {
            store.ensureMigration("m1", Instant.now());
        }
        int code = run("hl7", "reports", "--to", "127.0.0.1:" + listener.port(), "--timeout", "5",
                "--state", state.toString(), dir.resolve("reports").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("ack,reports\n").contains("AA,2\n", "AE,0\n", "TIMEOUT,0\n");
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).contains("|ACC-1\r").contains("\rZRP|keep me\r");
        assertThat(err.toString()).doesNotContain("P1").doesNotContain("acc-1");

        out.getBuffer().setLength(0);
        received.clear();
        int again = run("hl7", "reports", "--to", "127.0.0.1:" + listener.port(), "--state", state.toString(),
                dir.resolve("reports").toString());
        assertThat(again).isZero();
        assertThat(out.toString()).contains("AA,0\n", "SKIPPED,2\n");
        assertThat(received).isEmpty();
    }

    @Test
    void anErrorAcknowledgmentFailsTheRunAndIsNamedByFileAndControlId() throws IOException {
        Path bad = dir.resolve("bad.hl7");
        Files.writeString(bad, String.format(ORU, "BAD1", "3"));
        int code = run("hl7", "reports", "--to", "127.0.0.1:" + listener.port(), bad.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("AE,1\n");
        assertThat(err.toString()).contains("bad.hl7:1 (MSH-10 BAD1): REFUSED: acknowledged AE (ERR-3 207)");
    }

    @Test
    void aWrongDestinationIsACommandLineError() {
        assertThat(run("hl7", "reports", "--to", "nowhere", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("HOST:PORT");
    }

    @Test
    void aReportFiledUnderAMergedPatientGoesOutUnderItsSurvivor() throws IOException {
        Path adt = Files.writeString(dir.resolve("a40.hl7"), "MSH|^~\\&|HIS|HOSP|FERRY|MIG|20200101120000||"
                + "ADT^A40^ADT_A39|M1|P|2.5.1\rEVN|A40|20200101120000\rPID|||P9^^^HOSP||DOE^JANE\rMRG|P1^^^HOSP\r");
        int code = run("hl7", "reports", "--to", "127.0.0.1:" + listener.port(), "--timeout", "5",
                "--adt-history", adt.toString(), dir.resolve("reports").toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(received).hasSize(2).allSatisfy(m -> assertThat(m).contains("\rPID|||P9^^^HOSP")
                .doesNotContain("|P1^^^HOSP"));
    }
}
