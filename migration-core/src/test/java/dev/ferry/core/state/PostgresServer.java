package dev.ferry.core.state;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own: {@code initdb} into a new folder in the system's temporary
 * folder, {@code postgres} on 127.0.0.1 at a free port with its Unix socket in that folder, trust
 * authentication for the superuser {@value #USER}, and one empty database. {@link #close()} stops it
 * (fast shutdown, then SIGKILL) and deletes the folder; a JVM shutdown hook closes what a test left
 * running. Thread-safe.
 *
 * <p>The server programs are found with {@code pg_config --bindir}, else in the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package), unless the system
 * property {@value #BINDIR_PROPERTY} names the folder. When they are missing, {@link #start()} fails
 * with a message saying so: an interop test must fail, not skip, without its peer.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (as CI does), {@code initdb} and
 * {@code postgres} run as the {@code postgres} system user (which Debian's package creates), through
 * {@code setpriv} or else {@code runuser}, and the folder is given to that user. The server runs
 * without fsync: it is thrown away after the test.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start();
 *      JdbcStateStore store = JdbcStateStore.open(pg.jdbcUrl(), pg.user(), pg.password())) { ... }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser initdb creates, who connects without a password from 127.0.0.1. */
    public static final String USER = "postgres";

    /** A system property naming the folder of initdb and postgres, to use instead of looking. */
    public static final String BINDIR_PROPERTY = "ferry.postgres.bindir";

    /** The system user that runs the server when this JVM is root. */
    private static final String SYSTEM_USER = "postgres";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final long POLL_MILLIS = 100;
    private static final int TAIL_BYTES = 4096;

    /** Servers started and not yet closed, for the shutdown hook. */
    private static final Set<PostgresServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(PostgresServer::closeQuietly),
                "ferry-postgres-reaper"));
    }

    private final Path dir;
    private final Path data;
    private final Path log;
    private final Process process;
    private final int port;
    private final String database;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(Path dir, Path data, Path log, Process process, int port, String database) {
        this.dir = dir;
        this.data = data;
        this.log = log;
        this.process = process;
        this.port = port;
        this.database = database;
    }

    /** A server with the defaults: locale C, database {@code ferry}. */
    public static PostgresServer start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link PostgresServer}; not thread-safe. */
    public static final class Builder {
        private String database = "ferry";
        private String locale = "C";

        private Builder() {}

        /** The database to create (default {@code ferry}): lower-case letters, digits and _. */
        public Builder database(String database) {
            if (database == null || !database.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("database: lower-case letters, digits and _, was " + database);
            }
            this.database = database;
            return this;
        }

        /**
         * The cluster's locale (default {@code C}), e.g. {@code en_US.UTF-8} to test what a production
         * server's collation does; it must be installed ({@code locale -a}).
         */
        public Builder locale(String locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** Runs initdb, starts the server, waits until it accepts connections and creates the database. */
        public PostgresServer start() throws IOException {
            Path bin = binaries();
            List<String> asUser = runAsUser();
            Path dir = Files.createTempDirectory("ferry-pg-");
            PostgresServer server = null;
            try {
                if (!asUser.isEmpty()) {
                    giveTo(dir, SYSTEM_USER);
                }
                Path data = dir.resolve("data");
                run(dir, dir.resolve("initdb.log"), with(asUser, bin.resolve("initdb").toString(), "-D",
                        data.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=" + locale,
                        "--no-sync"));
                for (int attempt = 1; ; attempt++) {
                    Path log = dir.resolve("postgres-" + attempt + ".log");
                    int port = freePort();
                    Process p = new ProcessBuilder(with(asUser, bin.resolve("postgres").toString(), "-D",
                            data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                            "-c", "unix_socket_directories=" + dir, "-c", "fsync=off", "-c", "synchronous_commit=off",
                            "-c", "full_page_writes=off"))
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
                    p.getOutputStream().close();
                    server = new PostgresServer(dir, data, log, p, port, database);
                    RUNNING.add(server);
                    if (server.awaitReady()) {
                        break;
                    }
                    // Another process took the port between choosing and binding it: try another.
                    server.stop();
                    RUNNING.remove(server);
                    if (attempt == START_ATTEMPTS) {
                        throw new IOException("postgres could not bind a free port in " + attempt + " attempts"
                                + tail(log));
                    }
                }
                server.createDatabase();
                return server;
            } catch (IOException | RuntimeException e) {
                try {
                    if (server != null) {
                        server.close();
                    } else {
                        deleteRecursively(dir);
                    }
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Empty: the server trusts connections from 127.0.0.1. */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** The server's folder: {@code data}, the Unix socket, and the logs. */
    public Path directory() {
        return dir;
    }

    /** The last few KiB of the server's log. */
    public String logTail() {
        return tail(log);
    }

    /** Stops the server (fast shutdown, SIGKILL after 10 s) and deletes its folder. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stop();
        } finally {
            RUNNING.remove(this);
            deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " in " + dir;
    }

    private static void closeQuietly(PostgresServer server) {
        try {
            server.close();
        } catch (RuntimeException e) {
            System.err.println("could not close " + server + ": " + e);
        }
    }

    /**
     * Waits until the server accepts a connection.
     *
     * @return false if it exited because it could not bind its port
     * @throws IOException if it exited otherwise, or did not get ready in time
     */
    private boolean awaitReady() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (true) {
            if (!process.isAlive()) {
                String tail = tail(log);
                if (tail.contains("could not bind") || tail.contains("Address already in use")) {
                    return false;
                }
                throw new IOException("postgres exited with status " + process.exitValue() + " while starting" + tail);
            }
            try (Connection c = connect("postgres")) {
                return true;
            } catch (SQLException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("postgres did not accept connections on 127.0.0.1:" + port + " in "
                        + STARTUP_TIMEOUT.toSeconds() + " s (last: " + last + ")" + tail(log), last);
            }
            sleep(POLL_MILLIS);
        }
    }

    private void createDatabase() throws IOException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IOException("cannot create database " + database + ": " + e.getMessage() + tail(log), e);
        }
    }

    private Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", "");
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
    }

    /** Fast shutdown (SIGINT to the postmaster: clients are disconnected), then SIGKILL to what is left. */
    private void stop() {
        if (process.isAlive()) {
            long postmaster = postmasterPid().orElse(process.pid());
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(TOOL_TIMEOUT.toMillis(),
                                TimeUnit.MILLISECONDS);
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // kill(1) missing: fall through to SIGKILL.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ProcessHandle> left = new ArrayList<>(process.descendants().toList());
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(left::add);
        left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The postmaster's pid from the first line of {@code postmaster.pid}, while the server runs. */
    private Optional<Long> postmasterPid() {
        try {
            Path file = data.resolve("postmaster.pid");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().findFirst().map(String::strip)
                    .filter(s -> s.matches("\\d+")).map(Long::parseLong);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // --- finding and running the programs ---------------------------------------------------------

    /** The folder holding initdb and postgres. */
    static Path binaries() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(BINDIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        } else {
            pgConfigBindir().ifPresent(candidates::add);
            if (Files.isDirectory(DEBIAN_VERSIONS)) {
                try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
                    versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                            .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName()
                                    .toString())).reversed())
                            .map(v -> v.resolve("bin"))
                            .forEach(candidates::add);
                }
            }
        }
        return candidates.stream()
                .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                .findFirst()
                .orElseThrow(() -> new IOException("PostgreSQL's server programs (initdb, postgres) are not installed:"
                        + " looked in " + (candidates.isEmpty() ? "pg_config --bindir and " + DEBIAN_VERSIONS
                        + "/*/bin" : candidates) + ". Install Debian's postgresql package, or set -D"
                        + BINDIR_PROPERTY + "=<folder>."));
    }

    private static Optional<Path> pgConfigBindir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return Optional.of(Path.of(out));
            }
            p.destroyForcibly();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The command prefix that runs a program as the postgres user when this JVM is root, else none. */
    private static List<String> runAsUser() throws IOException {
        if (!run(null, null, List.of("id", "-u")).strip().equals("0")) {
            return List.of();
        }
        for (Path sbin : List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"))) {
            if (Files.isExecutable(sbin)) {
                // setpriv execs the program, so the process Java holds is the postmaster itself.
                return List.of(sbin.toString(), "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups",
                        "--");
            }
        }
        for (Path sbin : List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"))) {
            if (Files.isExecutable(sbin)) {
                return List.of(sbin.toString(), "-u", SYSTEM_USER, "--");
            }
        }
        throw new IOException("this JVM runs as root, which PostgreSQL refuses, and neither setpriv nor runuser is"
                + " installed to run it as " + SYSTEM_USER);
    }

    /** Gives {@code dir} to {@code user} and its group. */
    private static void giveTo(Path dir, String user) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(dir, users.lookupPrincipalByName(user));
            Files.getFileAttributeView(dir, PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(user));
        } catch (IOException e) {
            throw new IOException("this JVM runs as root, which PostgreSQL refuses, and " + dir + " cannot be given"
                    + " to the " + user + " user (is Debian's postgresql package installed?)", e);
        }
    }

    private static List<String> with(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }


    /**
     * Runs {@code command} to its end and returns what it printed, or nothing if its output went to
     * {@code log}. Fails unless it exits with 0.
     */
    private static String run(Path dir, Path log, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String output = log == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        try {
            Duration timeout = log == null ? TOOL_TIMEOUT : INITDB_TIMEOUT;
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s"
                        + (log == null ? "" : tail(log)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new InterruptedIOException("interrupted while running " + command.get(0));
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + p.exitValue()
                    + (log == null ? ": " + output.strip() : tail(log)));
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 1);
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for postgres");
        }
    }

    /** The last few KiB of {@code log}, whole lines, ready to be appended to a message. */
    private static String tail(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            if (start > 0 && text.indexOf('\n') >= 0) {
                text = text.substring(text.indexOf('\n') + 1);
            }
            return text.isBlank() ? "\n(" + log + " is empty)"
                    : "\n--- end of " + log + " ---\n" + text.stripTrailing();
        } catch (IOException e) {
            return "\n(" + log + " cannot be read: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
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
}
