package dev.ferry.dicom.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How Ferry runs an association, as requestor or acceptor: timeouts, PDU sizes, socket settings and
 * TLS. Legacy archives are slow and sometimes stall: every wait is bounded.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.1.5.html">PS3.8 9.1.5 (ARTIM)</a>
 */
public final class AssociationOptions {
    /** What Ferry advertises by default as its Maximum Length Received: 128 KiB, dcmtk's fastest setting. */
    public static final int DEFAULT_MAX_PDU_LENGTH = 131_072;
    /** The smallest maximum PDU length worth negotiating; PS3.8 D.1 has no lower bound, peers use 4 KiB and up. */
    public static final int MIN_MAX_PDU_LENGTH = 1024;
    /** The largest PDU Ferry accepts or sends, whatever a peer advertises: 16 MiB. */
    public static final int MAX_MAX_PDU_LENGTH = 16 << 20;

    private final Duration connectTimeout;
    private final Duration acseTimeout;
    private final Duration dimseTimeout;
    private final Duration idleTimeout;
    private final Duration releaseTimeout;
    private final int maxPduLengthReceived;
    private final int maxPduLengthSent;
    private final int maxAssociationPduLength;
    private final int socketBufferSize;
    private final TlsOptions tls;
    private final io.micrometer.core.instrument.MeterRegistry meterRegistry;

    private AssociationOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.acseTimeout = b.acseTimeout;
        this.dimseTimeout = b.dimseTimeout;
        this.idleTimeout = b.idleTimeout;
        this.releaseTimeout = b.releaseTimeout;
        this.maxPduLengthReceived = b.maxPduLengthReceived;
        this.maxPduLengthSent = b.maxPduLengthSent;
        this.maxAssociationPduLength = b.maxAssociationPduLength;
        this.socketBufferSize = b.socketBufferSize;
        this.tls = b.tls;
        this.meterRegistry = b.meterRegistry;
    }

    /** The defaults: see each builder method. */
    public static AssociationOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.acseTimeout = acseTimeout;
        b.dimseTimeout = dimseTimeout;
        b.idleTimeout = idleTimeout;
        b.releaseTimeout = releaseTimeout;
        b.maxPduLengthReceived = maxPduLengthReceived;
        b.maxPduLengthSent = maxPduLengthSent;
        b.maxAssociationPduLength = maxAssociationPduLength;
        b.socketBufferSize = socketBufferSize;
        b.tls = tls;
        b.meterRegistry = meterRegistry;
        return b;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** ARTIM: how long to wait for the peer's A-ASSOCIATE-AC/RJ, A-ASSOCIATE-RQ, or the end of a release. */
    public Duration acseTimeout() {
        return acseTimeout;
    }

    /** How long to wait for the next DIMSE response (each pending C-FIND or C-MOVE response restarts it). */
    public Duration dimseTimeout() {
        return dimseTimeout;
    }

    /** How long an acceptor keeps an association with no traffic before it aborts it. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long to wait for A-RELEASE-RP before aborting instead. */
    public Duration releaseTimeout() {
        return releaseTimeout;
    }

    /** The Maximum Length Received that Ferry advertises: the largest P-DATA-TF it accepts. */
    public int maxPduLengthReceived() {
        return maxPduLengthReceived;
    }

    /** Ferry's own cap on the P-DATA-TF PDUs it sends, below whatever the peer accepts. */
    public int maxPduLengthSent() {
        return maxPduLengthSent;
    }

    /** The largest A-ASSOCIATE-RQ/AC accepted, so a hostile peer cannot make Ferry hold megabytes. */
    public int maxAssociationPduLength() {
        return maxAssociationPduLength;
    }

    /** Socket send and receive buffer size, or 0 for the operating system's. */
    public int socketBufferSize() {
        return socketBufferSize;
    }

    /** TLS, or {@code null} for plain TCP. */
    public TlsOptions tls() {
        return tls;
    }

    /** Where association and DIMSE metrics go, or {@code null} for none. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Builder of {@link AssociationOptions}; not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration acseTimeout = Duration.ofSeconds(30);
        private Duration dimseTimeout = Duration.ofMinutes(5);
        private Duration idleTimeout = Duration.ofMinutes(2);
        private Duration releaseTimeout = Duration.ofSeconds(10);
        private int maxPduLengthReceived = DEFAULT_MAX_PDU_LENGTH;
        private int maxPduLengthSent = DEFAULT_MAX_PDU_LENGTH;
        private int maxAssociationPduLength = 1 << 20;
        private int socketBufferSize;
        private TlsOptions tls;
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;

        private Builder() {}

        /** Default 10 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Default 30 s. */
        public Builder acseTimeout(Duration d) {
            this.acseTimeout = d;
            return this;
        }

        /** Default 5 min: legacy archives answer a C-MOVE slowly, but a silent one is a fault. */
        public Builder dimseTimeout(Duration d) {
            this.dimseTimeout = d;
            return this;
        }

        /** Default 2 min. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** Default 10 s. */
        public Builder releaseTimeout(Duration d) {
            this.releaseTimeout = d;
            return this;
        }

        /** Default 128 KiB. */
        public Builder maxPduLengthReceived(int bytes) {
            this.maxPduLengthReceived = bytes;
            return this;
        }

        /** Default 128 KiB. */
        public Builder maxPduLengthSent(int bytes) {
            this.maxPduLengthSent = bytes;
            return this;
        }

        /** Default 1 MiB. */
        public Builder maxAssociationPduLength(int bytes) {
            this.maxAssociationPduLength = bytes;
            return this;
        }

        /** Default 0: the operating system's. */
        public Builder socketBufferSize(int bytes) {
            this.socketBufferSize = bytes;
            return this;
        }

        /** Default {@code null}: plain TCP. */
        public Builder tls(TlsOptions options) {
            this.tls = options;
            return this;
        }

        /**
         * Default {@code null}: no metrics. With a registry, associations ({@code
         * ferry.dicom.associations}, by role and outcome) and DIMSE messages ({@code
         * ferry.dicom.dimse.messages}, by role, direction and command) are counted; tags hold no
         * AE title a peer could invent, no UID and no patient data.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /** @throws IllegalArgumentException naming the first option out of range */
        public AssociationOptions build() {
            positive("connectTimeout", connectTimeout);
            positive("acseTimeout", acseTimeout);
            positive("dimseTimeout", dimseTimeout);
            positive("idleTimeout", idleTimeout);
            positive("releaseTimeout", releaseTimeout);
            pduLength("maxPduLengthReceived", maxPduLengthReceived);
            pduLength("maxPduLengthSent", maxPduLengthSent);
            if (maxAssociationPduLength < 4096) {
                throw new IllegalArgumentException("maxAssociationPduLength must be at least 4096: " + maxAssociationPduLength);
            }
            if (socketBufferSize < 0) {
                throw new IllegalArgumentException("socketBufferSize must be >= 0: " + socketBufferSize);
            }
            return new AssociationOptions(this);
        }

        private static void positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be between 1 ms and about 24 days: " + d);
            }
        }

        private static void pduLength(String name, int bytes) {
            if (bytes < MIN_MAX_PDU_LENGTH || bytes > MAX_MAX_PDU_LENGTH) {
                throw new IllegalArgumentException(name + " must be " + MIN_MAX_PDU_LENGTH + " to " + MAX_MAX_PDU_LENGTH
                        + " bytes: " + bytes);
            }
        }
    }
}
