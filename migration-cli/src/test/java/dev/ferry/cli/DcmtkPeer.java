package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * dcmtk's tools for the command line's interop tests: a server ({@code storescp}) started on a free
 * loopback port and stopped with its children by {@link #close()}, and the client tools run to their
 * end with a time limit. Each process gets {@code TCP_NODELAY=1} (without it dcmtk leaves Nagle on)
 * and its output goes to a log file in the test's folder, quoted when something fails.
 *
 * <p>Self-contained: the richer launchers of migration-dicom's tests are not visible from here.
 */
final class DcmtkPeer implements AutoCloseable {
    /** How long a client tool may run, and a server may take to listen. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private DcmtkPeer(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Requires the tools: a missing one fails the test where the interop profile promises them
     * (system property {@code ferry.interop=true}, or the environment variable CI), and skips it
     * elsewhere.
     */
    static void requireTools(String... tools) {
        List<String> missing = Arrays.stream(tools).filter(t -> locate(t).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "not installed: " + String.join(", ", missing) + " (Debian package dcmtk)";
        if (System.getenv("CI") != null || Boolean.getBoolean("ferry.interop")) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** A free TCP port on loopback (free when asked; the server binds it soon after). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code tool} with {@code args} in {@code dir} as a server that will listen on {@code port},
     * and waits until it accepts TCP connections.
     */
    static DcmtkPeer startServer(Path dir, int port, String tool, String... args) throws IOException {
        List<String> command = command(tool, args);
        Path log = Files.createTempFile(dir, tool + "-", ".log");
        Process p = builder(dir, command, log).start();
        p.getOutputStream().close();
        DcmtkPeer peer = new DcmtkPeer(tool, p, log, port);
        try {
            peer.awaitPort();
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** What a client tool did: its exit status and its output (standard output and error). */
    record Result(int exitCode, String output) {}

    /** Runs {@code tool} to its end (killed after {@link #TIMEOUT}). */
    static Result run(Path dir, String tool, String... args) throws IOException {
        List<String> command = command(tool, args);
        Path log = Files.createTempFile(dir, tool + "-", ".log");
        Process p = builder(dir, command, log).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new IOException(String.join(" ", command) + " did not end in " + TIMEOUT.toSeconds() + " s\n"
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new InterruptedIOException("interrupted while waiting for " + tool);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    int port() {
        return port;
    }

    /** What the server printed so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private void awaitPort() throws IOException {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + " before listening:\n"
                        + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() - until > 0) {
                    throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within "
                            + TIMEOUT.toSeconds() + " s:\n" + log(), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + name);
            }
        }
    }

    /** Stops the server and its children (storescp --fork): SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static ProcessBuilder builder(Path dir, List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("TCP_NODELAY", "1");
        return pb;
    }

    private static List<String> command(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(locate(tool).orElseThrow(() -> new IOException(tool + " is not installed")).toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    private static Optional<Path> locate(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }
}
