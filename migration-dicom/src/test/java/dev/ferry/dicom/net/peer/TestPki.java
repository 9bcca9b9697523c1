package dev.ferry.dicom.net.peer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away public key infrastructure for TLS tests, made with {@code openssl} when the test runs:
 * a CA, and a server and a client certificate it signed (RSA 2048, valid two days, CN=localhost,
 * subjectAltName IP:127.0.0.1 and DNS:localhost, both usable for server and client authentication).
 *
 * <p>Each comes as PEM files, unencrypted, for dcmtk and Orthanc ({@link DcmtkTls}), and as PKCS12
 * stores for Java: a key store per side holding the key and its chain, and a trust store holding the
 * CA as a trusted certificate entry. All stores use {@link #password()}. Immutable and thread-safe;
 * {@link #close()} deletes the folder if {@link #generate()} made it.
 */
public final class TestPki implements AutoCloseable {
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "changeit";

    /** The extensions, in a file of our own so that the system's openssl.cnf does not matter. */
    private static final String CONFIG = """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = localhost
            [ca_ext]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            [leaf_ext]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = serverAuth,clientAuth
            subjectAltName = IP:127.0.0.1,DNS:localhost
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """;

    private final Path dir;
    private final boolean ownsDir;

    private TestPki(Path dir, boolean ownsDir) {
        this.dir = dir;
        this.ownsDir = ownsDir;
    }

    /** Generates the PKI in a new temporary folder, which {@link #close()} deletes. */
    public static TestPki generate() throws IOException {
        Path dir = Tools.newFolder(null, "ferry-pki-");
        try {
            return generate(dir, true);
        } catch (IOException | RuntimeException e) {
            Tools.abandon(null, dir, true, e);
            throw e;
        }
    }

    /** Generates the PKI into {@code dir} (e.g. a JUnit {@code @TempDir}), which the caller deletes. */
    public static TestPki generate(Path dir) throws IOException {
        return generate(dir, false);
    }

    private static TestPki generate(Path dir, boolean ownsDir) throws IOException {
        TestPki pki = new TestPki(dir, ownsDir);
        Path config = Files.writeString(dir.resolve("openssl.cnf"), CONFIG);
        openssl(dir, "req", "-config", config.toString(), "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", pki.caKey().toString(), "-out", pki.caCert().toString(), "-days", "2",
                "-subj", "/O=Ferry tests/CN=Ferry Test CA", "-extensions", "ca_ext");
        pki.leaf(config, "server", pki.serverKey(), pki.serverCert(), pki.serverKeyStore());
        pki.leaf(config, "client", pki.clientKey(), pki.clientCert(), pki.clientKeyStore());
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(pki.caCert())) {
                trust.setCertificateEntry("ferry-test-ca",
                        CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(pki.trustStore())) {
                trust.store(out, PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store " + pki.trustStore(), e);
        }
        return pki;
    }

    private void leaf(Path config, String name, Path key, Path cert, Path keyStore) throws IOException {
        Path csr = dir.resolve(name + ".csr");
        openssl(dir, "req", "-config", config.toString(), "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/O=Ferry tests/OU=" + name + "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert().toString(), "-CAkey", caKey().toString(),
                "-set_serial", "0x" + new BigInteger(64, new SecureRandom()).toString(16), "-days", "2",
                "-extfile", config.toString(), "-extensions", "leaf_ext", "-out", cert.toString());
        // OpenSSL 3 encrypts with AES-256 and PBKDF2, which JDK 17 reads.
        openssl(dir, "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
                "-certfile", caCert().toString(), "-name", name, "-passout", "pass:" + PASSWORD,
                "-out", keyStore.toString());
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Tools.executable("openssl")));
        command.addAll(List.of(args));
        Tools.Outcome o = Tools.run(dir, OPENSSL_TIMEOUT, Map.of(), command);
        if (o.exitCode() != 0) {
            throw new IOException("openssl " + args[0] + " exited with status " + o.exitCode() + ":\n" + o.output());
        }
    }

    /** The folder holding every file. */
    public Path directory() {
        return dir;
    }

    /** The CA certificate, PEM: what both sides trust. */
    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    private Path caKey() {
        return dir.resolve("ca.key");
    }

    /** The server's certificate, PEM. */
    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server's private key, PEM (PKCS #8), unencrypted: dcmtk's {@code -pw}. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The client's certificate, PEM. */
    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** The client's private key, PEM (PKCS #8), unencrypted. */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** PKCS12: the server's key with its certificate and the CA's, alias "server". */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** PKCS12: the client's key with its certificate and the CA's, alias "client". */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** PKCS12: the CA as a trusted certificate entry, alias "ferry-test-ca". */
    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    /** The password of every store and key in them (a fresh copy). */
    public char[] password() {
        return PASSWORD.toCharArray();
    }

    /** {@link #serverKeyStore()}, loaded. */
    public KeyStore loadServerKeyStore() throws IOException, GeneralSecurityException {
        return load(serverKeyStore());
    }

    /** {@link #clientKeyStore()}, loaded. */
    public KeyStore loadClientKeyStore() throws IOException, GeneralSecurityException {
        return load(clientKeyStore());
    }

    /** {@link #trustStore()}, loaded. */
    public KeyStore loadTrustStore() throws IOException, GeneralSecurityException {
        return load(trustStore());
    }

    private KeyStore load(Path store) throws IOException, GeneralSecurityException {
        File f = store.toFile();
        return KeyStore.getInstance(f, password());
    }

    /** A TLS context with the server's key, trusting the CA. */
    public SSLContext serverSslContext() throws IOException, GeneralSecurityException {
        return sslContext(loadServerKeyStore());
    }

    /** A TLS context with the client's key, trusting the CA. */
    public SSLContext clientSslContext() throws IOException, GeneralSecurityException {
        return sslContext(loadClientKeyStore());
    }

    private SSLContext sslContext(KeyStore keys) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(loadTrustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** Deletes the folder if {@link #generate()} made it. */
    @Override
    public void close() {
        if (ownsDir) {
            Tools.deleteRecursively(dir);
        }
    }
}
