package dev.ferry.testkit.simulator;

import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.RemoteAe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A legacy PACS in a box: serves the Part 10 files of a folder over DIMSE (C-ECHO; C-FIND, C-MOVE
 * and C-GET in the Study Root and Patient Root models, on Ferry's own SCP framework) and, if asked,
 * DICOMweb (QIDO-RS, WADO-RS), with the faults legacy systems show switched on by {@link Faults}: a
 * C-FIND result cap, slow responses, a bandwidth cap, a limit on concurrent associations, aborts
 * after every k-th instance, retrievals that report success but leave instances out. With
 * {@link Builder#delta}, new studies arrive while it serves, as they do during a migration.
 *
 * <pre>{@code
 * try (LegacyPacsSimulator sim = LegacyPacsSimulator.builder()
 *         .archive(folder)
 *         .moveDestination("FERRY", new RemoteAe("FERRY", "127.0.0.1", 11112))
 *         .http(0)
 *         .faults(Faults.parse("find-cap=500,drop=0.05,seed=7"))
 *         .build().start()) {
 *     DimseSource source = DimseSource.builder(sim.dimse()).callingAeTitle("FERRY")...;
 * }
 * }</pre>
 *
 * <p>What is served: every file under the folder that Ferry's codec reads as DICOM with the UIDs to
 * serve it by; a duplicate SOP Instance UID is served once (the first file in path order); a file
 * whose pixel data is cut short is served as it is. {@link #stats()} counts what was left out.
 * Nothing it logs names a patient.
 *
 * <p>Thread-safe. Changing {@link Faults#maxAssociations()} while running restarts the DIMSE
 * listener on the same port, which aborts the associations then open.
 */
public final class LegacyPacsSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyPacsSimulator.class);
    /** Associations served at once when no max-associations fault says otherwise. */
    static final int DEFAULT_MAX_ASSOCIATIONS = 64;

    private final Builder config;
    private final Counters counters = new Counters();
    private final FaultState faults;
    private final ArchiveIndex index;
    private final QueryEngine engine;
    private final DimseServices services;
    private final DicomWebService web;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong acceptedBefore = new AtomicLong();
    private final AtomicLong rejectedBefore = new AtomicLong();
    private final DeltaFeeder delta;
    private ScheduledExecutorService deltaTimer;
    private volatile DicomServer dimse;
    private volatile int port;
    private volatile boolean closed;

    private LegacyPacsSimulator(Builder b) {
        this.config = b;
        this.faults = new FaultState(b.time);
        this.faults.set(b.faults);
        this.index = new ArchiveIndex(counters);
        this.engine = new QueryEngine(index, b.aeTitle);
        this.services = new DimseServices(engine, index, faults, counters);
        this.web = b.httpPort >= 0 ? new DicomWebService(engine, index, faults, counters) : null;
        this.delta = b.deltaFolder == null ? null : new DeltaFeeder(b.deltaFolder, index, counters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Indexes the archive and starts listening; with a delta, schedules its releases.
     *
     * @throws IOException if the folder cannot be walked or a port cannot be bound
     * @throws IllegalStateException if started already
     */
    public LegacyPacsSimulator start() throws IOException {
        lock.lock();
        try {
            if (dimse != null || closed) {
                throw new IllegalStateException("the simulator was started already");
            }
            index.addFolder(config.archive, config.deltaFolder);
            dimse = startDimse(config.port);
            port = dimse.port();
            if (web != null) {
                web.start(InetAddress.getByName(config.host), config.httpPort);
            }
        } finally {
            lock.unlock();
        }
        if (delta != null && !config.deltaEvery.isZero()) {
            deltaTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ferry-sim-delta");
                t.setDaemon(true);
                return t;
            });
            long every = config.deltaEvery.toMillis();
            deltaTimer.scheduleAtFixedRate(() -> {
                try {
                    releaseNextDeltaStudy();
                } catch (RuntimeException e) {
                    LOG.warn("releasing a delta study failed: {}", e.toString());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("legacy PACS simulator {} serving {} instances on port {}{} with faults {}", config.aeTitle,
                index.size(), port, web == null ? "" : ", DICOMweb at " + web.base(), faults.get());
        return this;
    }

    private DicomServer startDimse(int onPort) throws IOException {
        int max = faults.get().maxAssociations() > 0 ? faults.get().maxAssociations() : DEFAULT_MAX_ASSOCIATIONS;
        DicomServer.Builder b = DicomServer.builder().aeTitle(config.aeTitle).bind(config.host, onPort)
                .maxAssociations(max).options(config.options);
        Map<String, RemoteAe> directory = Map.copyOf(config.directory);
        return services.register(b, directory::get, config.options).build().start();
    }

    /** The DIMSE side, to point a {@code DimseSource} or dcmtk at. */
    public RemoteAe dimse() {
        requireStarted();
        return new RemoteAe(config.aeTitle, config.host, port);
    }

    /**
     * The DICOMweb service root ({@code http://127.0.0.1:PORT/dicom-web/}).
     *
     * @throws IllegalStateException if the simulator serves no DICOMweb ({@link Builder#http} not called)
     */
    public URI dicomWebBase() {
        requireStarted();
        if (web == null) {
            throw new IllegalStateException("the simulator serves no DICOMweb: build it with http(port)");
        }
        return web.base();
    }

    /** The faults in force. */
    public Faults faults() {
        return faults.get();
    }

    /**
     * Changes the faults while running; abort-after counts again from this call. A change of
     * max-associations restarts the DIMSE listener on its port, aborting the associations open.
     */
    public void faults(Faults f) {
        Objects.requireNonNull(f, "faults");
        lock.lock();
        try {
            int before = faults.get().maxAssociations();
            faults.set(f);
            if (dimse != null && before != f.maxAssociations()) {
                DicomServer old = dimse;
                acceptedBefore.addAndGet(old.acceptedAssociations());
                rejectedBefore.addAndGet(old.rejectedAssociations());
                old.close();
                try {
                    dimse = startDimse(port);
                } catch (IOException e) {
                    throw new UncheckedIOException("the DIMSE listener could not be restarted on port " + port, e);
                }
            }
        } finally {
            lock.unlock();
        }
        LOG.info("simulator {}: faults now {}", config.aeTitle, f);
    }

    /**
     * Releases the next delta study into the served archive now (the schedule goes on as before).
     *
     * @return its Study Instance UID, or empty if no delta study is left (or none was configured)
     */
    public Optional<String> releaseNextDeltaStudy() {
        if (delta == null) {
            return Optional.empty();
        }
        try {
            return delta.releaseNext();
        } catch (IOException e) {
            throw new UncheckedIOException("a delta study could not be read", e);
        }
    }

    /** What the simulator has done so far. */
    public SimulatorStats stats() {
        DicomServer d = dimse;
        long accepted = acceptedBefore.get() + (d == null ? 0 : d.acceptedAssociations());
        long rejected = rejectedBefore.get() + (d == null ? 0 : d.rejectedAssociations());
        return counters.snapshot(accepted, rejected, faults.throttledNanos());
    }

    /** The token bucket of the bandwidth cap in force, or null (for tests in this package). */
    TokenBucket bucket() {
        return faults.bucket();
    }

    private void requireStarted() {
        if (dimse == null) {
            throw new IllegalStateException("the simulator has not been started");
        }
    }

    /** Stops listening and aborts what is open. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        if (deltaTimer != null) {
            deltaTimer.shutdownNow();
        }
        if (web != null) {
            web.close();
        }
        if (dimse != null) {
            dimse.close();
        }
        LOG.info("simulator {} closed: {}", config.aeTitle, stats());
    }

    @Override
    public String toString() {
        return "LegacyPacsSimulator[" + config.aeTitle + "@" + config.host + ":" + port + "]";
    }

    /** Options of a {@link LegacyPacsSimulator}; not thread-safe. */
    public static final class Builder {
        private Path archive;
        private String aeTitle = "LEGACY";
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private int port;
        private int httpPort = -1;
        private final Map<String, RemoteAe> directory = new LinkedHashMap<>();
        private Faults faults = Faults.NONE;
        private Path deltaFolder;
        private Duration deltaEvery = Duration.ZERO;
        private TimeSource time = TimeSource.SYSTEM;
        private AssociationOptions options = AssociationOptions.defaults();

        private Builder() {}

        /** Serves every Part 10 file under {@code folder}, recursively. Required. */
        public Builder archive(Path folder) {
            this.archive = Objects.requireNonNull(folder, "archive");
            return this;
        }

        /** Its AE title; default LEGACY. */
        public Builder aeTitle(String aeTitle) {
            this.aeTitle = RemoteAe.requireAeTitle(aeTitle, "aeTitle");
            return this;
        }

        /** The DIMSE address; default loopback, an ephemeral port (0). */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Also serves DICOMweb on this port (0: ephemeral), on the same host. */
        public Builder http(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("http port must be 0 to 65535: " + port);
            }
            this.httpPort = port;
            return this;
        }

        /** A C-MOVE destination it knows (several allowed). */
        public Builder moveDestination(String aeTitle, RemoteAe destination) {
            directory.put(RemoteAe.requireAeTitle(aeTitle, "moveDestination"),
                    Objects.requireNonNull(destination, "destination"));
            return this;
        }

        /** The faults at start; default {@link Faults#NONE}. */
        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * New studies arriving over time: each immediate subfolder of {@code deltaFolder} (in name
         * order) is one study, released into the served archive every {@code every}, the first
         * after {@code every}; {@link Duration#ZERO} releases only on
         * {@link LegacyPacsSimulator#releaseNextDeltaStudy()}. A delta folder inside the archive is
         * not served from the start.
         */
        public Builder delta(Path deltaFolder, Duration every) {
            this.deltaFolder = Objects.requireNonNull(deltaFolder, "deltaFolder");
            Objects.requireNonNull(every, "every");
            if (every.isNegative()) {
                throw new IllegalArgumentException("delta: every must not be negative: " + every);
            }
            this.deltaEvery = every;
            return this;
        }

        /** Where delays and the bandwidth cap take their time from; default {@link TimeSource#SYSTEM}. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Association options, for its listener and its C-MOVE sub-associations. */
        public Builder options(AssociationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * @throws IllegalStateException if no archive folder was given or it is not a folder
         */
        public LegacyPacsSimulator build() {
            if (archive == null) {
                throw new IllegalStateException("archive: the folder to serve is required");
            }
            if (!Files.isDirectory(archive)) {
                throw new IllegalStateException("archive: not a folder: " + archive);
            }
            if (deltaFolder != null && !Files.isDirectory(deltaFolder)) {
                throw new IllegalStateException("delta: not a folder: " + deltaFolder);
            }
            return new LegacyPacsSimulator(copy());
        }

        /** A copy, so that changing this builder afterwards changes no simulator built from it. */
        private Builder copy() {
            Builder b = new Builder();
            b.archive = archive;
            b.aeTitle = aeTitle;
            b.host = host;
            b.port = port;
            b.httpPort = httpPort;
            b.directory.putAll(directory);
            b.faults = faults;
            b.deltaFolder = deltaFolder;
            b.deltaEvery = deltaEvery;
            b.time = time;
            b.options = options;
            return b;
        }
    }
}
