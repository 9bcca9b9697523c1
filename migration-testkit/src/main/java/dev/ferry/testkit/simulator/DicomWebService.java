package dev.ferry.testkit.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.json.DicomJson;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's DICOMweb side (PS3.18) on the JDK's HTTP server, under {@code /dicom-web/}:
 * QIDO-RS searches for studies, series and instances (matching keys by tag or keyword,
 * {@code includefield}, {@code limit} and {@code offset}; {@code fuzzymatching} ignored), WADO-RS
 * retrieval of a study, a series or an instance as {@code multipart/related; type="application/dicom"}
 * with each object as stored (its transfer syntax named in its part), and their {@code metadata}.
 * Bodies are streamed from the files, never held whole. Faults apply as on the DIMSE side: result
 * cap, delay, bandwidth, 503 beyond max-associations concurrent requests, the connection cut after
 * the k-th instance, and dropped instances.
 *
 * <p>Thread-safe.
 */
final class DicomWebService {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebService.class);
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    private static final DicomJson JSON = DicomJson.standard();
    private static final int CHUNK = 64 << 10;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** What QIDO-RS returns by default per level (PS3.18 table 10.6.3-3, those an archive holds). */
    private static final int[] STUDY_DEFAULTS = {Tag.SpecificCharacterSet, Tag.StudyDate, Tag.StudyTime,
            Tag.AccessionNumber, Tag.InstanceAvailability, Tag.ModalitiesInStudy, Tag.ReferringPhysicianName,
            Tag.RetrieveAETitle, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
            Tag.StudyInstanceUID, Tag.StudyID, Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances};
    private static final int[] SERIES_DEFAULTS = {Tag.SpecificCharacterSet, Tag.Modality, Tag.SeriesDescription,
            Tag.SeriesInstanceUID, Tag.SeriesNumber, Tag.NumberOfSeriesRelatedInstances, Tag.StudyInstanceUID};
    private static final int[] INSTANCE_DEFAULTS = {Tag.SpecificCharacterSet, Tag.SOPClassUID, Tag.SOPInstanceUID,
            Tag.InstanceAvailability, Tag.InstanceNumber, Tag.Rows, Tag.Columns, Tag.BitsAllocated,
            Tag.NumberOfFrames, Tag.StudyInstanceUID, Tag.SeriesInstanceUID};

    private final QueryEngine engine;
    private final ArchiveIndex index;
    private final FaultState faults;
    private final Counters counters;
    private final AtomicInteger inFlight = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;

    /** Thrown to cut a connection mid-body: the HTTP server closes it without ending the body. */
    private static final class CutConnection extends IOException {
        private static final long serialVersionUID = 1L;

        CutConnection() {
            super("connection cut by the simulator (abort-after)");
        }
    }

    DicomWebService(QueryEngine engine, ArchiveIndex index, FaultState faults, Counters counters) {
        this.engine = engine;
        this.index = index;
        this.faults = faults;
        this.counters = counters;
    }

    void start(InetAddress host, int port) throws IOException {
        // The JDK's server leaves Nagle's algorithm on unless told once, before its first use: with
        // it, each small write of a response waits for the client's delayed ACK (40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "ferry-sim-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/dicom-web/", this::handle);
        server.start();
    }

    /** The service root, ending with {@code /}. */
    URI base() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/dicom-web/");
    }

    void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        try {
            int max = faults.get().maxAssociations();
            if (max > 0 && now > max) {
                counters.httpRejected.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                empty(ex, 503);
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                empty(ex, 405);
                return;
            }
            route(ex);
        } catch (CutConnection e) {
            counters.connectionsCut.incrementAndGet();
            throw e; // not closed: the server drops the connection with the body unfinished
        } catch (IOException e) {
            LOG.debug("DICOMweb request failed: {}", e.toString());
            ex.close();
            return;
        } catch (RuntimeException e) {
            LOG.warn("DICOMweb request failed: {}", e.getClass().getSimpleName());
            try {
                empty(ex, 500);
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
            return;
        } finally {
            inFlight.decrementAndGet();
        }
        ex.close();
    }

    private void route(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath().substring("/dicom-web/".length());
        List<String> s = new ArrayList<>();
        for (String seg : raw.split("/")) {
            if (!seg.isEmpty()) {
                s.add(URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        int n = s.size();
        boolean metadata = n > 0 && s.get(n - 1).equals("metadata");
        if (metadata) {
            s = s.subList(0, n - 1);
            n--;
        }
        String first = n > 0 ? s.get(0) : "";
        if (!metadata && n == 1 && List.of("studies", "series", "instances").contains(first)) {
            qido(ex, first.equals("studies") ? "STUDY" : first.equals("series") ? "SERIES" : "IMAGE", null, null);
        } else if (!metadata && n == 3 && first.equals("studies") && s.get(2).equals("series")) {
            qido(ex, "SERIES", s.get(1), null);
        } else if (!metadata && n == 3 && first.equals("studies") && s.get(2).equals("instances")) {
            qido(ex, "IMAGE", s.get(1), null);
        } else if (!metadata && n == 5 && first.equals("studies") && s.get(2).equals("series")
                && s.get(4).equals("instances")) {
            qido(ex, "IMAGE", s.get(1), s.get(3));
        } else if (n == 2 && first.equals("studies")) {
            wado(ex, metadata, s.get(1), null, null);
        } else if (n == 4 && first.equals("studies") && s.get(2).equals("series")) {
            wado(ex, metadata, s.get(1), s.get(3), null);
        } else if (n == 6 && first.equals("studies") && s.get(2).equals("series") && s.get(4).equals("instances")) {
            wado(ex, metadata, s.get(1), s.get(3), s.get(5));
        } else {
            empty(ex, 404);
        }
    }

    // ------------------------------------------------------------------------------------- QIDO-RS

    private void qido(HttpExchange ex, String level, String study, String series) throws IOException {
        counters.qidoRequests.incrementAndGet();
        faults.delay();
        Dataset keys = new Dataset();
        for (int tag : level.equals("STUDY") ? STUDY_DEFAULTS : level.equals("SERIES") ? SERIES_DEFAULTS
                : INSTANCE_DEFAULTS) {
            keys.setEmpty(tag, DICTIONARY.vrOf(tag));
        }
        int limit = Integer.MAX_VALUE;
        int offset = 0;
        String query = ex.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            try {
                switch (name) {
                    case "limit" -> limit = Math.max(0, Integer.parseInt(value));
                    case "offset" -> offset = Math.max(0, Integer.parseInt(value));
                    case "fuzzymatching" -> { } // ignored, as many archives do
                    case "includefield" -> {
                        for (String field : value.split(",")) {
                            if (!field.isBlank() && !field.strip().equals("all")) {
                                int tag = Tags.parse(field);
                                if (!keys.contains(tag)) {
                                    keys.setEmpty(tag, DICTIONARY.vrOf(tag));
                                }
                            }
                        }
                    }
                    default -> {
                        int tag = Tags.parse(name);
                        VR vr = DICTIONARY.vrOf(tag);
                        if (vr.isText()) {
                            keys.setString(tag, vr, value);
                        } else if (!keys.contains(tag)) {
                            keys.setEmpty(tag, vr);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                empty(ex, 400);
                return;
            }
        }
        if (study != null) {
            keys.setString(Tag.StudyInstanceUID, VR.UI, study);
        }
        if (series != null) {
            keys.setString(Tag.SeriesInstanceUID, VR.UI, series);
        }
        if (!level.equals("STUDY") && !keys.contains(Tag.StudyInstanceUID)) {
            keys.setEmpty(Tag.StudyInstanceUID, VR.UI);
        }
        // Streamed as the engine finds them: a search without a limit never builds its answer in memory.
        ex.getResponseHeaders().add("Content-Type", "application/dicom+json");
        ex.sendResponseHeaders(200, 0);
        int[] skipped = {0};
        int[] written = {0};
        int skip = offset;
        int max = limit;
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), CHUNK)) {
            out.write('[');
            try {
                engine.find(keys, level, faults.get().findCap(), ds -> {
                    if (skipped[0] < skip) {
                        skipped[0]++;
                        return true;
                    }
                    if (written[0] >= max) {
                        return false;
                    }
                    try {
                        if (written[0]++ > 0) {
                            out.write(',');
                        }
                        JSON.write(ds, unflushed(out));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.write(']');
        }
    }

    // ------------------------------------------------------------------------------------- WADO-RS

    private void wado(HttpExchange ex, boolean metadata, String study, String series, String sop) throws IOException {
        counters.wadoRequests.incrementAndGet();
        faults.delay();
        Dataset keys = new Dataset();
        keys.setString(Tag.StudyInstanceUID, VR.UI, study);
        if (series != null) {
            keys.setString(Tag.SeriesInstanceUID, VR.UI, series);
        }
        if (sop != null) {
            keys.setString(Tag.SOPInstanceUID, VR.UI, sop);
        }
        List<IndexedInstance> found = engine.locate(keys);
        if (found.isEmpty()) {
            empty(ex, 404);
            return;
        }
        if (metadata) {
            ex.getResponseHeaders().add("Content-Type", "application/dicom+json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), CHUNK)) {
                out.write('[');
                for (int i = 0; i < found.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    JSON.write(found.get(i).header(), unflushed(out));
                }
                out.write(']');
            }
            return;
        }
        Faults f = faults.get();
        List<IndexedInstance> sent = new ArrayList<>(found.size());
        for (IndexedInstance i : found) {
            if (f.drops(i.sopUid())) {
                counters.instancesDropped.incrementAndGet();
            } else {
                sent.add(i);
            }
        }
        String boundary = "ferry-sim-" + Long.toHexString(System.nanoTime());
        ex.getResponseHeaders().add("Content-Type", "multipart/related; type=\"application/dicom\"; boundary="
                + boundary);
        ex.sendResponseHeaders(200, 0);
        OutputStream out = new BufferedOutputStream(ex.getResponseBody(), CHUNK);
        byte[] buf = new byte[CHUNK];
        for (IndexedInstance i : sent) {
            out.write(("--" + boundary + "\r\nContent-Type: application/dicom; transfer-syntax="
                    + i.transferSyntaxUid() + "\r\nContent-Length: " + i.size() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long bytes = 0;
            try (InputStream in = Files.newInputStream(i.file())) {
                for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                    faults.throttle(r);
                    out.write(buf, 0, r);
                    bytes += r;
                }
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            counters.instancesSent.incrementAndGet();
            counters.bytesSent.addAndGet(bytes);
            if (faults.sentAndAbort()) {
                out.flush();
                LOG.info("WADO-RS of study {}: cutting the connection after an instance (abort-after)", study);
                throw new CutConnection();
            }
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        out.close();
    }

    /** {@code out} without its flush: the JSON writer flushes after each object, which would send a chunk each. */
    private static OutputStream unflushed(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() {
                // the response is flushed when it ends
            }

            @Override
            public void close() {
                // the response is closed by its handler
            }
        };
    }

    private static void empty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }
}
