package dev.ferry.testkit.simulator;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.ReceivedInstance;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.StorageSink;
import dev.ferry.dicom.net.dimse.Status;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second simulator in destination mode: a new PACS that is strict about what it takes. A Storage
 * SCP (with C-ECHO, and C-FIND, C-MOVE and C-GET of what it accepted, so that Ferry's
 * {@code DimseDestination} can describe its holdings and read them back) that writes each instance
 * it accepts into a folder, and REFUSES a header that breaks one of its {@link StrictRule}s with a
 * C-STORE failure status (A900H or C000H) and an Error Comment naming the attribute, never its
 * value. An instance stored again replaces the one held.
 *
 * <pre>{@code
 * try (StrictDestination pacs = StrictDestination.builder().aeTitle("NEWPACS").folder(dir).build().start()) {
 *     DimseDestination dest = DimseDestination.builder(pacs.ae()).callingAeTitle("FERRY").build();
 *     ...
 *     pacs.refusals();   // what it refused, and why
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class StrictDestination implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StrictDestination.class);
    private static final DicomReader READER = DicomReader.standard();
    private static final Pattern SAFE_NAME = Pattern.compile("[0-9.]{1,64}");

    private final String aeTitle;
    private final Path folder;
    private final String host;
    private final int requestedPort;
    private final HeaderCheck check;
    private final AssociationOptions options;
    private final Map<String, RemoteAe> directory;
    private final Counters counters = new Counters();
    private final ArchiveIndex index = new ArchiveIndex(counters);
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private DicomServer server;

    private StrictDestination(Builder b) {
        this.aeTitle = b.aeTitle;
        this.folder = b.folder;
        this.host = b.host;
        this.requestedPort = b.port;
        this.check = new HeaderCheck(b.rules);
        this.options = b.options;
        this.directory = Map.copyOf(b.directory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Indexes what the folder holds already (a restart keeps its holdings) and starts listening.
     *
     * @throws IOException if the folder cannot be read or the port cannot be bound
     */
    public StrictDestination start() throws IOException {
        lock.lock();
        try {
            if (server != null) {
                throw new IllegalStateException("the destination was started already");
            }
            Files.createDirectories(folder);
            index.addFolder(folder, null);
            FaultState none = new FaultState(TimeSource.SYSTEM);
            DimseServices qr = new DimseServices(new QueryEngine(index, aeTitle), index, none, counters);
            DicomServer.Builder b = DicomServer.builder().aeTitle(aeTitle).bind(host, requestedPort).options(options)
                    .storage(new StorageScp(this::store));
            server = qr.register(b, directory::get, options).build().start();
        } finally {
            lock.unlock();
        }
        LOG.info("strict destination {} listening on port {}, holding {} instances", aeTitle, server.port(),
                index.size());
        return this;
    }

    /** Where to send to. */
    public RemoteAe ae() {
        if (server == null) {
            throw new IllegalStateException("the destination has not been started");
        }
        return new RemoteAe(aeTitle, host, server.port());
    }

    /** What it refused, in the order it refused them. */
    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** The SOP Instance UIDs it accepted, in the order it accepted them (again when stored again). */
    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** The folder it writes to. */
    public Path folder() {
        return folder;
    }

    private Status store(ReceivedInstance ri, InputStream data) throws IOException {
        TransferSyntax ts = TransferSyntax.of(ri.transferSyntaxUid());
        try (DicomObject obj = READER.read(data, ts, "C-STORE " + ri.messageId() + " from " + ri.callingAeTitle())) {
            Dataset header = obj.header();
            InputStream rest = new BufferedInputStream(obj.remainder(), 64 << 10);
            PixelDataHeader pixels = obj.stoppedAtBulk()
                    ? PixelDataHeader.peek(rest, obj.explicitVr(), ts.isBigEndian()) : null;
            HeaderCheck.Violation v = check.check(header, ts, pixels);
            if (v != null) {
                refusals.add(new Refusal(ri.sopInstanceUid(), v.rule(), v.tag(), v.comment()));
                LOG.info("{}: refused instance {}: {} ({})", aeTitle, ri.sopInstanceUid(), v.rule(), v.comment());
                rest.transferTo(OutputStream.nullOutputStream());
                return Status.of(v.rule().status()).withErrorComment(v.comment()).withOffendingElements(v.tag());
            }
            Path target = target(header, ri);
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 << 10)) {
                    DicomWriter.writeFile(out, null, DicomWriter.fileMeta(header, ts, ri.callingAeTitle()), header,
                            rest, ts, null);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            IndexedInstance stored = index.read(target);
            if (stored == null) {
                throw new IOException("instance " + ri.sopInstanceUid() + " was written but cannot be read back");
            }
            index.replace(stored);
            accepted.add(ri.sopInstanceUid());
            return Status.SUCCESS;
        }
    }

    /** folder/study/instance.dcm, by UID when the UIDs are safe as names, else by their hash. */
    private Path target(Dataset header, ReceivedInstance ri) {
        String study = header.getString(Tag.StudyInstanceUID, "").strip();
        String sop = ri.sopInstanceUid().strip();
        return folder.resolve(safe(study)).resolve(safe(sop) + ".dcm");
    }

    private static String safe(String uid) {
        return SAFE_NAME.matcher(uid).matches() ? uid : "h" + Integer.toHexString(uid.hashCode());
    }

    /** Stops listening and aborts what is open. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "StrictDestination[" + aeTitle + "]";
    }

    /** Options of a {@link StrictDestination}; not thread-safe. */
    public static final class Builder {
        private String aeTitle = "NEWPACS";
        private Path folder;
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private int port;
        private Set<StrictRule> rules = EnumSet.allOf(StrictRule.class);
        private AssociationOptions options = AssociationOptions.defaults();
        private final Map<String, RemoteAe> directory = new LinkedHashMap<>();

        private Builder() {}

        /** A C-MOVE destination it knows, for reading back by C-MOVE (several allowed; C-GET needs none). */
        public Builder moveDestination(String aeTitle, RemoteAe destination) {
            directory.put(RemoteAe.requireAeTitle(aeTitle, "moveDestination"),
                    Objects.requireNonNull(destination, "destination"));
            return this;
        }

        /** Default NEWPACS. */
        public Builder aeTitle(String aeTitle) {
            this.aeTitle = RemoteAe.requireAeTitle(aeTitle, "aeTitle");
            return this;
        }

        /** Where accepted instances are written. Required. */
        public Builder folder(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** Default loopback, an ephemeral port. */
        public Builder bind(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** The rules enforced; default all of them. */
        public Builder rules(Set<StrictRule> rules) {
            this.rules = EnumSet.noneOf(StrictRule.class);
            this.rules.addAll(Objects.requireNonNull(rules, "rules"));
            return this;
        }

        public Builder options(AssociationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** @throws IllegalStateException if no folder was given */
        public StrictDestination build() {
            if (folder == null) {
                throw new IllegalStateException("folder: where accepted instances go is required");
            }
            return new StrictDestination(this);
        }
    }
}
