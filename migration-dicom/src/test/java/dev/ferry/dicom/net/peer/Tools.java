package dev.ferry.dicom.net.peer;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Plumbing the peers share: where a program is, running one with a time limit, log tails, folders. */
final class Tools {
    /** The only address the peers and the tools are asked to use. */
    static final InetAddress LOOPBACK = loopback();

    /** The environment every dcmtk and Orthanc process gets: without it they leave Nagle on (DESIGN.md). */
    static final Map<String, String> PEER_ENV = Map.of("TCP_NODELAY", "1");

    /** Searched after PATH: Orthanc is in /usr/sbin, which a non-root PATH often lacks. */
    private static final List<Path> SBIN = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    /** How much of a log an exception quotes. */
    private static final int TAIL_BYTES = 4096;

    private Tools() {}

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    /**
     * The file {@code tool} names: a path if it is a file (a plugin need not be executable), a bare
     * name as the first executable of that name on PATH or in an sbin folder.
     */
    static Optional<Path> locate(String tool) {
        if (tool.contains(File.separator)) {
            Path p = Path.of(tool);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        Stream<Path> path = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(Path::of);
        return Stream.concat(path, SBIN.stream())
                .map(d -> d.resolve(tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** {@link #locate}, or an exception naming the tool. */
    static String executable(String tool) throws IOException {
        return locate(tool).orElseThrow(() -> new IOException(tool + " is not installed (not on PATH nor in an sbin)"))
                .toString();
    }

    /** What a finished tool printed on standard output and error together, and its exit status. */
    record Outcome(int exitCode, String output) {}

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment, its output
     * (standard output and error together) going to a new {@code <name>-*.log} in {@code dir}.
     *
     * @throws IOException if it cannot start, or is still running after {@code timeout} (it is then
     *     killed, with its descendants)
     */
    static Outcome run(Path dir, Duration timeout, Map<String, String> env, List<String> command) throws IOException {
        String name = Path.of(command.get(0)).getFileName().toString();
        Path log = Files.createTempFile(dir, name + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new IOException(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s"
                        + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new InterruptedIOException("interrupted while waiting for " + name);
        }
        return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    /** Kills {@code p} and its descendants at once, waiting briefly for the kernel to reap it. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last few KiB of {@code log}, whole lines, ready to be appended to a message. */
    static String tail(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            String text = new String(b, StandardCharsets.ISO_8859_1);
            if (start > 0 && text.indexOf('\n') >= 0) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            return text.isBlank() ? "\n(" + log + " is empty)"
                    : "\n--- end of " + log + " ---\n" + text.stripTrailing();
        } catch (IOException e) {
            return "\n(" + log + " cannot be read: " + e + ")";
        }
    }

    /** A new folder for one peer: in {@code parent} if given, else in the system's temporary folder. */
    static Path newFolder(Path parent, String prefix) throws IOException {
        return parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(parent, prefix);
    }

    /** Deletes {@code dir} and everything in it; the first failure is thrown once the rest are tried. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    failures.add(e);
                }
            });
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            UncheckedIOException e = new UncheckedIOException("cannot delete " + dir, failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * After a failed start: stops {@code process} (if started) at once and deletes {@code dir} if the
     * peer made it, a failure to delete being added to {@code failure} rather than hiding it.
     */
    static void abandon(PeerProcess process, Path dir, boolean ownsDir, Exception failure) {
        if (process != null) {
            process.close(Duration.ZERO);
        }
        if (ownsDir) {
            try {
                deleteRecursively(dir);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Checks an AE title as PS3.5 defines AE: 1 to 16 characters of the default repertoire, no backslash. */
    static String aeTitle(String field, String aet) {
        if (aet == null || aet.isBlank() || aet.length() > 16 || !aet.matches("[\\x20-\\x7E&&[^\\\\]]+")) {
            throw new IllegalArgumentException(field + ": an AE title is 1 to 16 printable ASCII characters"
                    + " without a backslash, was " + (aet == null ? "null" : "\"" + aet + "\""));
        }
        return aet.strip();
    }

    /** Checks a PDU size the way dcmtk's {@code --max-pdu} accepts it. */
    static int maxPdu(int bytes) {
        if (bytes < 4096 || bytes > 131072) {
            throw new IllegalArgumentException("maxPdu: dcmtk accepts 4096 to 131072 bytes, was " + bytes);
        }
        return bytes;
    }
}
