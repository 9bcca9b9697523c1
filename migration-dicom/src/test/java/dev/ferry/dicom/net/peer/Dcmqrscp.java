package dev.ferry.dicom.net.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * dcmtk's {@code dcmqrscp} on a free loopback port: an archive with one storage area in a folder of
 * its own, answering C-ECHO, C-STORE, C-FIND (patient and study root), C-MOVE and C-GET for any
 * calling AE title. A C-MOVE goes to a destination registered with
 * {@link Builder#moveDestination}; C-GET sends back on the same association.
 *
 * <pre>{@code
 * try (Storescp dest = Storescp.builder().aeTitle("DEST").start();
 *      Dcmqrscp qr = Dcmqrscp.builder().moveDestination("DEST", dest.port()).preload(file).start()) {
 *     Dcmtk.run(tmp, "movescu", "-S", "-aec", qr.aeTitle(), "-aem", "DEST", ...);
 * }
 * }</pre>
 *
 * <p>Objects get in two ways: {@link Builder#preload} copies files into the storage area and indexes
 * them with {@code dcmqridx} before it starts (no network), {@link #load} sends them with
 * {@code storescu}. Its configuration is {@code dcmqrscp.cfg} in its folder, its log
 * {@code dcmqrscp.log}. It forks a process per association (dcmtk's default) unless told otherwise,
 * and listens on every interface. Thread-safe.
 */
public final class Dcmqrscp implements AutoCloseable {
    /** The calling AE title {@link #load} uses. */
    public static final String LOADER_AE_TITLE = "FERRYLOAD";

    private final PeerProcess process;
    private final Path dir;
    private final boolean ownsDir;
    private final Path storage;
    private final int port;
    private final String aeTitle;

    private Dcmqrscp(PeerProcess process, Path dir, boolean ownsDir, Path storage, int port, String aeTitle) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.storage = storage;
        this.port = port;
        this.aeTitle = aeTitle;
    }

    /** A builder with the defaults: AE title QRSCP, no move destination, 16 KiB PDUs, forking. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link Dcmqrscp}; not thread-safe. */
    public static final class Builder {
        private String aeTitle = "QRSCP";
        private final Map<String, Integer> destinations = new LinkedHashMap<>();
        private int maxPdu = 16384;
        private boolean singleProcess;
        private final List<Path> preload = new ArrayList<>();
        private Path parent;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {}

        /** Its AE title, which callers must call: it names the storage area. */
        public Builder aeTitle(String aeTitle) {
            this.aeTitle = Tools.aeTitle("aeTitle", aeTitle);
            return this;
        }

        /** A C-MOVE destination: {@code aeTitle} at 127.0.0.1:{@code port}. May be called for several. */
        public Builder moveDestination(String aeTitle, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("moveDestination: port 1 to 65535, was " + port);
            }
            destinations.put(Tools.aeTitle("moveDestination", aeTitle), port);
            return this;
        }

        /** The largest PDU it receives, 4096 to 131072 (default 16384). */
        public Builder maxPdu(int bytes) {
            this.maxPdu = Tools.maxPdu(bytes);
            return this;
        }

        /** {@code --single-process}: one association at a time, no forking. */
        public Builder singleProcess(boolean singleProcess) {
            this.singleProcess = singleProcess;
            return this;
        }

        /** Files to copy into the storage area and index with {@code dcmqridx} before it starts. */
        public Builder preload(Path... files) {
            preload.addAll(List.of(files));
            return this;
        }

        /**
         * Where its folder is made (e.g. a JUnit {@code @TempDir}, which then deletes it); by default
         * in the system's temporary folder, deleted by {@link Dcmqrscp#close()}.
         */
        public Builder directory(Path parent) {
            this.parent = Objects.requireNonNull(parent, "directory");
            return this;
        }

        /** More dcmqrscp options, e.g. {@code -XF} (check C-FIND identifiers) or {@code --disable-get}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Writes its configuration, indexes {@link #preload} files, starts it and waits for its port. */
        public Dcmqrscp start() throws IOException {
            Path dir = Tools.newFolder(parent, "ferry-dcmqrscp-");
            PeerProcess process = null;
            try {
                if (dir.toString().matches(".*[\\s\"#,()=].*")) {
                    throw new IOException("dcmqrscp's configuration cannot name the folder " + dir);
                }
                Path storage = Files.createDirectory(dir.resolve("storage"));
                int port = FreePorts.allocate();
                Path config = Files.writeString(dir.resolve("dcmqrscp.cfg"), config(port, storage));
                index(dir, storage);
                List<String> command = new ArrayList<>(List.of(Tools.executable("dcmqrscp"), "-c", config.toString(),
                        "-dhl"));
                if (singleProcess) {
                    command.add("--single-process");
                }
                command.addAll(extraArgs);
                command.add(Integer.toString(port));
                process = PeerProcess.start("dcmqrscp", command, dir, dir.resolve("dcmqrscp.log"));
                process.awaitPort(port);
                return new Dcmqrscp(process, dir, parent == null, storage, port, aeTitle);
            } catch (IOException | RuntimeException e) {
                Tools.abandon(process, dir, parent == null, e);
                throw e;
            }
        }

        /**
         * The configuration (format: /etc/dcmtk/dcmqrscp.cfg). The HostTable names each destination
         * (AE title, host, port), which C-MOVE finds by AE title; an IP address works as the host
         * despite the sample's note. The AETable gives the storage area: read-write, a quota large
         * enough never to evict (dcmqrscp deletes the oldest study beyond it), any peer. The sample's
         * UserName and GroupName are left out: dcmqrscp started as root would switch to them.
         */
        private String config(int port, Path storage) {
            StringBuilder c = new StringBuilder()
                    .append("NetworkTCPPort  = ").append(port).append('\n')
                    .append("MaxPDUSize      = ").append(maxPdu).append('\n')
                    .append("MaxAssociations = 16\n")
                    .append("HostTable BEGIN\n");
            int n = 0;
            for (Map.Entry<String, Integer> d : destinations.entrySet()) {
                c.append("dest").append(++n).append(" = (").append(d.getKey()).append(", 127.0.0.1, ")
                        .append(d.getValue()).append(")\n");
            }
            return c.append("HostTable END\n")
                    .append("VendorTable BEGIN\nVendorTable END\n")
                    .append("AETable BEGIN\n")
                    .append(aeTitle).append(' ').append(storage).append(" RW (10000, 1024mb) ANY\n")
                    .append("AETable END\n")
                    .toString();
        }

        private void index(Path dir, Path storage) throws IOException {
            if (preload.isEmpty()) {
                return;
            }
            List<String> args = new ArrayList<>(List.of(storage.toString()));
            int n = 0;
            for (Path file : preload) {
                Path copy = storage.resolve("preload" + ++n + ".dcm");
                Files.copy(file, copy);
                args.add(copy.toString());
            }
            Dcmtk.Result r = Dcmtk.run(dir, "dcmqridx", args);
            if (!r.succeeded()) {
                throw new IOException("dcmqridx exited with status " + r.exitCode() + ":\n" + r.output());
            }
        }
    }

    /**
     * Stores {@code files} into it with {@code storescu} (calling AE title {@value #LOADER_AE_TITLE}).
     *
     * @throws IOException if storescu fails; the message holds its output
     */
    public void load(Path... files) throws IOException {
        List<String> args = new ArrayList<>(List.of("-aet", LOADER_AE_TITLE, "-aec", aeTitle, "127.0.0.1",
                Integer.toString(port)));
        for (Path f : files) {
            args.add(f.toString());
        }
        Dcmtk.Result r = Dcmtk.run(dir, "storescu", args);
        if (!r.succeeded()) {
            throw new IOException("storescu to dcmqrscp exited with status " + r.exitCode() + ":\n" + r.output());
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Its AE title. */
    public String aeTitle() {
        return aeTitle;
    }

    /** Its storage area: the objects and {@code index.dat}. */
    public Path storageDirectory() {
        return storage;
    }

    /** Its output: standard output and error. */
    public Path log() {
        return process.log();
    }

    /** The process, e.g. to check it still runs. */
    public PeerProcess process() {
        return process;
    }

    /**
     * Kills it and its forked children at once (it takes over a second to act on SIGTERM, even idle,
     * and its storage is thrown away); deletes its folder unless {@link Builder#directory} was given.
     */
    @Override
    public void close() {
        process.close(Duration.ZERO);
        if (ownsDir) {
            Tools.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "dcmqrscp " + aeTitle + "@127.0.0.1:" + port;
    }
}
