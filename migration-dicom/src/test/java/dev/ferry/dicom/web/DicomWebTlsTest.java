package dev.ferry.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ferry.api.ConfigurationException;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https with a server certificate from a throw-away CA: trusted through a trust store, refused without. */
class DicomWebTlsTest {
    @TempDir
    Path tmp;

    private TestPki pki;
    private HttpsServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        Dcmtk.requireTools("openssl");
        pki = TestPki.generate(tmp);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 5);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverSslContext()));
        server.createContext("/dicom-web/studies", x -> {
            authorization.set(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[]".getBytes(StandardCharsets.US_ASCII);
            x.getResponseHeaders().add("Content-Type", "application/dicom+json");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    @Test
    void trustsTheServerThroughATrustStore() throws IOException {
        try (DicomWebClient c = DicomWebClient.builder(uri()).trustStore(pki.trustStore(), pki.password())
                .bearerToken(() -> "abc").build()) {
            assertThat(c.searchForStudies(QidoQuery.ALL, d -> { })).isZero();
        }
        assertThat(authorization.get()).isEqualTo("Bearer abc");
    }

    @Test
    void trustsTheServerThroughAnSslContext() throws Exception {
        try (DicomWebClient c = DicomWebClient.builder(uri()).sslContext(pki.clientSslContext()).build()) {
            assertThat(c.searchForStudies(QidoQuery.ALL, d -> { })).isZero();
        }
    }

    @Test
    void refusesAServerItDoesNotTrust() {
        try (DicomWebClient c = DicomWebClient.builder(uri()).build()) {
            assertThatThrownBy(() -> c.searchForStudies(QidoQuery.ALL, d -> { })).isInstanceOf(IOException.class);
        }
        assertThat(authorization.get()).isNull();
    }

    @Test
    void anUnreadableTrustStoreIsAConfigurationError() {
        assertThatThrownBy(() -> DicomWebClient.builder(uri()).trustStore(tmp.resolve("missing.p12"), new char[0]))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("trustStore");
    }
}
