package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM TLS (PS3.15 Annex B, BCP 195) between Ferry's SCU and Ferry's SCP, in process on loopback,
 * with a CA, server and client certificates made by {@code openssl} for the test ({@link TestPki})
 * and loaded from PKCS12 stores through {@link TlsOptions#fromKeyStores}.
 */
@Timeout(60)
class TlsTest {
    /**
     * The server's deadline for TLS handshake and A-ASSOCIATE-RQ together. At 500 ms a TLS 1.2
     * handshake on a loaded two-core machine (CI with a benchmark beside it) ran out once.
     */
    private static final Duration ARTIM = Duration.ofSeconds(2);

    @TempDir
    static Path pkiDir;

    @TempDir
    Path tmp;

    private static TestPki pki;
    private static TlsOptions serverTls;
    private static TlsOptions clientTls;
    private static TlsOptions anonymousClientTls;

    @BeforeAll
    static void makePki() throws Exception {
        Dcmtk.requireTools("openssl");
        pki = TestPki.generate(pkiDir);
        serverTls = TlsOptions.fromKeyStores(pki.serverKeyStore(), pki.password(), pki.trustStore(), pki.password());
        clientTls = TlsOptions.fromKeyStores(pki.clientKeyStore(), pki.password(), pki.trustStore(), pki.password());
        anonymousClientTls = TlsOptions.fromKeyStores(null, null, pki.trustStore(), pki.password());
    }

    private static AssociationOptions options(TlsOptions tls) {
        return AssociationOptions.builder().acseTimeout(ARTIM).dimseTimeout(Duration.ofSeconds(5)).tls(tls).build();
    }

    private static DicomServer.Builder server(TlsOptions tls) {
        return DicomServer.builder().aeTitle("FERRYSCP").options(options(tls));
    }

    private static RemoteAe at(DicomServer server) {
        return new RemoteAe("FERRYSCP", "127.0.0.1", server.port());
    }

    private static AssociationRequest echoRequest() {
        AssociationRequest.Builder b = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
        b.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return b.build();
    }

    private static String protocol(Association as) {
        return ((SSLSocket) as.socket()).getSession().getProtocol();
    }

    @Test
    void echoesAndStoresOverTlsWithClientCertificates() throws Exception {
        Path spool = tmp.resolve("spool");
        StoreScu.FileInfo ct = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        try (DicomServer server = server(serverTls).storage(new StorageScp(new SpoolFolderSink(spool))).build().start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
            StoreScu.propose(rq, List.of(ct));
            rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
            try (Association as = Association.connect(at(server), rq.build(), options(clientTls))) {
                assertThat(as.isTls()).isTrue();
                assertThat(protocol(as)).isEqualTo("TLSv1.3");
                assertThat(as.echo()).isEqualTo(Status.SUCCESS);
                assertThat(StoreScu.store(as, ct).status()).isEqualTo(Status.SUCCESS);
            }
            assertThat(server.acceptedAssociations()).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(spool.resolve(ct.sopInstanceUid() + ".dcm")))
                .endsWith(AssociationTest.dataSetBytes(ct.file()));
    }

    @Test
    void aCancelIsNoticedOverTls() throws Exception {
        // Over TLS the socket's available() does not count undecrypted bytes: the SCP must still see
        // the C-CANCEL-RQ between its pending responses.
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
        QueryRetrieveScp.QueryProvider endless = (keys, request, emit) -> {
            for (int i = 0; i < 3000; i++) {
                dev.ferry.api.Dataset match = new dev.ferry.api.Dataset();
                match.setString(dev.ferry.api.Tag.StudyInstanceUID, dev.ferry.api.VR.UI, "2.25." + (i + 1));
                if (!emit.test(match)) {
                    return;
                }
                emitted.incrementAndGet();
                if (i == 0) {
                    try {
                        firstSeen.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        Thread.sleep(100); // the C-CANCEL-RQ is on its way
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
            }
        };
        String find = QueryRetrieveScu.InformationModel.STUDY_ROOT.find();
        try (DicomServer server = server(serverTls)
                .service(find, List.of(UID.ExplicitVRLittleEndian), QueryRetrieveScp.find(endless)).build().start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
            rq.addContext(find, UID.ExplicitVRLittleEndian);
            try (Association as = Association.connect(at(server), rq.build(), options(clientTls))) {
                QueryRetrieveScu.FindResult r = QueryRetrieveScu.find(as, find,
                        QueryRetrieveScu.keys("STUDY", java.util.Map.of("StudyInstanceUID", "")),
                        dev.ferry.dicom.net.dimse.Priority.MEDIUM, m -> {
                            firstSeen.countDown();
                            return false;
                        });
                assertThat(r.cancelled()).isTrue();
                assertThat(r.status()).isEqualTo(Status.CANCEL);
                assertThat(emitted.get()).isLessThan(3000);
            }
        }
    }

    @Test
    void tls12IsNegotiatedWhenTheClientOffersNothingNewer() throws Exception {
        try (DicomServer server = server(serverTls).build().start();
             Association as = Association.connect(at(server), echoRequest(),
                     options(clientTls.withProtocols(List.of("TLSv1.2"))))) {
            assertThat(protocol(as)).isEqualTo("TLSv1.2");
            assertThat(as.echo().isSuccess()).isTrue();
        }
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenTheScpRequiresOne() throws Exception {
        try (DicomServer server = server(serverTls).build().start()) {
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                TlsOptions anonymous = anonymousClientTls.withProtocols(List.of(version));
                assertThatThrownBy(() -> Association.connect(at(server), echoRequest(), options(anonymous)))
                        .as(version)
                        .isInstanceOf(AssociationException.class)
                        .hasMessageContaining("FERRYSCP@127.0.0.1:" + server.port());
            }
            assertThat(server.acceptedAssociations()).isZero();
            try (Association as = Association.connect(at(server), echoRequest(), options(clientTls))) {
                assertThat(as.echo().isSuccess()).as("the SCP keeps serving").isTrue();
            }
        }
        try (DicomServer lenient = server(serverTls.withRequireClientCertificate(false)).build().start();
             Association as = Association.connect(at(lenient), echoRequest(), options(anonymousClientTls))) {
            assertThat(as.echo().isSuccess()).as("unless it does not require one").isTrue();
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustIsRefused() throws Exception {
        // The client trusts its own certificate only, not the CA that signed the server's.
        Path trustOwn = tmp.resolve("trust-own.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pki.clientCert())) {
            ks.setCertificateEntry("self", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(trustOwn)) {
            ks.store(out, pki.password());
        }
        TlsOptions suspicious = TlsOptions.fromKeyStores(pki.clientKeyStore(), pki.password(), trustOwn,
                pki.password());
        try (DicomServer server = server(serverTls).build().start()) {
            assertThatThrownBy(() -> Association.connect(at(server), echoRequest(), options(suspicious)))
                    .isInstanceOf(AssociationException.class)
                    .hasMessageContaining("TLS handshake");
            assertThat(server.acceptedAssociations()).isZero();
        }
    }

    @Test
    void plainTcpAndTlsDoNotMix() throws Exception {
        try (DicomServer tls = server(serverTls).build().start()) {
            assertThatThrownBy(() -> Association.connect(at(tls), echoRequest(), options(null)))
                    .isInstanceOf(AssociationException.class);
            assertThat(tls.acceptedAssociations()).isZero();
        }
        try (DicomServer plain = server(null).build().start()) {
            assertThatThrownBy(() -> Association.connect(at(plain), echoRequest(), options(clientTls)))
                    .isInstanceOf(AssociationException.class)
                    .hasMessageContaining("TLS handshake");
            assertThat(plain.acceptedAssociations()).isZero();
        }
    }

    @Test
    void closingTheScpAbortsItsOpenTlsAssociationsPromptly() throws Exception {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            DicomServer server = server(serverTls).build().start();
            Association as = Association.connect(at(server), echoRequest(),
                    options(clientTls.withProtocols(List.of(version))));
            assertThat(as.echo().isSuccess()).isTrue();
            long start = System.nanoTime();
            server.close(); // its thread is blocked reading the TLS socket
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(version).isLessThan(Duration.ofSeconds(3));
            assertThat(server.openAssociations()).isZero();
            assertThatThrownBy(as::echo).as(version).isInstanceOf(AssociationAbortedException.class);
            assertThat(as.isOpen()).isFalse();
        }
    }

    @Test
    void anIdleTlsAssociationEndsAfterTheIdleTimeoutNotTwiceIt() throws Exception {
        // JSSE's close of a TLS 1.3 socket waits for the silent peer up to the read timeout, unless
        // Ferry cuts it first: the association would then stay open for a second idle period.
        Duration idle = Duration.ofMillis(1000);
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            try (DicomServer server = DicomServer.builder().options(options(serverTls).toBuilder().idleTimeout(idle)
                    .build()).build().start();
                 Association as = Association.connect(at(server), echoRequest(),
                         options(clientTls.withProtocols(List.of(version))))) {
                assertThat(as.echo().isSuccess()).isTrue();
                long start = System.nanoTime();
                while (server.openAssociations() > 0 && System.nanoTime() - start < 5_000_000_000L) {
                    Thread.sleep(5);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(version)
                        .isBetween(idle.minusMillis(50), idle.plusMillis(800));
            }
        }
    }

    @Test
    void tlsVersionsBeforeTls12AreRefusedByTlsOptions() {
        for (String old : List.of("TLSv1.1", "TLSv1", "SSLv3")) {
            assertThatThrownBy(() -> serverTls.withProtocols(List.of(old)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(old)
                    .hasMessageContaining("BCP 195");
            assertThatThrownBy(() -> clientTls.withProtocols(List.of("TLSv1.3", old)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> serverTls.withProtocols(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theScpAnswersATls11ClientHelloWithAProtocolVersionAlert() throws Exception {
        try (DicomServer server = server(serverTls).build().start();
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(tls11ClientHello());
            s.getOutputStream().flush();
            byte[] answer = s.getInputStream().readNBytes(7);
            // An alert record (15H), fatal (2), protocol_version (70): no ServerHello (16H).
            assertThat(answer).hasSize(7);
            assertThat(answer[0]).isEqualTo((byte) 0x15);
            assertThat(answer[5]).isEqualTo((byte) 2);
            assertThat(answer[6]).isEqualTo((byte) 70);
            assertThat(s.getInputStream().read()).as("then the connection is closed").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionThatNeverStartsTheHandshakeIsClosedByArtim() throws Exception {
        try (DicomServer server = server(serverTls).build().start();
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(ARTIM.minusMillis(50), ARTIM.plusSeconds(2));
        }
    }

    /**
     * A TLS 1.1 ClientHello written by hand (RFC 4346 7.4.1.2), as the JDK's own client refuses to
     * offer TLS 1.1: version 3.2, two CBC suites of that era, no compression, no extensions.
     */
    private static byte[] tls11ClientHello() {
        byte[] body = new byte[2 + 32 + 1 + 2 + 4 + 2];
        int i = 0;
        body[i++] = 3;
        body[i++] = 2;
        for (int k = 0; k < 32; k++) {
            body[i++] = (byte) (k * 7 + 1);
        }
        body[i++] = 0; // no session ID
        body[i++] = 0;
        body[i++] = 4; // two cipher suites
        body[i++] = 0x00;
        body[i++] = 0x2F; // TLS_RSA_WITH_AES_128_CBC_SHA
        body[i++] = (byte) 0xC0;
        body[i++] = 0x13; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
        body[i++] = 1;
        body[i] = 0; // null compression
        byte[] handshake = new byte[4 + body.length];
        handshake[0] = 1; // client_hello
        handshake[3] = (byte) body.length;
        System.arraycopy(body, 0, handshake, 4, body.length);
        byte[] record = new byte[5 + handshake.length];
        record[0] = 0x16; // handshake
        record[1] = 3;
        record[2] = 2;
        record[4] = (byte) handshake.length;
        System.arraycopy(handshake, 0, record, 5, handshake.length);
        return record;
    }
}
