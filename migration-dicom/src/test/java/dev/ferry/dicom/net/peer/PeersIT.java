package dev.ferry.dicom.net.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves each peer launcher: dcmtk's tools talk to {@link Storescp} (plain and TLS) and to
 * {@link Dcmqrscp} (C-FIND, C-MOVE, C-GET), {@link Orthanc} stores, sends and moves, and
 * {@link TestPki}'s stores load in Java and carry a TLS handshake with dcmtk.
 *
 * <p>{@code mvn -Pinterop verify -pl migration-dicom -Dit.test=PeersIT -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Timeout(60)
class PeersIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Public test objects (pydicom's test files), no real patient. */
    private static final String CT = "CT_small.dcm";
    private static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    private static final String CT_INSTANCE = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
    private static final String MR = "MR_small.dcm";
    private static final String MR_STUDY = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("storescp", "storescu", "echoscu", "findscu", "movescu", "getscu", "dcmqrscp", "dcmqridx",
                "openssl");
    }

    private static Path file(String name) throws URISyntaxException {
        return Path.of(PeersIT.class.getResource("/dev/ferry/dicom/io/corpus/pydicom/test_files/" + name).toURI());
    }

    private static List<String> args(List<String> before, String... after) {
        List<String> all = new ArrayList<>(before);
        all.addAll(List.of(after));
        return all;
    }

    @Test
    void freePortsAreDistinctAndBindable() throws IOException {
        int[] ports = FreePorts.allocate(3);
        assertThat(ports).doesNotHaveDuplicates();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(Tools.LOOPBACK, ports[0]));
        }
    }

    @Test
    void storescuToStorescp() throws Exception {
        Storescp scp = Storescp.builder().aeTitle("DEST").fork(true).maxPdu(131072).directory(tmp).start();
        try (scp) {
            Dcmtk.run(tmp, "echoscu", "-aec", "DEST", "127.0.0.1", Integer.toString(scp.port())).requireSuccess();
            Dcmtk.run(tmp, "storescu", "-aec", "DEST", "127.0.0.1", Integer.toString(scp.port()), file(CT).toString())
                    .requireSuccess();
            List<Path> received = scp.awaitReceived(1, WAIT);
            assertThat(received).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).isEqualTo("CT." + CT_INSTANCE);
                assertThat(Files.size(f)).isPositive();
            });
        }
        assertThat(scp.process().isAlive()).isFalse();
    }

    @Test
    void storescpIgnoringWritesNothing() throws Exception {
        try (Storescp scp = Storescp.builder().ignore(true).directory(tmp).start()) {
            Dcmtk.run(tmp, "storescu", "-aec", scp.aeTitle(), "127.0.0.1", Integer.toString(scp.port()),
                    file(CT).toString()).requireSuccess();
            assertThat(scp.receivedFiles()).isEmpty();
        }
    }

    @Test
    void storescuToStorescpOverTls() throws Exception {
        TestPki pki = TestPki.generate(Files.createDirectory(tmp.resolve("pki")));
        try (Storescp scp = Storescp.builder().aeTitle("TLSDEST").tls(pki).directory(tmp).start()) {
            String port = Integer.toString(scp.port());
            Dcmtk.run(tmp, "echoscu", args(DcmtkTls.clientArgs(pki), "-aec", "TLSDEST", "127.0.0.1", port))
                    .requireSuccess();
            Dcmtk.run(tmp, "storescu", args(DcmtkTls.clientArgs(pki), "-aec", "TLSDEST", "127.0.0.1", port,
                    file(CT).toString())).requireSuccess();
            assertThat(scp.awaitReceived(1, WAIT)).hasSize(1);

            // Without TLS, and with TLS but no client certificate, it refuses.
            assertThat(Dcmtk.run(tmp, "echoscu", "-aec", "TLSDEST", "127.0.0.1", port).succeeded()).isFalse();
            assertThat(Dcmtk.run(tmp, "echoscu", args(DcmtkTls.anonymousClientArgs(pki), "-aec", "TLSDEST",
                    "127.0.0.1", port)).succeeded()).isFalse();
            assertThat(scp.receivedFiles()).hasSize(1);
        }
    }

    @Test
    void dcmqrscpFindsMovesAndGets() throws Exception {
        try (Storescp dest = Storescp.builder().aeTitle("DEST").directory(tmp).start();
             Dcmqrscp qr = Dcmqrscp.builder().aeTitle("QRSCP").moveDestination("DEST", dest.port())
                     .preload(file(MR)).directory(tmp).start()) {
            qr.load(file(CT));
            String port = Integer.toString(qr.port());

            Dcmtk.Result studies = Dcmtk.run(tmp, "findscu", "-S", "-aec", "QRSCP", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID", "127.0.0.1", port).requireSuccess();
            assertThat(studies.output()).contains(CT_STUDY, MR_STUDY);
            Dcmtk.Result patientRoot = Dcmtk.run(tmp, "findscu", "-P", "-aec", "QRSCP",
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=1CT1", "-k", "StudyInstanceUID",
                    "127.0.0.1", port).requireSuccess();
            assertThat(patientRoot.output()).contains(CT_STUDY).doesNotContain(MR_STUDY);

            Dcmtk.run(tmp, "movescu", "-S", "-aec", "QRSCP", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=" + CT_STUDY, "127.0.0.1", port).requireSuccess();
            assertThat(dest.awaitReceived(1, WAIT)).singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("CT." + CT_INSTANCE));

            Path got = Files.createDirectory(tmp.resolve("got"));
            Dcmtk.run(tmp, "getscu", "-S", "-aec", "QRSCP", "-od", got.toString(), "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=" + MR_STUDY, "127.0.0.1", port).requireSuccess();
            try (var files = Files.list(got)) {
                assertThat(files.toList()).singleElement()
                        .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("MR."));
            }
        }
    }

    @Test
    void orthancStoresSendsAndMoves() throws Exception {
        Dcmtk.requireTools("Orthanc");
        try (Storescp dest = Storescp.builder().aeTitle("DEST").directory(tmp).start();
             Dcmqrscp qr = Dcmqrscp.builder().moveDestination("DEST", dest.port()).preload(file(CT)).directory(tmp)
                     .start();
             Orthanc orthanc = Orthanc.builder().aeTitle("ORTHANC").modality("dest", "DEST", dest.port())
                     .modality("qr", qr.aeTitle(), qr.port()).directory(tmp).start()) {
            assertThat(orthanc.upload(file(MR))).isNotBlank();
            assertThat(orthanc.instanceCount()).isEqualTo(1);

            // Orthanc as C-STORE SCU.
            assertThat(orthanc.storeStudyTo("dest", MR_STUDY)).isEqualTo(1);
            assertThat(dest.awaitReceived(1, WAIT)).singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("MR."));

            // Orthanc as C-MOVE SCU: dcmqrscp sends the CT study to DEST.
            orthanc.moveStudy("qr", CT_STUDY, "DEST");
            assertThat(dest.awaitReceived(2, WAIT)).anySatisfy(
                    f -> assertThat(f.getFileName().toString()).isEqualTo("CT." + CT_INSTANCE));

            // Orthanc as C-FIND and C-MOVE SCP for a caller it does not know, to a destination it does.
            Dcmtk.Result found = Dcmtk.run(tmp, "findscu", "-S", "-aec", orthanc.aeTitle(), "-k",
                    "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1",
                    Integer.toString(orthanc.dicomPort())).requireSuccess();
            assertThat(found.output()).contains(MR_STUDY);
            Files.delete(dest.receivedFiles().stream().filter(f -> f.getFileName().toString().startsWith("MR."))
                    .findFirst().orElseThrow());
            Dcmtk.run(tmp, "movescu", "-S", "-aec", orthanc.aeTitle(), "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=" + MR_STUDY, "127.0.0.1", Integer.toString(orthanc.dicomPort()))
                    .requireSuccess();
            assertThat(dest.awaitReceived(2, WAIT)).hasSize(2);

            if (orthanc.dicomWeb()) {
                assertThat(orthanc.get("/dicom-web/studies")).contains(MR_STUDY);
            }
        }
    }

    @Test
    void testPkiStoresLoadAndShakeHandsWithDcmtk() throws Exception {
        Path dir;
        try (TestPki pki = TestPki.generate()) {
            dir = pki.directory();
            KeyStore server = KeyStore.getInstance(pki.serverKeyStore().toFile(), pki.password());
            assertThat(server.isKeyEntry("server")).isTrue();
            assertThat(server.getCertificateChain("server")).hasSize(2);
            X509Certificate cert = (X509Certificate) server.getCertificate("server");
            assertThat(cert.getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
            assertThat(cert.getSubjectX500Principal().getName()).contains("CN=localhost");

            KeyStore client = KeyStore.getInstance(pki.clientKeyStore().toFile(), pki.password());
            assertThat(client.isKeyEntry("client")).isTrue();
            KeyStore trust = KeyStore.getInstance(pki.trustStore().toFile(), pki.password());
            assertThat(trust.isCertificateEntry("ferry-test-ca")).isTrue();
            cert.verify(trust.getCertificate("ferry-test-ca").getPublicKey());

            // Java, with the PKCS12 stores, and dcmtk, with the PEM files, trust each other.
            try (Storescp scp = Storescp.builder().tls(pki).start()) {
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    try (SSLSocket socket = (SSLSocket) pki.clientSslContext().getSocketFactory()
                            .createSocket(Tools.LOOPBACK, scp.port())) {
                        SSLParameters parameters = socket.getSSLParameters();
                        parameters.setProtocols(new String[] {protocol});
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                        socket.setSSLParameters(parameters);
                        socket.setSoTimeout(10_000);
                        socket.startHandshake();
                        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                        // Had storescp refused the client certificate (TLS 1.3 checks it after the
                        // handshake), an alert would come; it waits for an A-ASSOCIATE-RQ instead.
                        socket.setSoTimeout(300);
                        assertThatThrownBy(() -> socket.getInputStream().read())
                                .isInstanceOf(SocketTimeoutException.class);
                    }
                }
            }
            assertThat(pki.serverSslContext()).isNotNull();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aPeerThatCannotStartSaysWhy() {
        assertThatThrownBy(() -> Storescp.builder().args("--no-such-option").directory(tmp).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("storescp exited with status")
                .hasMessageContaining("no-such-option");
    }
}
