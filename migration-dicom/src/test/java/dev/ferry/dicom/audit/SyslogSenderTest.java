package dev.ferry.dicom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.dicom.net.TlsOptions;
import dev.ferry.dicom.net.peer.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loopback round trips against {@link SyslogReceiver}, one per transport. */
@Timeout(60)
class SyslogSenderTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.generate(pkiDir);
    }

    private static byte[] message(int n) {
        DicomAuditMessages m = DicomAuditMessages.builder("urn:ferry:custody:m-1").build();
        return m.message(CustodyRecord.next(null, CustodyEvent.of(T0, CustodyEvent.Type.STORED, "ferry:node-1",
                ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4." + n), Map.of("destination", "NEWPACS"))));
    }

    private static SyslogSender.Builder sender(int port) {
        return SyslogSender.builder("127.0.0.1", port).hostname("ferry-host").procId("42")
                .connectTimeout(Duration.ofSeconds(10)).writeTimeout(Duration.ofSeconds(10));
    }

    private static void assertArrived(List<SyslogReceiver.Message> got, int count) {
        assertThat(got).hasSize(count).allSatisfy(m -> {
            assertThat(m.header()).containsExactly("<85>1", "2026-03-01T10:15:30.123Z", "ferry-host", "ferry", "42",
                    "DICOM+RFC3881", "-");
            assertThat(m.hasBom()).isTrue();
            assertThat(m.text()).startsWith("<?xml").contains("csd-code=\"110104\"").endsWith("</AuditMessage>");
        });
        assertThat(got.get(count - 1).text()).contains("1.2.3.4." + (count - 1));
    }

    @Test
    void tlsWithClientCertificates() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.tls(pki.serverSslContext(), true);
             SyslogSender s = sender(receiver.port()).transport(SyslogSender.Transport.TLS)
                     .tls(TlsOptions.fromKeyStores(pki.clientKeyStore(), pki.password(), pki.trustStore(), pki.password()))
                     .build()) {
            for (int i = 0; i < 3; i++) {
                s.send(message(i), T0);
            }
            assertArrived(receiver.take(3, 20), 3);
            assertThat(receiver.failures()).isEmpty();
        }
    }

    @Test
    void tlsRefusesARepositoryItDoesNotTrust() throws Exception {
        // The client trusts only the JDK's default CAs, not the test CA that signed the repository's certificate.
        SSLContext untrusted = pki.serverSslContext();
        try (SyslogReceiver receiver = SyslogReceiver.tls(untrusted, false);
             SyslogSender s = sender(receiver.port()).transport(SyslogSender.Transport.TLS)
                     .tls(TlsOptions.of(SSLContext.getDefault())).build()) {
            assertThatThrownBy(() -> s.send(message(0), T0)).isInstanceOf(SyslogException.class)
                    .hasMessageContaining("127.0.0.1:" + receiver.port()).hasMessageContaining("TLS handshake failed")
                    .satisfies(e -> assertThat(((SyslogException) e).port()).isEqualTo(receiver.port()));
        }
    }

    @Test
    void plainTcpWithOctetCounting() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.tcp();
             SyslogSender s = sender(receiver.port()).transport(SyslogSender.Transport.TCP).build()) {
            for (int i = 0; i < 5; i++) {
                s.send(message(i), T0);
            }
            assertArrived(receiver.take(5, 20), 5);
        }
    }

    @Test
    void udpOneMessagePerDatagramAndTooLargeIsRefused() throws Exception {
        try (SyslogReceiver receiver = SyslogReceiver.udp();
             SyslogSender s = sender(receiver.port()).transport(SyslogSender.Transport.UDP).build();
             SyslogSender small = sender(receiver.port()).transport(SyslogSender.Transport.UDP)
                     .maxDatagramBytes(480).build()) {
            s.send(message(0), T0);
            s.send(message(1), T0);
            assertArrived(receiver.take(2, 20), 2);
            assertThatThrownBy(() -> small.send(message(0), T0)).isInstanceOf(SyslogException.class)
                    .hasMessageContaining("udp to 127.0.0.1:" + receiver.port())
                    .hasMessageContaining("larger than the 480 bytes");
        }
    }

    @Test
    void aRefusedConnectionNamesTheRepositoryAndTheNextSendTriesAgain() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SyslogSender s = sender(port).transport(SyslogSender.Transport.TCP).build()) {
            assertThatThrownBy(() -> s.send(message(0), T0)).isInstanceOf(SyslogException.class)
                    .hasMessageStartingWith("syslog tcp to 127.0.0.1:" + port + ": cannot connect");
        }
    }

    @Test
    void aWriteThatBlocksIsCutAfterTheWriteTimeout() throws Exception {
        // A repository that accepts and never reads: the socket buffers fill and the write blocks.
        try (ServerSocket deaf = new ServerSocket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try (SyslogSender s = sender(deaf.getLocalPort()).transport(SyslogSender.Transport.TCP)
                    .writeTimeout(Duration.ofMillis(300)).build()) {
                byte[] big = new byte[256 << 10];
                java.util.Arrays.fill(big, (byte) 'x');
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        s.send(big, T0);
                    }
                }).isInstanceOf(SyslogException.class)
                        .hasMessageContaining("tcp to 127.0.0.1:" + deaf.getLocalPort())
                        .hasMessageContaining("writing took more than 300 ms");
            }
        }
    }

    @Test
    void framesPerRfc5424AndValidatesItsFields() throws Exception {
        try (SyslogSender s = sender(514).transport(SyslogSender.Transport.UDP).msgId("IHE+RFC-3881").build()) {
            byte[] frame = s.frame("<x/>".getBytes(StandardCharsets.UTF_8), T0);
            assertThat(new String(frame, StandardCharsets.UTF_8))
                    .isEqualTo("<85>1 2026-03-01T10:15:30.123Z ferry-host ferry 42 IHE+RFC-3881 - \uFEFF<x/>");
        }
        assertThatThrownBy(() -> sender(514).build()).hasMessageContaining("tls");
        assertThatThrownBy(() -> sender(0).transport(SyslogSender.Transport.TCP).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> sender(514).transport(SyslogSender.Transport.TCP).hostname("a b").build())
                .hasMessageContaining("hostname");
        assertThatThrownBy(() -> sender(514).transport(SyslogSender.Transport.TCP).msgId("x".repeat(33)).build())
                .hasMessageContaining("msgId");
        assertThatThrownBy(() -> sender(514).transport(SyslogSender.Transport.UDP).maxDatagramBytes(70_000).build())
                .hasMessageContaining("maxDatagramBytes");
        SyslogSender closed = sender(514).transport(SyslogSender.Transport.UDP).build();
        closed.close();
        assertThatThrownBy(() -> closed.send(message(0), T0)).hasMessageContaining("closed");
    }
}
