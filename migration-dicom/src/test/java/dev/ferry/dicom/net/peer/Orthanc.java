package dev.ferry.dicom.net.peer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Orthanc on two free loopback ports (DICOM and HTTP), its storage and index in a folder of its own,
 * with its DICOMweb plugin when installed, and a few REST calls tests need.
 *
 * <p>Its configuration ({@code orthanc.json} in its folder): REST API for localhost only and without
 * authentication; any called AE title accepted ({@code DicomCheckCalledAet} false); C-ECHO, C-STORE,
 * C-FIND, C-MOVE and C-GET from any calling AE title (the last three are refused by Orthanc's defaults
 * unless the caller is a registered modality); C-MOVE destinations and C-STORE targets from
 * {@link Builder#modality}; jobs not saved. Its log is {@code orthanc.log}. It starts in about 0.1 s
 * here. Its DICOM port listens on every interface (Orthanc 1.10 cannot bind one address). Thread-safe.
 *
 * @see <a href="https://orthanc.uclouvain.be/book/users/rest.html">Orthanc REST API</a>
 */
public final class Orthanc implements AutoCloseable {
    /** Where Debian's package puts the server. */
    public static final String EXECUTABLE = "/usr/sbin/Orthanc";

    /** Where Debian's orthanc-dicomweb package puts the plugin. */
    public static final String DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    /** How long a graceful stop may take: about 4 s idle here. */
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final PeerProcess process;
    private final Path dir;
    private final boolean ownsDir;
    private final int httpPort;
    private final int dicomPort;
    private final String aeTitle;
    private final boolean dicomWeb;
    private final boolean gracefulStop;
    private final HttpClient http;

    private Orthanc(PeerProcess process, Path dir, boolean ownsDir, int httpPort, int dicomPort, String aeTitle,
                    boolean dicomWeb, boolean gracefulStop, HttpClient http) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.aeTitle = aeTitle;
        this.dicomWeb = dicomWeb;
        this.gracefulStop = gracefulStop;
        this.http = http;
    }

    /** A builder with the defaults: AE title ORTHANC, no modalities, DICOMweb if installed. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link Orthanc}; not thread-safe. */
    public static final class Builder {
        private String aeTitle = "ORTHANC";
        private final Map<String, List<Object>> modalities = new LinkedHashMap<>();
        private boolean dicomWeb = true;
        private boolean gracefulStop;
        private final Map<String, Object> options = new LinkedHashMap<>();
        private Path parent;

        private Builder() {}

        /** Its AE title (the calling AE title of its C-STORE and C-MOVE requests). */
        public Builder aeTitle(String aeTitle) {
            this.aeTitle = Tools.aeTitle("aeTitle", aeTitle);
            return this;
        }

        /**
         * A remote modality, {@code aeTitle} at 127.0.0.1:{@code port}, known as {@code name} in the
         * REST API ({@link #storeStudyTo}, {@link #moveStudy}) and as a C-MOVE destination.
         */
        public Builder modality(String name, String aeTitle, int port) {
            if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("modality: a name of letters, digits, _ and -, was " + name);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("modality: port 1 to 65535, was " + port);
            }
            modalities.put(name, List.of(Tools.aeTitle("modality", aeTitle), "127.0.0.1", port));
            return this;
        }

        /** Whether to load the DICOMweb plugin if it is installed (default true). */
        public Builder dicomWeb(boolean dicomWeb) {
            this.dicomWeb = dicomWeb;
            return this;
        }

        /**
         * Whether {@link Orthanc#close()} lets it shut down (SIGTERM, about 4 s even when idle, as its
         * HTTP and DICOM servers and jobs engine stop in turn) rather than kill it at once (the default:
         * its folder is thrown away). A test restarting it on the same storage wants {@code true}.
         */
        public Builder gracefulStop(boolean gracefulStop) {
            this.gracefulStop = gracefulStop;
            return this;
        }

        /**
         * Any other configuration option, e.g. {@code option("StableAge", 1)}; the value is a String,
         * Number, Boolean, or a List or Map of them. It overrides what this class sets.
         */
        public Builder option(String name, Object value) {
            options.put(Objects.requireNonNull(name, "option"), value);
            return this;
        }

        /**
         * Where its folder is made (e.g. a JUnit {@code @TempDir}, which then deletes it); by default
         * in the system's temporary folder, deleted by {@link Orthanc#close()}.
         */
        public Builder directory(Path parent) {
            this.parent = Objects.requireNonNull(parent, "directory");
            return this;
        }

        /** Writes its configuration, starts it and waits until both ports answer and GET /system succeeds. */
        public Orthanc start() throws IOException {
            Path dir = Tools.newFolder(parent, "ferry-orthanc-");
            PeerProcess process = null;
            try {
                int[] ports = FreePorts.allocate(2);
                boolean withDicomWeb = dicomWeb && Files.isRegularFile(Path.of(DICOMWEB_PLUGIN));
                Path config = Files.writeString(dir.resolve("orthanc.json"),
                        Json.write(config(Files.createDirectory(dir.resolve("storage")), ports[0], ports[1],
                                withDicomWeb)));
                String executable = Tools.locate("Orthanc").map(Path::toString).orElse(EXECUTABLE);
                process = PeerProcess.start("Orthanc", List.of(executable, config.toString()), dir,
                        dir.resolve("orthanc.log"));
                HttpClient http = HttpClient.newBuilder()
                        .proxy(HttpClient.Builder.NO_PROXY)
                        .connectTimeout(PROBE_TIMEOUT)
                        .build();
                Orthanc orthanc = new Orthanc(process, dir, parent == null, ports[0], ports[1], aeTitle, withDicomWeb,
                        gracefulStop, http);
                process.awaitPort(orthanc.dicomPort);
                process.await("GET /system to answer", PeerProcess.STARTUP_TIMEOUT,
                        () -> orthanc.send("GET", "/system", HttpRequest.BodyPublishers.noBody(),
                                PROBE_TIMEOUT) != null);
                return orthanc;
            } catch (IOException | RuntimeException e) {
                Tools.abandon(process, dir, parent == null, e);
                throw e;
            }
        }

        private Map<String, Object> config(Path storage, int httpPort, int dicomPort, boolean withDicomWeb) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Name", "Ferry test");
            c.put("StorageDirectory", storage.toString());
            c.put("IndexDirectory", storage.toString());
            c.put("HttpPort", httpPort);
            c.put("DicomPort", dicomPort);
            c.put("DicomAet", aeTitle);
            c.put("RemoteAccessAllowed", false);
            c.put("AuthenticationEnabled", false);
            // Orthanc closes a kept-alive connection after 1 s idle, and Java's client would reuse it.
            c.put("KeepAlive", false);
            c.put("DicomCheckCalledAet", false);
            c.put("DicomAlwaysAllowFind", true);
            c.put("DicomAlwaysAllowMove", true);
            c.put("DicomAlwaysAllowGet", true);
            c.put("DicomModalities", new LinkedHashMap<>(modalities));
            c.put("SaveJobs", false);
            c.put("Plugins", withDicomWeb ? List.of(DICOMWEB_PLUGIN) : List.of());
            c.putAll(options);
            return c;
        }
    }

    /**
     * Stores {@code file} (POST /instances).
     *
     * @return Orthanc's id of the instance
     */
    public String upload(Path file) throws IOException {
        Map<?, ?> answer = (Map<?, ?>) Json.parse(post("/instances", HttpRequest.BodyPublishers.ofFile(file)));
        return (String) answer.get("ID");
    }

    /** How many instances it holds (GET /statistics, CountInstances). */
    public long instanceCount() throws IOException {
        Map<?, ?> statistics = (Map<?, ?>) Json.parse(get("/statistics"));
        return ((Number) statistics.get("CountInstances")).longValue();
    }

    /**
     * Orthanc's id of a study (POST /tools/lookup).
     *
     * @throws IOException if it has no such study
     */
    public String studyId(String studyInstanceUid) throws IOException {
        List<?> found = (List<?>) Json.parse(post("/tools/lookup",
                HttpRequest.BodyPublishers.ofString(studyInstanceUid)));
        return found.stream()
                .map(o -> (Map<?, ?>) o)
                .filter(m -> "Study".equals(m.get("Type")))
                .map(m -> (String) m.get("ID"))
                .findFirst()
                .orElseThrow(() -> new IOException("Orthanc has no study " + studyInstanceUid));
    }

    /**
     * Sends a study to a modality by C-STORE and waits for the end (POST /modalities/{name}/store,
     * synchronous).
     *
     * @param modality a name given to {@link Builder#modality}
     * @return how many instances were sent
     * @throws IOException if Orthanc reports a failure, or an instance was not stored
     */
    public long storeStudyTo(String modality, String studyInstanceUid) throws IOException {
        String body = Json.write(Map.of("Resources", List.of(studyId(studyInstanceUid)), "Synchronous", true));
        Map<?, ?> answer = (Map<?, ?>) Json.parse(post("/modalities/" + modality + "/store",
                HttpRequest.BodyPublishers.ofString(body)));
        if (answer.get("FailedInstancesCount") instanceof Number failed && failed.longValue() != 0) {
            throw new IOException("Orthanc failed to store " + failed + " instances to " + modality);
        }
        return ((Number) answer.get("InstancesCount")).longValue();
    }

    /**
     * Has Orthanc ask a modality to C-MOVE a study to {@code targetAet} (Orthanc as C-MOVE SCU;
     * POST /modalities/{name}/move, synchronous).
     *
     * @param sourceModality a name given to {@link Builder#modality}: the Q/R SCP asked
     * @param targetAet the move destination, as the source knows it
     * @throws IOException if Orthanc reports a failure
     */
    public void moveStudy(String sourceModality, String studyInstanceUid, String targetAet) throws IOException {
        String body = Json.write(Map.of("Level", "Study",
                "Resources", List.of(Map.of("StudyInstanceUID", studyInstanceUid)),
                "TargetAet", targetAet,
                "Synchronous", true));
        post("/modalities/" + sourceModality + "/move", HttpRequest.BodyPublishers.ofString(body));
    }

    /** GET on its REST API; the body of a 2xx answer. */
    public String get(String path) throws IOException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), REQUEST_TIMEOUT);
    }

    /** DELETE on its REST API; the body of a 2xx answer. */
    public String delete(String path) throws IOException {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), REQUEST_TIMEOUT);
    }

    /** POST on its REST API; the body of a 2xx answer. */
    public String post(String path, HttpRequest.BodyPublisher body) throws IOException {
        return send("POST", path, body, REQUEST_TIMEOUT);
    }

    private String send(String method, String path, HttpRequest.BodyPublisher body, Duration timeout)
            throws IOException {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve(path))
                .method(method, body)
                .timeout(timeout)
                .build();
        HttpResponse<String> response = null;
        // A kept-alive connection Orthanc has just closed fails the next request with "header
        // parser received no bytes" before Orthanc sees it: such a failure is tried again (the
        // requests used here are idempotent, or harmless to repeat).
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during " + method + " " + path);
            } catch (IOException e) {
                if (attempt == 3 || e instanceof java.net.http.HttpTimeoutException) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted during " + method + " " + path);
                }
            }
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body();
            throw new IOException("Orthanc " + method + " " + path + ": HTTP " + response.statusCode() + " "
                    + (answer.length() > 2000 ? answer.substring(0, 2000) + "..." : answer));
        }
        return response.body();
    }

    /** Its REST API, {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** Its DICOMweb root, {@code http://127.0.0.1:<port>/dicom-web/}, if {@link #dicomWeb()}. */
    public URI dicomWebUri() {
        return baseUri().resolve("dicom-web/");
    }

    /** Whether the DICOMweb plugin was loaded. */
    public boolean dicomWeb() {
        return dicomWeb;
    }

    /** Its HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /** Its DICOM port. */
    public int dicomPort() {
        return dicomPort;
    }

    /** Its AE title. */
    public String aeTitle() {
        return aeTitle;
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
     * Stops it, at once unless {@link Builder#gracefulStop}; deletes its folder unless
     * {@link Builder#directory} was given.
     */
    @Override
    public void close() {
        process.close(gracefulStop ? GRACEFUL_STOP : Duration.ZERO);
        if (ownsDir) {
            Tools.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "Orthanc " + aeTitle + "@127.0.0.1:" + dicomPort + ", http://127.0.0.1:" + httpPort + "/";
    }
}
