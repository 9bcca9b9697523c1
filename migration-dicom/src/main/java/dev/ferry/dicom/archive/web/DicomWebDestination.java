package dev.ferry.dicom.archive.web;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.web.AbstractDicomWebBuilder;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.spi.DestinationArchive;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DestinationArchive} over DICOMweb: STOW-RS to store (PS3.18 10.5), QIDO-RS to describe,
 * WADO-RS to read back.
 *
 * <p>Each {@link #store} writes the instance as a Part 10 file in the spool folder (the header as it
 * is now, then the remainder, read once and never held in memory) and joins a batch: concurrent
 * stores share one {@code multipart/related} request of up to {@link Builder#maxBatchInstances}
 * instances and {@link Builder#maxBatchBytes} bytes, sent when full or after
 * {@link Builder#linger}. Each call returns its own result or throws its own exception:
 * <ul>
 *   <li>Referenced SOP Sequence (0008,1199): {@code STORED}, or {@code STORED_WITH_WARNING} with the
 *       Warning Reason (0008,1196) in the detail;
 *   <li>Failed SOP Sequence (0008,1198): {@link dev.ferry.api.PermanentMigrationException} naming the
 *       Failure Reason (0008,1197), or a transient one for A7xx (out of resources); 0111 (Duplicate
 *       SOP Instance) is {@code ALREADY_PRESENT};
 *   <li>neither: refused, since nothing says the server holds it;
 *   <li>an HTTP error without a STOW-RS response: that error, for each instance of the request.
 * </ul>
 * A 409 (or 400) with a response body is a partial failure: the others in the request succeed.
 *
 * <p>Idempotent by SOP Instance UID as far as the server is: servers overwrite or keep the copy
 * they hold (Orthanc keeps it), and report the instance stored.
 *
 * <p>Thread-safe: {@link #store} is meant to be called from many threads at once.
 */
public final class DicomWebDestination implements DestinationArchive {
    private final DicomWebClient client;
    private final String name;
    private final StowBatcher batcher;
    private final Path spool;
    private final String sourceAeTitle;
    private final boolean readBack;

    private DicomWebDestination(Builder b, DicomWebClient client) {
        this.client = client;
        this.name = "dicomweb:" + client.baseUri();
        this.batcher = new StowBatcher(client, b.maxBatchInstances, b.maxBatchBytes, b.linger.toNanos());
        this.spool = b.spool;
        this.sourceAeTitle = b.sourceAeTitle;
        this.readBack = b.readBack;
    }

    /** A builder for a destination at {@code baseUri}, the service root ({@code https://vna/dicom-web}). */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /**
     * Options of a {@link DicomWebDestination}: the client's (see {@link AbstractDicomWebBuilder}) and
     * batching. Not thread-safe.
     */
    public static final class Builder extends AbstractDicomWebBuilder<Builder> {
        private int maxBatchInstances = 20;
        private long maxBatchBytes = 64L << 20;
        private Duration linger = Duration.ofMillis(50);
        private Path spool;
        private String sourceAeTitle;
        private boolean readBack = true;

        private Builder(URI baseUri) {
            super(baseUri);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The most instances in one STOW-RS request. Default 20; 1 sends each on its own. */
        public Builder maxBatchInstances(int n) {
            if (n < 1) {
                throw new ConfigurationException("maxBatchInstances: at least 1, was " + n);
            }
            this.maxBatchInstances = n;
            return this;
        }

        /**
         * The most bytes of Part 10 in one request; an instance larger than this goes alone. Default
         * 64 MiB.
         */
        public Builder maxBatchBytes(long n) {
            if (n < 1) {
                throw new ConfigurationException("maxBatchBytes: at least 1, was " + n);
            }
            this.maxBatchBytes = n;
            return this;
        }

        /** How long a batch waits for more instances before it is sent. Default 50 ms; zero sends at once. */
        public Builder linger(Duration linger) {
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new ConfigurationException("linger: must not be negative, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /** Where instances are spooled while they wait to be sent. Default: the system's temporary folder. */
        public Builder spoolDirectory(Path directory) {
            this.spool = Objects.requireNonNull(directory, "spoolDirectory");
            return this;
        }

        /** The Source Application Entity Title (0002,0016) written in File Meta. Default none. */
        public Builder sourceAeTitle(String aeTitle) {
            this.sourceAeTitle = aeTitle;
            return this;
        }

        /**
         * Whether the endpoint can be read back with WADO-RS (default true); false for a STOW-only
         * endpoint, whose {@link #retrieve} then refuses.
         */
        public Builder readBack(boolean readBack) {
            this.readBack = readBack;
            return this;
        }

        /** @throws ConfigurationException if the spool directory is not a writable folder */
        public DicomWebDestination build() {
            if (spool != null && !(Files.isDirectory(spool) && Files.isWritable(spool))) {
                throw new ConfigurationException("spoolDirectory: not a writable folder: " + spool);
            }
            return new DicomWebDestination(this, buildClient());
        }
    }

    /** {@code dicomweb:} and the base URI, without credentials. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        Objects.requireNonNull(instance, "instance");
        Path file = spool == null ? Files.createTempFile("ferry-stow-", ".dcm")
                : Files.createTempFile(spool, "ferry-stow-", ".dcm");
        long size;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                DicomWriter.writeFile(out, instance, TransferSyntax.of(instance.transferSyntaxUid()), sourceAeTitle);
            }
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            StowBatcher.delete(file);
            throw e;
        }
        return batcher.store(new StowBatcher.Entry(instance.descriptor(), file, size));
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return Manifests.describe(client, Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"));
    }

    /** @throws UnsupportedOperationException if built with {@code readBack(false)} */
    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        if (!readBack) {
            throw new UnsupportedOperationException(name + " is STOW-only: it cannot read instances back");
        }
        return new Retrieval(client, Objects.requireNonNull(request, "request"),
                Objects.requireNonNull(consumer, "consumer")).run();
    }

    @Override
    public boolean supportsReadBack() {
        return readBack;
    }

    /** Releases the client's threads; stores under way fail. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "DicomWebDestination[" + name + "]";
    }
}
