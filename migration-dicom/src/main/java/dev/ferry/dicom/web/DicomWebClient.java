package dev.ferry.dicom.web;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.dicom.json.DicomJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOMweb client (PS3.18) on {@code java.net.http}: QIDO-RS searches (section 10.6), WADO-RS
 * retrieval of instances (10.4) and STOW-RS stores (10.5), over HTTP/1.1 with Basic or bearer
 * authentication and TLS.
 *
 * <ul>
 *   <li>Searches page with {@code limit} and {@code offset}: a page as long as the limit (or a
 *       Warning that more results exist) asks for the next. A server that ignores {@code offset}
 *       answers a later page with the first page again; that is detected and is an error, never an
 *       endless loop nor a silently short list.
 *   <li>Retrievals ask for {@code multipart/related; type="application/dicom"; transfer-syntax=*}
 *       (objects as stored) and hand each part to the consumer as it streams, through a bounded
 *       buffer.
 *   <li>Stores stream a {@code multipart/related} body from files or streams.
 * </ul>
 *
 * <p>Failures: 401 and 403 are {@link PermanentMigrationException} ({@link ReasonCode#REFUSED});
 * 408, 429, 503 and other 5xx are {@link dev.ferry.api.TransientMigrationException} (busy or timeout,
 * with the server's Retry-After in the message); 404 on a study, series or instance means "not
 * there" (empty results, {@code false}); transport failures and timeouts are {@link IOException}.
 * Redirects are not followed, so credentials never go to another host.
 *
 * <p>Thread-safe: requests from many threads share the connections, at most
 * {@link AbstractDicomWebBuilder#maxConnections(int)} at once (more callers wait). Closing it stops
 * its threads; requests under way fail.
 */
public final class DicomWebClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomWebClient.class);
    private static final String DICOM_JSON = "application/dicom+json";
    /** Objects as the server stores them: no transcoding on the way (PS3.18 8.7.3.5.2). */
    private static final String ACCEPT_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** What the builders hand over. */
    record Settings(URI baseUri, String basicAuthorization, Supplier<String> bearerToken, SSLContext sslContext,
                    Duration connectTimeout, Duration requestTimeout, Duration readTimeout, String userAgent,
                    int maxConnections, int pageSize, long maxResponseBytes, int maxPartHeaderBytes) {}

    private final Settings settings;
    private final URI base;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore permits;
    private final DicomJson json = DicomJson.standard();
    private volatile boolean closed;

    DicomWebClient(Settings settings) {
        this.settings = settings;
        this.base = settings.baseUri();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ferry-dicomweb-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder()
                // HTTP/1.1: many PACS web front ends (Orthanc's among them) mishandle the h2c upgrade.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .executor(executor);
        if (settings.sslContext() != null) {
            b.sslContext(settings.sslContext());
        }
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"}); // BCP 195
        b.sslParameters(tls);
        this.http = b.build();
        this.permits = new Semaphore(settings.maxConnections(), true);
        boolean credentials = settings.basicAuthorization() != null || settings.bearerToken() != null;
        if (credentials && "http".equals(base.getScheme()) && !isLoopback(base.getHost())) {
            LOG.warn("credentials will be sent without TLS to {}; use https", base);
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** A builder for a client of the service at {@code baseUri}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Options of a {@link DicomWebClient}; see {@link AbstractDicomWebBuilder}. Not thread-safe. */
    public static final class Builder extends AbstractDicomWebBuilder<Builder> {
        private Builder(URI baseUri) {
            super(baseUri);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public DicomWebClient build() {
            return buildClient();
        }
    }

    /** The service root, without credentials, ending with {@code /}. */
    public URI baseUri() {
        return base;
    }

    // ---------------------------------------------------------------------------------------------
    // QIDO-RS

    /**
     * Searches for studies ({@code GET studies}), all pages, handing each result to {@code each} on
     * this thread, page by page: each page (at most {@code maxResponseBytes} of JSON) is read whole
     * and its connection given back before its results are handed over, so {@code each} may make
     * requests of its own. An exception from {@code each} stops the search and propagates.
     *
     * @return how many results were handed over
     * @throws PermanentMigrationException if the server ignores {@code offset} so its results cannot
     *     all be listed
     */
    public long searchForStudies(QidoQuery query, Consumer<? super Dataset> each) throws IOException {
        return search("studies", query, Tag.StudyInstanceUID, ItemRef.NONE, false, each);
    }

    /** Searches for the series of a study ({@code GET studies/{uid}/series}); none if the study is unknown. */
    public long searchForSeries(String studyUid, QidoQuery query, Consumer<? super Dataset> each)
            throws IOException {
        return search(path("studies", studyUid, "series"), query, Tag.SeriesInstanceUID, ItemRef.study(studyUid),
                true, each);
    }

    /**
     * Searches for the instances of a series ({@code GET studies/{uid}/series/{uid}/instances}), or of
     * a whole study when {@code seriesUid} is {@code null}; none if the study or series is unknown.
     */
    public long searchForInstances(String studyUid, String seriesUid, QidoQuery query,
                                   Consumer<? super Dataset> each) throws IOException {
        String path = seriesUid == null ? path("studies", studyUid, "instances")
                : path("studies", studyUid, "series", seriesUid, "instances");
        return search(path, query, Tag.SOPInstanceUID, new ItemRef(studyUid, seriesUid, null), true, each);
    }

    private long search(String path, QidoQuery query, int keyTag, ItemRef item, boolean scoped,
                        Consumer<? super Dataset> each) throws IOException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(each, "each");
        int limit = settings.pageSize();
        String fixed = query.queryString();
        Set<String> pageStarts = new HashSet<>();
        long offset = 0;
        long total = 0;
        while (true) {
            String q = (fixed.isEmpty() ? "" : fixed + "&") + "limit=" + limit + "&offset=" + offset;
            HttpRequest request = request(base.resolve(path + "?" + q), settings.requestTimeout())
                    .header("Accept", DICOM_JSON).GET().build();
            String what = "GET " + path;
            List<Dataset> page = new ArrayList<>();
            boolean moreAnnounced;
            HttpResponse<InputStream> response = send(request, what);
            try (InputStream in = response.body()) {
                int status = response.statusCode();
                if (status == 204 || (status == 404 && scoped)) {
                    return total;
                }
                if (status != 200) {
                    throw HttpErrors.of(status, response.headers(), what, item);
                }
                expectJson(response, what, item);
                json.readArray(limited(in, what), page::add);
                moreAnnounced = response.headers().allValues("warning").stream()
                        .anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("additional results"));
            }
            // The connection is free again before the results are handed over: a consumer may search too.
            if (!page.isEmpty()) {
                String key = page.get(0).getString(keyTag);
                if (key != null && !pageStarts.add(key)) {
                    throw new PermanentMigrationException(ReasonCode.REFUSED, item, "the server ignores QIDO-RS"
                            + " offset: the page at offset " + offset + " of " + what + " starts with the result"
                            + " an earlier page started with, so its results cannot all be listed");
                }
            }
            for (Dataset ds : page) {
                each.accept(ds);
            }
            int count = page.size();
            total += count;
            if (count > limit) {
                LOG.debug("{} returned {} results for a limit of {}: taken as all of them", what, count, limit);
                return total;
            }
            if (count == 0 || (count < limit && !moreAnnounced)) {
                return total;
            }
            offset += count;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // WADO-RS

    /**
     * Retrieves a study's instances as stored ({@code GET studies/{uid}}), handing each part to
     * {@code each} as it streams.
     *
     * @return false if the server does not hold the study (404)
     */
    public boolean retrieveStudy(String studyUid, PartConsumer each) throws IOException {
        return retrieve(path("studies", studyUid), ItemRef.study(studyUid), each);
    }

    /** Retrieves a series' instances as stored; false if the server does not hold it (404). */
    public boolean retrieveSeries(String studyUid, String seriesUid, PartConsumer each) throws IOException {
        return retrieve(path("studies", studyUid, "series", seriesUid), new ItemRef(studyUid, seriesUid, null), each);
    }

    /** Retrieves one instance as stored; false if the server does not hold it (404). */
    public boolean retrieveInstance(String studyUid, String seriesUid, String sopInstanceUid, PartConsumer each)
            throws IOException {
        return retrieve(path("studies", studyUid, "series", seriesUid, "instances", sopInstanceUid),
                ItemRef.instance(studyUid, seriesUid, sopInstanceUid), each);
    }

    private boolean retrieve(String path, ItemRef item, PartConsumer each) throws IOException {
        Objects.requireNonNull(each, "each");
        HttpRequest request = request(base.resolve(path), settings.requestTimeout())
                .header("Accept", ACCEPT_DICOM).GET().build();
        String what = "GET " + path;
        HttpResponse<InputStream> response = send(request, what);
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status == 404) {
                return false;
            }
            if (status == 204) {
                return true;
            }
            if (status != 200 && status != 206) {
                throw HttpErrors.of(status, response.headers(), what, item);
            }
            String header = response.headers().firstValue("content-type").orElse(null);
            MediaType type = MediaType.parse(header);
            if (type.is("multipart/related")) {
                MultipartReader reader = new MultipartReader(in, type.parameter("boundary"),
                        settings.maxPartHeaderBytes());
                for (MultipartPart part = reader.next(); part != null; part = reader.next()) {
                    each.accept(part);
                }
            } else if (type.is("application/dicom")) {
                each.accept(new MultipartPart(1, Map.of("content-type", header), in));
            } else {
                throw new PermanentMigrationException(ReasonCode.REFUSED, item, "unexpected Content-Type "
                        + (type.type().isEmpty() ? "(none)" : type.type()) + " from " + what);
            }
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // STOW-RS

    /**
     * Stores Part 10 objects in one request ({@code POST studies}), its body streamed from the parts.
     * A 409 (or 400) answer with a response body is a partial failure, returned like a success: the
     * response says which instances failed and why.
     *
     * @throws PermanentMigrationException or {@link dev.ferry.api.TransientMigrationException} for an
     *     HTTP error without a STOW-RS response body
     */
    public StowResponse store(List<StowPart> parts) throws IOException {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts to store");
        }
        MultipartBody body = new MultipartBody(parts);
        long length = body.length();
        Duration timeout = settings.requestTimeout().plusSeconds(Math.max(0, length) >> 20);
        HttpRequest request = request(base.resolve("studies"), timeout)
                .header("Content-Type", body.contentType())
                .header("Accept", DICOM_JSON)
                .POST(body.publisher())
                .build();
        String what = "POST studies (" + parts.size() + " instances)";
        HttpResponse<InputStream> response = send(request, what);
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            boolean partial = status == 409 || status == 400;
            if (status != 200 && status != 202 && !partial) {
                throw HttpErrors.of(status, response.headers(), what, ItemRef.NONE);
            }
            PushbackInputStream peek = new PushbackInputStream(limited(in, what), 1);
            int first = peek.read();
            if (first < 0) {
                if (partial) {
                    throw HttpErrors.of(status, response.headers(), what, ItemRef.NONE);
                }
                return new StowResponse(status, List.of(), List.of());
            }
            peek.unread(first);
            Dataset ds;
            try {
                ds = json.read(peek);
            } catch (IOException e) {
                if (partial) {
                    throw HttpErrors.of(status, response.headers(), what, ItemRef.NONE);
                }
                throw new IOException("the STOW-RS response to " + what + " is not a DICOM JSON object: "
                        + e.getMessage(), e);
            }
            return stowResponse(status, ds);
        }
    }

    private static StowResponse stowResponse(int status, Dataset ds) {
        List<StowResponse.Stored> stored = new ArrayList<>();
        List<StowResponse.Failed> failed = new ArrayList<>();
        Dataset.Sequence referenced = ds.getSequence(Tag.ReferencedSOPSequence);
        if (referenced != null) {
            for (Dataset item : referenced) {
                String sop = item.getString(Tag.ReferencedSOPInstanceUID);
                if (sop != null && !sop.isBlank()) {
                    stored.add(new StowResponse.Stored(item.getString(Tag.ReferencedSOPClassUID), sop.strip(),
                            code(item, Tag.WarningReason)));
                }
            }
        }
        Dataset.Sequence failures = ds.getSequence(Tag.FailedSOPSequence);
        if (failures != null) {
            for (Dataset item : failures) {
                String sop = item.getString(Tag.ReferencedSOPInstanceUID);
                if (sop != null && !sop.isBlank()) {
                    failed.add(new StowResponse.Failed(item.getString(Tag.ReferencedSOPClassUID), sop.strip(),
                            code(item, Tag.FailureReason)));
                }
            }
        }
        return new StowResponse(status, stored, failed);
    }

    /** A US reason code, or {@code null} if absent; a value that is no number counts as 0xFFFF. */
    private static Integer code(Dataset item, int tag) {
        if (!item.contains(tag)) {
            return null;
        }
        try {
            long[] v = item.getLongs(tag);
            return v.length == 0 ? null : (int) (v[0] & 0xFFFF);
        } catch (InvalidValueException e) {
            return 0xFFFF;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", settings.userAgent());
        if (settings.basicAuthorization() != null) {
            b.header("Authorization", settings.basicAuthorization());
        } else if (settings.bearerToken() != null) {
            String token = settings.bearerToken().get();
            if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
                throw new ConfigurationException("bearerToken: the token supplier gave no usable token");
            }
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /**
     * Sends a request once a connection permit is free; the permit is given back when the response
     * body is read to its end or closed. The caller closes the body.
     */
    private HttpResponse<InputStream> send(HttpRequest request, String what) throws IOException {
        if (closed) {
            throw new IOException("the DICOMweb client of " + base + " is closed");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a connection for " + what);
        }
        ResponseBody body = new ResponseBody(settings.readTimeout(), permits::release, what);
        try {
            return http.send(request, info -> body);
        } catch (InterruptedException e) {
            body.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + what);
        } catch (HttpTimeoutException e) {
            body.close();
            throw new HttpTimeoutException(what + " timed out: " + e.getMessage());
        } catch (IOException e) {
            body.close();
            throw new IOException(what + " to " + base + " failed: " + e, e);
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    private void expectJson(HttpResponse<?> response, String what, ItemRef item) {
        MediaType type = MediaType.parse(response.headers().firstValue("content-type").orElse(null));
        if (!type.type().isEmpty() && !type.type().contains("json")) {
            throw new PermanentMigrationException(ReasonCode.REFUSED, item, "unexpected Content-Type " + type.type()
                    + " from " + what + " (a QIDO-RS answer is " + DICOM_JSON + ")");
        }
    }

    private InputStream limited(InputStream in, String what) {
        return new LimitedInputStream(in, settings.maxResponseBytes(), "the response of " + what);
    }

    /** {@code studies/1.2.3/series}: segments percent-encoded, so a UID cannot change the path. */
    private static String path(String... segments) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            Objects.requireNonNull(s, "UID");
            sb.append(sb.length() == 0 ? "" : "/").append(PercentEncoding.encode(s.strip()));
        }
        return sb.toString();
    }

    /** Stops the client's threads; requests under way fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "DicomWebClient[" + base + "]";
    }
}
