package dev.ferry.dicom.net;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * DICOM TLS for an association (PS3.15 Annex B, the BCP 195 secure transport connection profiles):
 * TLS 1.2 or 1.3 only, certificates and trust from standard Java key stores, the peer's certificate
 * always verified, and for an SCP a client certificate required unless said otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param context the SSL context holding this side's key and the trusted certificates
 * @param protocols the TLS versions offered, in order; default TLSv1.3 and TLSv1.2
 * @param cipherSuites the cipher suites offered, or empty for the JDK's defaults for those versions
 *     (which follow BCP 195's recommendations on a current JDK)
 * @param requireClientCertificate for an SCP: refuse a client without a trusted certificate
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part15/chapter_B.html">PS3.15 Annex B</a>
 */
public record TlsOptions(SSLContext context, List<String> protocols, List<String> cipherSuites,
                         boolean requireClientCertificate) {
    /** The versions BCP 195 allows. */
    public static final List<String> BCP195_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsOptions {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols: at least one TLS version is needed");
        }
        for (String p : protocols) {
            if (!BCP195_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("protocols: " + p + " is not allowed by BCP 195 (use TLSv1.2 or TLSv1.3)");
            }
        }
    }

    /** TLS 1.3 and 1.2 with the JDK's cipher suites, client certificates required. */
    public static TlsOptions of(SSLContext context) {
        return new TlsOptions(context, BCP195_PROTOCOLS, List.of(), true);
    }

    /**
     * Options from key stores: this side's key and certificate from {@code keyStore}, the peers it
     * trusts from {@code trustStore}. The type (PKCS12 or JKS) is recognised from the file.
     *
     * @param keyStore this side's key, or {@code null} for a client without a certificate
     * @throws IOException if a store cannot be read, or its password is wrong
     * @throws GeneralSecurityException if a store holds nothing usable
     */
    public static TlsOptions fromKeyStores(Path keyStore, char[] keyStorePassword, Path trustStore,
                                           char[] trustStorePassword) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(trustStore, "trustStore");
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore, trustStorePassword));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return of(context);
    }

    public TlsOptions withCipherSuites(List<String> suites) {
        return new TlsOptions(context, protocols, suites, requireClientCertificate);
    }

    public TlsOptions withProtocols(List<String> versions) {
        return new TlsOptions(context, versions, cipherSuites, requireClientCertificate);
    }

    public TlsOptions withRequireClientCertificate(boolean required) {
        return new TlsOptions(context, protocols, cipherSuites, required);
    }

    /** Applies versions and suites to a socket; for a server socket's accepted side, client authentication too. */
    void configure(SSLSocket socket, boolean server) {
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            p.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        if (server) {
            p.setNeedClientAuth(requireClientCertificate);
        }
        socket.setSSLParameters(p);
    }

    /** Loads a PKCS12 or JKS store, recognising its type from the file (JDK 9+). */
    private static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(path.toFile(), password);
    }
}
