package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.DcmtkTls;
import dev.ferry.dicom.net.peer.Storescp;
import dev.ferry.dicom.net.peer.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DICOM TLS (PS3.15 Annex B, BCP 195) between Ferry and dcmtk on loopback, client certificates
 * required both ways: Ferry's SCU into {@code storescp}, and {@code echoscu} and {@code storescu}
 * into Ferry's SCP. The certificates come from a {@link TestPki} made for the run: PEM files for
 * dcmtk, PKCS12 stores for Ferry. OpenSSL's own client checks that Ferry's SCP refuses TLS 1.1.
 */
@Timeout(120)
class TlsIT {
    @TempDir
    static Path pkiDir;

    @TempDir
    Path tmp;

    private static TestPki pki;
    private static TlsOptions serverTls;
    private static TlsOptions clientTls;

    @BeforeAll
    static void setUp() throws Exception {
        Dcmtk.requireTools("storescp", "storescu", "echoscu", "openssl");
        pki = TestPki.generate(pkiDir);
        serverTls = TlsOptions.fromKeyStores(pki.serverKeyStore(), pki.password(), pki.trustStore(), pki.password());
        clientTls = TlsOptions.fromKeyStores(pki.clientKeyStore(), pki.password(), pki.trustStore(), pki.password());
    }

    private static AssociationOptions options(TlsOptions tls) {
        return AssociationOptions.builder().acseTimeout(Duration.ofSeconds(10)).tls(tls).build();
    }

    @Test
    void ferryStoresIntoStorescpOverTls() throws Exception {
        StoreScu.FileInfo ct = StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm"));
        try (Storescp scp = Storescp.builder().aeTitle("STORESCP").tls(pki).directory(tmp).start()) {
            RemoteAe peer = new RemoteAe("STORESCP", "127.0.0.1", scp.port());
            for (String version : List.of("TLSv1.3", "TLSv1.2")) {
                AssociationRequest.Builder rq = AssociationRequest.builder("STORESCP", "FERRY");
                StoreScu.propose(rq, List.of(ct));
                rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
                try (Association as = Association.connect(peer, rq.build(),
                        options(clientTls.withProtocols(List.of(version))))) {
                    assertThat(((SSLSocket) as.socket()).getSession().getProtocol()).isEqualTo(version);
                    assertThat(as.echo()).isEqualTo(Status.SUCCESS);
                    assertThat(StoreScu.store(as, ct).status()).isEqualTo(Status.SUCCESS);
                }
            }
            List<Path> received = scp.awaitReceived(1, Duration.ofSeconds(20));
            assertThat(StoreScu.inspect(received.get(0)).sopInstanceUid()).isEqualTo(ct.sopInstanceUid());
            assertThat(SameInstance.summary(received.get(0))).isEqualTo(SameInstance.summary(ct.file()));

            TlsOptions anonymous = TlsOptions.fromKeyStores(null, null, pki.trustStore(), pki.password());
            assertThatThrownBy(() -> Association.connect(peer, echoRequest("STORESCP"), options(anonymous)))
                    .as("storescp requires a client certificate")
                    .isInstanceOf(AssociationException.class)
                    .hasMessageContaining("STORESCP@127.0.0.1");
        }
    }

    @Test
    void echoscuAndStorescuReachFerryOverTls() throws Exception {
        Path spool = tmp.resolve("spool");
        Path file = NetTestFiles.corpus("MR_small.dcm");
        StoreScu.FileInfo mr = StoreScu.inspect(file);
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").options(options(serverTls))
                .storage(new StorageScp(new SpoolFolderSink(spool))).build().start()) {
            String port = Integer.toString(server.port());
            Dcmtk.Result echo = Dcmtk.run(tmp, "echoscu", args(DcmtkTls.clientArgs(pki), "-aet", "DCMTKSCU",
                    "-aec", "FERRYSCP", "127.0.0.1", port));
            echo.requireSuccess();
            Dcmtk.Result store = Dcmtk.run(tmp, "storescu", args(DcmtkTls.clientArgs(pki), "-aet", "DCMTKSCU",
                    "-aec", "FERRYSCP", "127.0.0.1", port, file.toString()));
            store.requireSuccess();
            assertThat(server.acceptedAssociations()).isEqualTo(2);
            Path stored = spool.resolve(mr.sopInstanceUid() + ".dcm");
            assertThat(stored).exists();
            // storescu re-encodes through its own data set: compare identity and pixel data.
            assertThat(SameInstance.summary(stored)).isEqualTo(SameInstance.summary(file));

            Dcmtk.Result anonymous = Dcmtk.run(tmp, "echoscu", args(DcmtkTls.anonymousClientArgs(pki), "-aet",
                    "DCMTKSCU", "-aec", "FERRYSCP", "127.0.0.1", port));
            assertThat(anonymous.succeeded()).as("a client without certificate is refused:\n%s", anonymous.output())
                    .isFalse();
            assertThat(server.acceptedAssociations()).isEqualTo(2);
        }
    }

    @Test
    void ferrysScpRefusesTls11FromOpenssl() throws Exception {
        try (DicomServer server = DicomServer.builder().aeTitle("FERRYSCP").options(options(serverTls)).build()
                .start()) {
            List<String> common = List.of("s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-cert", pki.clientCert().toString(), "-key", pki.clientKey().toString(),
                    "-CAfile", pki.caCert().toString(), "-verify_return_error");
            // SECLEVEL 0: OpenSSL 3 will not offer TLS 1.1 otherwise; the refusal must be Ferry's.
            Dcmtk.Result tls11 = Dcmtk.run(tmp, "openssl", args(common, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"));
            assertThat(tls11.succeeded()).as(tls11.output()).isFalse();
            assertThat(tls11.output()).as(tls11.output()).containsIgnoringCase("protocol version");
            Dcmtk.Result tls12 = Dcmtk.run(tmp, "openssl", args(common, "-tls1_2"));
            assertThat(tls12.succeeded()).as("the same client with TLS 1.2:\n%s", tls12.output()).isTrue();
            assertThat(tls12.output()).contains("TLSv1.2");
        }
    }

    private static AssociationRequest echoRequest(String called) {
        AssociationRequest.Builder b = AssociationRequest.builder(called, "FERRY");
        b.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return b.build();
    }

    private static List<String> args(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }
}
