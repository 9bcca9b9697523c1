package dev.ferry.dicom.net.peer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A peer's process: started with {@code TCP_NODELAY=1}, its standard output and error appended to a
 * log file, waited for until it serves ({@link #awaitPort}, {@link #await}), and stopped by
 * {@link #close()}: SIGTERM to it and its descendants (dcmtk's {@code --fork} children), then SIGKILL
 * to whatever is left after {@link #STOP_GRACE}. A JVM shutdown hook kills what a test left running.
 *
 * <p>The launchers ({@link Storescp}, {@link Dcmqrscp}, {@link Orthanc}) each own one; tests
 * needing another program can use it directly. Thread-safe.
 */
public final class PeerProcess implements AutoCloseable {
    /** How long a peer may take to start serving. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    /** How long a peer has to exit after SIGTERM before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** How often readiness is probed. */
    private static final long POLL_MILLIS = 50;

    /** How long one probe's TCP connect may take. */
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    /** Every process started and not yet stopped, for the shutdown hook. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Tools::kill), "ferry-peer-reaper"));
    }

    /** A readiness check: {@code true} when ready; an exception counts as not ready yet. */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws IOException;
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code dir}.
     *
     * @param name what messages call it, e.g. "storescp"
     * @param log the file its output is appended to
     */
    public static PeerProcess start(String name, List<String> command, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(Tools.PEER_ENV);
        Process p = pb.start();
        RUNNING.add(p);
        p.getOutputStream().close();
        return new PeerProcess(name, p, log);
    }

    /** Waits until 127.0.0.1:{@code port} accepts a TCP connection, for up to {@link #STARTUP_TIMEOUT}. */
    public void awaitPort(int port) throws IOException {
        awaitPort(port, STARTUP_TIMEOUT);
    }

    /** Waits until 127.0.0.1:{@code port} accepts a TCP connection (which is closed at once). */
    public void awaitPort(int port, Duration timeout) throws IOException {
        await("127.0.0.1:" + port + " to accept connections", timeout, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(Tools.LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
                return true;
            }
        });
    }

    /**
     * Probes every 50 ms until {@code probe} says ready.
     *
     * @param what what is waited for, for the message
     * @throws IOException if the process exits first, or {@code timeout} passes; the message ends with
     *     the tail of the log
     */
    public void await(String what, Duration timeout, Probe probe) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (true) {
            if (!process.isAlive()) {
                throw failure(name + " exited with status " + process.exitValue() + " while waiting for " + what,
                        last);
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw failure(name + " did not get ready in " + timeout.toMillis() + " ms: waited for " + what, last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + name);
            }
        }
    }

    /** An exception saying {@code message}, with the tail of the log and the last probe's failure. */
    public IOException failure(String message, Throwable cause) {
        return new IOException(message + (cause == null ? "" : " (last probe: " + cause + ")") + Tools.tail(log),
                cause);
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The log file: the process's standard output and error. */
    public Path log() {
        return log;
    }

    /** The last few KiB of the log. */
    public String logTail() {
        return Tools.tail(log);
    }

    /** Stops the process and its descendants: SIGTERM, then SIGKILL after {@link #STOP_GRACE}. Idempotent. */
    @Override
    public void close() {
        close(STOP_GRACE);
    }

    /**
     * Stops the process and its descendants: SIGTERM, then SIGKILL to what still runs after
     * {@code grace}; with a zero grace, SIGKILL at once. Idempotent.
     */
    public void close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Taken before the parent dies: its orphans would no longer be its descendants.
        List<ProcessHandle> children = process.descendants().toList();
        if (!grace.isZero()) {
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            try {
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                for (ProcessHandle child : children) {
                    awaitExit(child, Math.max(0, deadline - System.nanoTime()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            Tools.kill(process);
        }
        RUNNING.remove(process);
    }

    /** Waits up to {@code nanos} for {@code child} to exit; one still running is killed by the caller. */
    private static void awaitExit(ProcessHandle child, long nanos) throws InterruptedException {
        try {
            child.onExit().get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Still running after the grace period: close() kills it next.
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + child.pid() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ")" : ", exited)");
    }
}
