package dev.ferry.dicom.net.peer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * dcmtk's {@code storescp} on a free loopback port, writing what it receives to a folder of its own:
 * a C-STORE destination and C-MOVE target for tests.
 *
 * <pre>{@code
 * try (Storescp scp = Storescp.builder().aeTitle("DEST").start()) {
 *     ... send to 127.0.0.1:scp.port() ...
 *     assertThat(scp.awaitReceived(1, Duration.ofSeconds(10))).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Files are named by dcmtk ({@code <modality>.<SOP Instance UID>}) in {@link #outputDirectory()};
 * the log is {@code storescp.log} beside it. It listens on every interface (dcmtk 3.6.7 cannot bind one
 * address); tests connect to 127.0.0.1 only. Thread-safe.
 */
public final class Storescp implements AutoCloseable {
    private final PeerProcess process;
    private final Path dir;
    private final boolean ownsDir;
    private final Path output;
    private final int port;
    private final String aeTitle;
    private final boolean tls;

    private Storescp(PeerProcess process, Path dir, boolean ownsDir, Path output, int port, String aeTitle,
                     boolean tls) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.output = output;
        this.port = port;
        this.aeTitle = aeTitle;
        this.tls = tls;
    }

    /** A builder with the defaults: AE title STORESCP, one association at a time, every transfer syntax. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link Storescp}; not thread-safe. */
    public static final class Builder {
        private String aeTitle = "STORESCP";
        private boolean fork;
        private int maxPdu;
        private boolean ignore;
        private boolean acceptAll = true;
        private TestPki tls;
        private Path parent;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {}

        /** Its AE title; it accepts any called AE title all the same. */
        public Builder aeTitle(String aeTitle) {
            this.aeTitle = Tools.aeTitle("aeTitle", aeTitle);
            return this;
        }

        /** {@code --fork}: a process per association, so that parallel associations are served in parallel. */
        public Builder fork(boolean fork) {
            this.fork = fork;
            return this;
        }

        /** {@code --max-pdu}: the largest PDU it receives, 4096 to 131072 (dcmtk's default 16384). */
        public Builder maxPdu(int bytes) {
            this.maxPdu = Tools.maxPdu(bytes);
            return this;
        }

        /** {@code --ignore}: receive and acknowledge, but write nothing (a sink for throughput tests). */
        public Builder ignore(boolean ignore) {
            this.ignore = ignore;
            return this;
        }

        /**
         * {@code +xa}: accept every transfer syntax dcmtk knows (the default here); {@code false} leaves
         * dcmtk's default, the uncompressed ones only.
         */
        public Builder acceptAllTransferSyntaxes(boolean acceptAll) {
            this.acceptAll = acceptAll;
            return this;
        }

        /** TLS only, with the server certificate, requiring a client certificate the CA signed. */
        public Builder tls(TestPki pki) {
            this.tls = Objects.requireNonNull(pki, "tls");
            return this;
        }

        /**
         * Where its folder is made (e.g. a JUnit {@code @TempDir}, which then deletes it); by default
         * in the system's temporary folder, deleted by {@link Storescp#close()}.
         */
        public Builder directory(Path parent) {
            this.parent = Objects.requireNonNull(parent, "directory");
            return this;
        }

        /** More storescp options, e.g. {@code -pm} (any SOP class) or {@code --sleep-during 5}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** Starts it and waits until its port accepts connections. */
        public Storescp start() throws IOException {
            Path dir = Tools.newFolder(parent, "ferry-storescp-");
            PeerProcess process = null;
            try {
                Path output = Files.createDirectory(dir.resolve("received"));
                int port = FreePorts.allocate();
                List<String> command = new ArrayList<>(List.of(Tools.executable("storescp"), "-aet", aeTitle,
                        "-od", output.toString(), "-dhl"));
                if (fork) {
                    command.add("--fork");
                }
                if (maxPdu > 0) {
                    command.addAll(List.of("-pdu", Integer.toString(maxPdu)));
                }
                if (ignore) {
                    command.add("--ignore");
                }
                if (acceptAll) {
                    command.add("+xa");
                }
                if (tls != null) {
                    command.addAll(DcmtkTls.serverArgs(tls));
                }
                command.addAll(extraArgs);
                command.add(Integer.toString(port));
                process = PeerProcess.start("storescp", command, dir, dir.resolve("storescp.log"));
                process.awaitPort(port);
                return new Storescp(process, dir, parent == null, output, port, aeTitle, tls != null);
            } catch (IOException | RuntimeException e) {
                Tools.abandon(process, dir, parent == null, e);
                throw e;
            }
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

    /** Whether it speaks TLS only. */
    public boolean tls() {
        return tls;
    }

    /** Where it writes what it receives. */
    public Path outputDirectory() {
        return output;
    }

    /** Its output: standard output and error. */
    public Path log() {
        return process.log();
    }

    /** The process, e.g. to check it still runs. */
    public PeerProcess process() {
        return process;
    }

    /** The files received so far, sorted by path. */
    public List<Path> receivedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(output)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Waits until at least {@code count} files have arrived, polling every 50 ms.
     *
     * @return the files received
     * @throws IOException if fewer arrived within {@code timeout}; the message ends with the log's tail
     */
    public List<Path> awaitReceived(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Path> files = receivedFiles();
            if (files.size() >= count) {
                return files;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw process.failure("storescp received " + files.size() + " of " + count + " files in "
                        + timeout.toMillis() + " ms", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for files");
            }
        }
    }

    /** Stops it; deletes its folder unless {@link Builder#directory} was given. */
    @Override
    public void close() {
        process.close();
        if (ownsDir) {
            Tools.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "storescp " + aeTitle + "@127.0.0.1:" + port + (tls ? " (TLS)" : "");
    }
}
