package dev.ferry.dicom.web;

import dev.ferry.api.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The connection options every DICOMweb builder shares: {@link DicomWebClient.Builder} and the
 * archives' builders extend it, so {@code DicomWebSource.builder(uri).bearerToken(...).build()}
 * reads like the client's. Not thread-safe.
 *
 * <p>Credentials in the base URI ({@code https://user:secret@host/dicom-web}) are taken as Basic
 * authentication and removed from the URI, so they never appear in names, logs or messages.
 *
 * @param <B> the concrete builder, returned by every option for chaining
 */
public abstract class AbstractDicomWebBuilder<B extends AbstractDicomWebBuilder<B>> {
    private final URI baseUri;
    private String basicAuthorization;
    private Supplier<String> bearerToken;
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration readTimeout = Duration.ofSeconds(60);
    private String userAgent = "Ferry/0.1 (java.net.http)";
    private int maxConnections = 4;
    private int pageSize = 500;
    private long maxResponseBytes = 64L << 20;
    private int maxPartHeaderBytes = 16 << 10;

    /**
     * @param baseUri the service root, e.g. {@code https://pacs.example.org/dicom-web}; http or https
     * @throws ConfigurationException if it is not an absolute http(s) URI with a host
     */
    protected AbstractDicomWebBuilder(URI baseUri) {
        Objects.requireNonNull(baseUri, "baseUri");
        String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUri.getHost() == null) {
            throw new ConfigurationException("baseUri: an absolute http or https URI with a host is needed, was "
                    + withoutUserInfo(baseUri));
        }
        String userInfo = baseUri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            this.basicAuthorization = basic(user, password.toCharArray());
        }
        URI clean = withoutUserInfo(baseUri);
        String path = clean.getRawPath() == null || clean.getRawPath().isEmpty() ? "/" : clean.getRawPath();
        this.baseUri = URI.create(scheme + "://" + clean.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /** This builder, typed as the concrete one. */
    protected abstract B self();

    /** Basic authentication (RFC 7617) on every request; replaces a bearer token or URI credentials. */
    public B basicAuth(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new ConfigurationException("basicAuth: a user name cannot contain ':'");
        }
        this.basicAuthorization = basic(user, password);
        this.bearerToken = null;
        return self();
    }

    /**
     * A bearer token (RFC 6750) on every request, asked of {@code token} for each request so that it
     * can be refreshed before it expires; replaces Basic authentication.
     */
    public B bearerToken(Supplier<String> token) {
        this.bearerToken = Objects.requireNonNull(token, "token");
        this.basicAuthorization = null;
        return self();
    }

    /** The TLS context for https (its trust managers decide which servers are trusted). Default: the JDK's. */
    public B sslContext(SSLContext context) {
        this.sslContext = Objects.requireNonNull(context, "sslContext");
        return self();
    }

    /**
     * Trusts the certificates of a key store (PKCS12 or JKS, recognised from the file) for https,
     * instead of the JDK's default trust store.
     *
     * @throws ConfigurationException if the store cannot be read or holds nothing usable
     */
    public B trustStore(Path trustStore, char[] password) {
        Objects.requireNonNull(trustStore, "trustStore");
        try {
            KeyStore ks = KeyStore.getInstance(trustStore.toFile(), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            this.sslContext = context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigurationException("trustStore: cannot read " + trustStore + ": " + e.getMessage(), e);
        }
        return self();
    }

    /** How long connecting may take. Default 10 s. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        return self();
    }

    /**
     * How long a request may wait for the response's headers. Default 60 s. A STOW-RS request gets
     * one more second per MiB of its body, since the server answers only after reading it all.
     */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = positive("requestTimeout", timeout);
        return self();
    }

    /** How long a read of a response body may wait for the next bytes. Default 60 s. */
    public B readTimeout(Duration timeout) {
        this.readTimeout = positive("readTimeout", timeout);
        return self();
    }

    /** The User-Agent header. Default {@code Ferry/0.1 (java.net.http)}. */
    public B userAgent(String userAgent) {
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            throw new ConfigurationException("userAgent: printable ASCII characters only, not blank");
        }
        this.userAgent = userAgent;
        return self();
    }

    /**
     * How many requests may be under way at once (a WADO-RS response counts until its body is read or
     * closed); more callers wait for a slot. Default 4.
     */
    public B maxConnections(int n) {
        if (n < 1 || n > 1024) {
            throw new ConfigurationException("maxConnections: 1 to 1024, was " + n);
        }
        this.maxConnections = n;
        return self();
    }

    /** The QIDO-RS {@code limit} of each page of results. Default 500. */
    public B pageSize(int n) {
        if (n < 1) {
            throw new ConfigurationException("pageSize: at least 1, was " + n);
        }
        this.pageSize = n;
        return self();
    }

    /** The longest JSON response (a QIDO-RS page, a STOW-RS answer) read. Default 64 MiB. */
    public B maxResponseBytes(long n) {
        if (n < 1024) {
            throw new ConfigurationException("maxResponseBytes: at least 1024, was " + n);
        }
        this.maxResponseBytes = n;
        return self();
    }

    /** The most bytes the headers of one multipart part may hold. Default 16 KiB. */
    public B maxPartHeaderBytes(int n) {
        if (n < 256) {
            throw new ConfigurationException("maxPartHeaderBytes: at least 256, was " + n);
        }
        this.maxPartHeaderBytes = n;
        return self();
    }

    /** The base URI, without credentials, ending with {@code /}. */
    protected URI baseUri() {
        return baseUri;
    }

    /** A client with these options; the caller closes it. */
    protected DicomWebClient buildClient() {
        return new DicomWebClient(new DicomWebClient.Settings(baseUri, basicAuthorization, bearerToken, sslContext,
                connectTimeout, requestTimeout, readTimeout, userAgent, maxConnections, pageSize, maxResponseBytes,
                maxPartHeaderBytes));
    }

    private static String basic(String user, char[] password) {
        String credentials = user + ":" + new String(password);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(name + ": must be positive, was " + d);
        }
        return d;
    }

    /** The URI without user info, query or fragment. */
    static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("baseUri: not a valid URI", e);
        }
    }
}
