package dev.ferry.hl7.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.hl7.adt.MessageHeader;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.AckCode;
import dev.ferry.hl7.mllp.MllpListener;
import dev.ferry.hl7.orders.AccessionRules;
import dev.ferry.hl7.reports.ReportMigration.Delivery;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reports forwarded over a live MLLP connection on loopback: AA, AE, and a destination that never answers. */
@Timeout(60)
class ReportMigrationTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T08:00:00Z"), ZoneOffset.UTC);
    private static final String SR_STUDY = "1.2.392.200036.9125.0.198811291108.7";

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private MllpListener listener;

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (listener != null) {
            listener.close();
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(ReportMigrationTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A destination answering AE to MSH-10 CNTRL-3456 and AA to everything else. */
    private InetSocketAddress destination() throws IOException {
        listener = MllpListener.builder((bytes, origin) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            received.add(text);
            Optional<MessageHeader> h = MessageHeader.sniff(text);
            boolean error = h.map(x -> x.controlId().equals("CNTRL-3456")).orElse(true);
            return new Ack(error ? AckCode.AE : AckCode.AA, h.map(MessageHeader::controlId).orElse(""),
                    error ? "application error" : "", error ? 207 : 0).encode(h, CLOCK);
        }).idleTimeout(Duration.ofSeconds(20)).build().start();
        return new InetSocketAddress("127.0.0.1", listener.port());
    }

    private static ResolvedIdentity merged(PatientIdentity p) {
        return p.id().equals("PID_1") ? new ResolvedIdentity(PatientIdentity.of("NEW1", "HOSP"), null, null, List.of("A40"))
                : new ResolvedIdentity(p, null, null, List.of("unchanged"));
    }

    @Test
    void anAcceptedReportIsRewrittenForwardedRecordedAndNotSentTwice() throws IOException {
        Path sr = resource("dcm4che-oru-r01-sr.hl7");
        MemoryLog log = new MemoryLog();
        List<String> persisted = new ArrayList<>();
        ReportMigration.Result r;
        try (ReportMigration m = ReportMigration.builder(destination()).timeout(Duration.ofSeconds(10))
                .identity(ReportMigrationTest::merged).custody(log, "ferry:test").clock(CLOCK)
                .onForwarded(persisted::add).build()) {
            r = m.run(List.of(sr));
        }
        assertThat(r.findings()).isEmpty();
        assertThat(r.count(Delivery.AA)).isEqualTo(1);
        assertThat(r.migrated()).isEqualTo(1);
        assertThat(r.forwarded()).containsExactly("1001129");
        assertThat(persisted).containsExactly("1001129");

        String sent = received.get(0);
        List<String> out = Arrays.asList(sent.split("\r"));
        List<String> in = Arrays.asList(Files.readString(sr, StandardCharsets.ISO_8859_1).split("\r"));
        assertThat(out).hasSameSizeAs(in);
        assertThat(out.get(1)).startsWith("PID|||NEW1^^^HOSP||Smith^Lucy^Mark||20141014|F");
        assertThat(out.get(4)).contains("|ACCESSIONNUMBER|RequestedProcID|");
        for (int i = 0; i < in.size(); i++) {
            if (i != 1 && i != 4) {
                assertThat(out.get(i)).as("segment %d untouched", i + 1).isEqualTo(in.get(i));
            }
        }

        assertThat(log.records).singleElement().satisfies(rec -> {
            CustodyEvent e = rec.event();
            assertThat(e.type()).isEqualTo(CustodyEvent.Type.STORED);
            assertThat(e.item().studyInstanceUid()).isEqualTo(SR_STUDY);
            assertThat(e.details()).containsEntry("controlId", "1001129").containsEntry("ack", "AA")
                    .containsEntry("kind", "hl7-report").containsKey("accessionKey");
            assertThat(e.details().get("accessionKey")).startsWith("hmac-sha256:");
            assertThat(e.details().values()).noneMatch(v -> v.contains("Smith") || v.contains("PID_1")
                    || v.contains("NEW1") || v.toUpperCase().contains("ACCESSIONNUMBER") || v.contains("kidney"));
        });
        assertThat(log.verifyChain().intact()).isTrue();

        received.clear();
        try (ReportMigration again = ReportMigration.builder(new InetSocketAddress("127.0.0.1", listener.port()))
                .alreadyForwarded(Set.copyOf(persisted)).build()) {
            ReportMigration.Result second = again.run(List.of(sr));
            assertThat(second.count(Delivery.SKIPPED)).isEqualTo(1);
            assertThat(second.count(Delivery.AA)).isZero();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void anApplicationErrorIsAFindingWithItsAckCode() throws IOException {
        MemoryLog log = new MemoryLog();
        ReportMigration.Result r;
        try (ReportMigration m = ReportMigration.builder(destination()).timeout(Duration.ofSeconds(10))
                .custody(log, "ferry:test").clock(CLOCK).build()) {
            r = m.run(List.of(resource("python-hl7-oru-r01-v24.hl7"), resource("dcm4che-oru-r01-sr.hl7")));
        }
        assertThat(r.count(Delivery.AE)).isEqualTo(1);
        assertThat(r.count(Delivery.AA)).isEqualTo(1);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.REFUSED);
            assertThat(f.controlId()).isEqualTo("CNTRL-3456");
            assertThat(f.detail()).contains("AE").contains("207");
            assertThat(f.origin().line()).isEqualTo(1);
        });
        // OBR-18 is empty there: OBR-3's entity identifier is the accession, kept with its namespace
        assertThat(received.get(0)).contains("OBR|1|845439^GHH OE|1045813^GHH LAB|");
        assertThat(log.records).extracting(rec -> rec.event().type())
                .containsExactly(CustodyEvent.Type.EXCEPTION_RAISED, CustodyEvent.Type.STORED);
        assertThat(log.records.get(0).event().details()).containsEntry("ack", "AE").containsEntry("reason", "REFUSED");
    }

    @Test
    void aDestinationThatNeverAnswersIsATimeout() throws IOException {
        listener = MllpListener.builder((bytes, origin) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "";
        }).build().start();
        MemoryLog log = new MemoryLog();
        ReportMigration.Result r;
        try (ReportMigration m = ReportMigration.builder(new InetSocketAddress("127.0.0.1", listener.port()))
                .timeout(Duration.ofMillis(400)).custody(log, "ferry:test").clock(CLOCK).build()) {
            r = m.run(List.of(resource("dcm4che-oru-r01-sr.hl7")));
        }
        assertThat(r.count(Delivery.TIMEOUT)).isEqualTo(1);
        assertThat(r.migrated()).isZero();
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(ReasonCode.TIMEOUT));
        assertThat(log.records).singleElement().satisfies(rec -> assertThat(rec.event().details())
                .containsEntry("ack", "none").containsEntry("reason", "TIMEOUT"));
    }

    @Test
    void anAccessionThatCannotBeNormalisedIsNotSent() throws IOException {
        ReportMigration.Result r;
        try (ReportMigration m = ReportMigration.builder(destination())
                .accessionRules(AccessionRules.builder().maxLength(8).build()).build()) {
            r = m.run(List.of(resource("dcm4che-oru-r01-sr.hl7")));
        }
        assertThat(r.count(Delivery.NOT_SENT)).isEqualTo(1);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.INVALID_VALUE);
            assertThat(f.detail()).contains("OBR-18").contains("TOO_LONG").doesNotContain("AccessionNumber");
        });
        assertThat(received).isEmpty();
    }

    /** A custody log over a list. */
    static final class MemoryLog implements CustodyLog {
        final List<CustodyRecord> records = new ArrayList<>();

        @Override
        public CustodyRecord append(CustodyEvent event) {
            CustodyRecord r = CustodyRecord.next(records.isEmpty() ? null : records.get(records.size() - 1), event);
            records.add(r);
            return r;
        }

        @Override
        public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
            records.stream().filter(query::matches).forEach(sink);
        }

        @Override
        public Optional<CustodyRecord> head() {
            return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
        }

        @Override
        public ChainVerification verifyChain() {
            return CustodyChain.verify(records.iterator());
        }

        @Override
        public void close() {}
    }
}
