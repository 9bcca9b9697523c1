package dev.ferry.cli;

import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.TlsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every network command shares: its AE title, timeouts, PDU size, TLS and
 * {@code --verbose}. A picocli mixin; {@link #associationOptions(boolean)} turns them into
 * {@link AssociationOptions}, reporting a wrong combination as a command-line error (exit 2).
 */
final class NetworkOptions {
    /** Ferry's AE title when {@code --aet} is not given. */
    static final String DEFAULT_AE_TITLE = "FERRY";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--aet", paramLabel = "AET",
            description = "Ferry's own AE title: the calling AE title of an SCU (default: " + DEFAULT_AE_TITLE
                    + "); for scp, one more called AE title it answers to besides the one of -b.")
    String aeTitle;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            converter = SecondsConverter.class,
            description = "How long to wait for the TCP connection (default: ${DEFAULT-VALUE} s).")
    Duration connectTimeout;

    @Option(names = "--acse-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = SecondsConverter.class,
            description = "How long to wait for the association to be accepted or released, or for an SCP, for the "
                    + "association request after a connection (ARTIM; default: ${DEFAULT-VALUE} s).")
    Duration acseTimeout;

    @Option(names = "--dimse-timeout", paramLabel = "SECONDS", defaultValue = "300",
            converter = SecondsConverter.class,
            description = "How long to wait for each DIMSE response, pending ones included (default: "
                    + "${DEFAULT-VALUE} s); for scp, how long an association may stay idle.")
    Duration dimseTimeout;

    @Option(names = "--max-pdu", paramLabel = "BYTES", defaultValue = "" + AssociationOptions.DEFAULT_MAX_PDU_LENGTH,
            description = "The largest PDU Ferry receives (its Maximum Length Received) and the cap on those it "
                    + "sends, " + AssociationOptions.MIN_MAX_PDU_LENGTH + " to " + AssociationOptions.MAX_MAX_PDU_LENGTH
                    + " (default: ${DEFAULT-VALUE}).")
    int maxPdu;

    @Option(names = "--tls", description = "Use DICOM TLS (PS3.15 Annex B, BCP 195): needs --tls-truststore, and for "
            + "scp --tls-keystore.")
    boolean tls;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with Ferry's key and certificate (for an SCU, to authenticate to a "
                    + "peer that asks for a client certificate).")
    Path keyStore;

    @Option(names = "--tls-keystore-password", paramLabel = "PW", description = "Password of --tls-keystore.")
    String keyStorePassword;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = "PKCS12 or JKS key store with the certificates of the peers (or their CAs) Ferry trusts.")
    Path trustStore;

    @Option(names = "--tls-truststore-password", paramLabel = "PW", description = "Password of --tls-truststore.")
    String trustStorePassword;

    @Option(names = "--tls-protocol", paramLabel = "VERSION",
            description = "A TLS version to offer, TLSv1.3 or TLSv1.2; repeatable (default: both).")
    List<String> tlsProtocols;

    @Option(names = {"-v", "--verbose"},
            description = "Say more: each instance sent or received, and the stack trace of a failure.")
    boolean verbose;

    /** The AE title Ferry uses: {@code --aet}, or {@value #DEFAULT_AE_TITLE}. */
    String callingAeTitle() {
        return aeTitle == null ? DEFAULT_AE_TITLE : aeTitle;
    }

    /**
     * The association options these flags say.
     *
     * @param server whether for an SCP: then the DIMSE timeout is the idle timeout, and TLS needs a key
     * @throws ParameterException for a value out of range or a missing companion option (exit 2)
     * @throws IOException if a key store cannot be read or holds nothing usable
     */
    AssociationOptions associationOptions(boolean server) throws IOException {
        if (aeTitle != null) {
            try {
                RemoteAe.requireAeTitle(aeTitle, "--aet");
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (maxPdu < AssociationOptions.MIN_MAX_PDU_LENGTH || maxPdu > AssociationOptions.MAX_MAX_PDU_LENGTH) {
            throw usage("--max-pdu must be " + AssociationOptions.MIN_MAX_PDU_LENGTH + " to "
                    + AssociationOptions.MAX_MAX_PDU_LENGTH + " bytes: " + maxPdu);
        }
        AssociationOptions.Builder b = AssociationOptions.builder()
                .connectTimeout(connectTimeout)
                .acseTimeout(acseTimeout)
                .dimseTimeout(dimseTimeout)
                .maxPduLengthReceived(maxPdu)
                .maxPduLengthSent(maxPdu);
        if (server) {
            b.idleTimeout(dimseTimeout);
        }
        b.tls(tlsOptions(server));
        return b.build();
    }

    private TlsOptions tlsOptions(boolean server) throws IOException {
        if (!tls) {
            if (keyStore != null || trustStore != null || tlsProtocols != null) {
                throw usage("the --tls-... options need --tls");
            }
            return null;
        }
        if (trustStore == null) {
            throw usage("--tls needs --tls-truststore: the certificates of the peers to trust");
        }
        if (server && keyStore == null) {
            throw usage("scp with --tls needs --tls-keystore: its key and certificate");
        }
        if (keyStore != null && keyStorePassword == null) {
            throw usage("--tls-keystore needs --tls-keystore-password");
        }
        TlsOptions options;
        try {
            options = TlsOptions.fromKeyStores(keyStore, chars(keyStorePassword), trustStore,
                    chars(trustStorePassword));
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("cannot use the key stores (" + (keyStore == null ? "" : keyStore + ", ")
                    + trustStore + "): " + e.getMessage(), e);
        }
        if (tlsProtocols != null) {
            try {
                options = options.withProtocols(tlsProtocols);
            } catch (IllegalArgumentException e) {
                throw usage("--tls-protocol: " + e.getMessage());
            }
        }
        return options;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }

    /** Seconds, whole or decimal ({@code 30}, {@code 0.5}), as a positive {@link Duration}. */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            if (!(seconds > 0) || seconds > 86_400 * 24) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds above 0 (and below 24 days)");
            }
            return Duration.ofNanos(Math.max(1_000_000L, Math.round(seconds * 1e9)));
        }
    }

    /** A peer to call, {@code AET@host:port} with a port from 1 to 65535. */
    static final class PeerConverter implements ITypeConverter<RemoteAe> {
        @Override
        public RemoteAe convert(String value) {
            RemoteAe ae = BindConverter.parse(value);
            if (ae.port() == 0) {
                throw new TypeConversionException("\"" + value + "\" is not AET@host:port: the port must be 1 to 65535");
            }
            return ae;
        }
    }

    /** Where an SCP listens, {@code AET@host:port}; port 0 picks a free one. */
    static final class BindConverter implements ITypeConverter<RemoteAe> {
        @Override
        public RemoteAe convert(String value) {
            return parse(value);
        }

        static RemoteAe parse(String value) {
            try {
                return RemoteAe.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
