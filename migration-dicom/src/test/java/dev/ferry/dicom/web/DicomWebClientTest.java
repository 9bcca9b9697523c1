package dev.ferry.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Dataset;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.dicom.web.ScriptedServer.Request;
import dev.ferry.dicom.web.ScriptedServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DicomWebClientTest {
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeLater);
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    private ScriptedServer server(ScriptedServer.Script script) throws IOException {
        ScriptedServer s = new ScriptedServer(script);
        closeLater.add(s);
        return s;
    }

    private DicomWebClient client(DicomWebClient.Builder b) {
        DicomWebClient c = b.build();
        closeLater.add(c);
        return c;
    }

    private static Dataset study(int n) {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.1." + n);
        return ds;
    }

    /** A server holding {@code total} studies that pages as asked. */
    private static Response pages(Request r, int total) {
        int limit = Integer.parseInt(r.param("limit"));
        int offset = Integer.parseInt(r.param("offset"));
        List<Dataset> page = new ArrayList<>();
        for (int k = offset; k < Math.min(total, offset + limit); k++) {
            page.add(study(k));
        }
        return Response.json(page);
    }

    private static Request withLimit(Request r, int limit) {
        java.util.Map<String, List<String>> q = new java.util.LinkedHashMap<>(r.query());
        q.put("limit", List.of(String.valueOf(limit)));
        return new Request(r.method(), r.path(), q, r.headers(), r.body());
    }

    private static List<String> uids(List<Dataset> ds) {
        return ds.stream().map(d -> d.getString(Tag.StudyInstanceUID)).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // QIDO-RS paging

    @Test
    void pagesUntilAPageIsShorterThanTheLimit() throws IOException {
        ScriptedServer s = server(r -> pages(r, 7));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).pageSize(3));
        List<Dataset> found = new ArrayList<>();
        QidoQuery q = QidoQuery.builder().match(Tag.PatientID, "MRN 1&2").includeField(Tag.ModalitiesInStudy).build();
        assertThat(c.searchForStudies(q, found::add)).isEqualTo(7);
        assertThat(uids(found)).doesNotHaveDuplicates().hasSize(7);
        assertThat(s.requests()).extracting(r -> r.param("offset")).containsExactly("0", "3", "6");
        Request first = s.requests().get(0);
        assertThat(first.path()).isEqualTo("studies");
        assertThat(first.param("00100020")).as("a value with a space and an ampersand").isEqualTo("MRN 1&2");
        assertThat(first.param("includefield")).isEqualTo("00080061");
        assertThat(first.param("limit")).isEqualTo("3");
        assertThat(first.header("Accept")).isEqualTo("application/dicom+json");
    }

    @Test
    void aPageExactlyAsLongAsTheLimitAsksForTheNext() throws IOException {
        ScriptedServer s = server(r -> pages(r, 6));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).pageSize(3));
        List<Dataset> found = new ArrayList<>();
        c.searchForStudies(QidoQuery.ALL, found::add);
        assertThat(found).hasSize(6);
        assertThat(s.requests()).extracting(r -> r.param("offset")).containsExactly("0", "3", "6");
    }

    @Test
    void aServerThatIgnoresOffsetIsAnErrorNotALoop() throws IOException {
        ScriptedServer s = server(r -> Response.json(List.of(study(0), study(1), study(2))));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).pageSize(3));
        List<Dataset> found = new ArrayList<>();
        assertThatThrownBy(() -> c.searchForStudies(QidoQuery.builder().match(Tag.PatientID, "SECRET-ID").build(),
                found::add))
                .isInstanceOf(PermanentMigrationException.class)
                .hasMessageContaining("ignores QIDO-RS offset")
                .hasMessageNotContaining("SECRET-ID");
        assertThat(s.requests()).hasSize(2);
        assertThat(found).as("results handed over before the repeat was seen").hasSize(3);
    }

    @Test
    void aServerThatIgnoresTheLimitGivesEverythingInOnePage() throws IOException {
        ScriptedServer s = server(r -> pages(r.param("offset").equals("0") ? withLimit(r, 100) : r, 5));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).pageSize(2));
        List<Dataset> found = new ArrayList<>();
        c.searchForStudies(QidoQuery.ALL, found::add);
        assertThat(found).hasSize(5);
        assertThat(s.requests()).hasSize(1);
    }

    @Test
    void aShortPageWithAWarningOfMoreResultsAsksForTheNext() throws IOException {
        // A server capping pages at 2 whatever the limit, saying so in a Warning (PS3.18 8.3.4.4).
        ScriptedServer s = server(r -> {
            Response page = pages(withLimit(r, 2), 5);
            int offset = Integer.parseInt(r.param("offset"));
            return offset + 2 < 5 ? page.header("Warning", "299 example: There are additional results that can be"
                    + " requested") : page;
        });
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).pageSize(10));
        List<Dataset> found = new ArrayList<>();
        c.searchForStudies(QidoQuery.ALL, found::add);
        assertThat(uids(found)).doesNotHaveDuplicates().hasSize(5);
    }

    @Test
    void noContentAndUnknownStudyAreEmptyResults() throws IOException {
        ScriptedServer s = server(r -> Response.status(r.path().equals("studies") ? 204 : 404));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        assertThat(c.searchForStudies(QidoQuery.ALL, d -> { })).isZero();
        assertThat(c.searchForSeries("1.2.3", QidoQuery.ALL, d -> { })).isZero();
        assertThat(c.searchForInstances("1.2.3", "1.2.3.4", QidoQuery.ALL, d -> { })).isZero();
        assertThat(s.requests().get(2).path()).isEqualTo("studies/1.2.3/series/1.2.3.4/instances");
    }

    @Test
    void aConsumerMaySearchFromInsideASearchWithOneConnection() throws IOException {
        ScriptedServer s = server(r -> pages(r, 3));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).maxConnections(1));
        AtomicInteger inner = new AtomicInteger();
        c.searchForStudies(QidoQuery.ALL, d -> {
            try {
                c.searchForSeries(d.getString(Tag.StudyInstanceUID), QidoQuery.ALL, x -> inner.incrementAndGet());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(s.requests()).hasSize(4);
    }

    // ---------------------------------------------------------------------------------------------
    // authentication and headers

    @Test
    void sendsBasicAuthentication() throws IOException {
        ScriptedServer s = server(r -> Response.json(List.of()));
        client(DicomWebClient.builder(s.uri()).basicAuth("ferry", "s3cret:x".toCharArray()).userAgent("Test/1"))
                .searchForStudies(QidoQuery.ALL, d -> { });
        Request r = s.requests().get(0);
        assertThat(r.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("ferry:s3cret:x".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.header("User-Agent")).isEqualTo("Test/1");
    }

    @Test
    void credentialsInTheUriBecomeBasicAuthenticationAndLeaveTheUri() throws IOException {
        ScriptedServer s = server(r -> Response.json(List.of()));
        URI withCredentials = URI.create(s.uri().toString().replace("http://", "http://user:p%40ss@"));
        DicomWebClient c = client(DicomWebClient.builder(withCredentials));
        c.searchForStudies(QidoQuery.ALL, d -> { });
        assertThat(c.baseUri().toString()).doesNotContain("user").doesNotContain("p%40ss").endsWith("/dicom-web/");
        assertThat(s.requests().get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("user:p@ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void asksTheTokenSupplierForEachRequest() throws IOException {
        ScriptedServer s = server(r -> Response.json(List.of()));
        AtomicInteger refreshes = new AtomicInteger();
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).bearerToken(() -> "token-" + refreshes.incrementAndGet()));
        c.searchForStudies(QidoQuery.ALL, d -> { });
        c.searchForStudies(QidoQuery.ALL, d -> { });
        assertThat(s.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    // ---------------------------------------------------------------------------------------------
    // error mapping

    @Test
    void unauthorizedAndForbiddenAreRefused() throws IOException {
        for (int status : new int[] {401, 403}) {
            ScriptedServer s = server(r -> Response.status(status));
            DicomWebClient c = client(DicomWebClient.builder(s.uri()));
            assertThatThrownBy(() -> c.searchForStudies(QidoQuery.builder().match(Tag.PatientID, "SECRET").build(),
                    d -> { }))
                    .isInstanceOfSatisfying(PermanentMigrationException.class,
                            e -> assertThat(e.reason()).isEqualTo(ReasonCode.REFUSED))
                    .hasMessageContaining("HTTP " + status)
                    .hasMessageNotContaining("SECRET");
        }
    }

    @Test
    void busyAndTimeoutStatusesAreTransientWithRetryAfter() throws IOException {
        int[][] cases = {{429, 0}, {503, 0}, {408, 1}, {504, 1}, {500, 0}};
        for (int[] c : cases) {
            ScriptedServer s = server(r -> Response.status(c[0]).header("Retry-After", "30"));
            DicomWebClient client = client(DicomWebClient.builder(s.uri()));
            assertThatThrownBy(() -> client.retrieveStudy("1.2.3", p -> { }))
                    .isInstanceOfSatisfying(TransientMigrationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(c[1] == 1 ? ReasonCode.TIMEOUT : ReasonCode.PEER_BUSY);
                        assertThat(e.item().studyInstanceUid()).isEqualTo("1.2.3");
                    })
                    .hasMessageContaining("HTTP " + c[0])
                    .hasMessageContaining("Retry-After: 30");
        }
    }

    @Test
    void notFoundOnAStudyIsAbsenceButOnTheServiceAConfigurationError() throws IOException {
        ScriptedServer s = server(r -> Response.status(404));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        assertThat(c.retrieveStudy("1.2.3", p -> { })).isFalse();
        assertThat(c.retrieveInstance("1.2.3", "1.2.3.4", "1.2.3.4.5", p -> { })).isFalse();
        assertThatThrownBy(() -> c.searchForStudies(QidoQuery.ALL, d -> { }))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void redirectsAreNotFollowed() throws IOException {
        ScriptedServer s = server(r -> Response.status(302).header("Location", "http://user:pw@elsewhere/x?PatientID=1"));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        assertThatThrownBy(() -> c.searchForStudies(QidoQuery.ALL, d -> { }))
                .isInstanceOf(PermanentMigrationException.class)
                .hasMessageContaining("http://elsewhere/x")
                .hasMessageNotContaining("pw")
                .hasMessageNotContaining("PatientID");
        assertThat(s.requests()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsAnIOException() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DicomWebClient c = client(DicomWebClient.builder(URI.create("http://127.0.0.1:" + port + "/dicom-web")));
        assertThatThrownBy(() -> c.searchForStudies(QidoQuery.ALL, d -> { }))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(dev.ferry.api.MigrationException.class);
    }

    @Test
    void aBodyThatStopsComingTimesOut() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedServer s = server(r -> Response.status(200)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b")
                .streamed(out -> {
                    out.write("--b\r\n\r\nstart of an object".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).readTimeout(Duration.ofMillis(300)));
        try {
            assertThatThrownBy(() -> c.retrieveStudy("1.2.3", p -> p.body().readAllBytes()))
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessageContaining("GET studies/1.2.3");
        } finally {
            release.countDown();
        }
    }

    @Test
    void maxConnectionsBoundsConcurrentRequests() throws Exception {
        ScriptedServer s = server(r -> {
            Thread.sleep(100);
            return Response.json(List.of());
        });
        DicomWebClient c = client(DicomWebClient.builder(s.uri()).maxConnections(2));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                futures.add(pool.submit(() -> c.searchForStudies(QidoQuery.ALL, d -> { })));
            }
            for (Future<Long> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.maxInFlight()).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------
    // WADO-RS and STOW-RS

    @Test
    void retrievesPartsAsStoredWithTheAcceptHeader() throws IOException {
        ScriptedServer s = server(r -> Response.multipart("xyz", List.of("one".getBytes(StandardCharsets.US_ASCII),
                "two".getBytes(StandardCharsets.US_ASCII))));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        List<String> parts = new ArrayList<>();
        assertThat(c.retrieveSeries("1.2.3", "1.2.3.4", p -> parts.add(new String(p.body().readAllBytes(),
                StandardCharsets.US_ASCII)))).isTrue();
        assertThat(parts).containsExactly("one", "two");
        Request r = s.requests().get(0);
        assertThat(r.path()).isEqualTo("studies/1.2.3/series/1.2.3.4");
        assertThat(r.header("Accept")).isEqualTo("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
    }

    @Test
    void anHtmlAnswerToARetrieveIsRefused() throws IOException {
        ScriptedServer s = server(r -> Response.status(200).header("Content-Type", "text/html")
                .body("<html>".getBytes(StandardCharsets.US_ASCII)));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        assertThatThrownBy(() -> c.retrieveStudy("1.2.3", p -> { })).isInstanceOf(PermanentMigrationException.class)
                .hasMessageContaining("text/html");
    }

    @Test
    void storesAStreamedMultipartBodyAndReadsTheResponse() throws IOException {
        Dataset answer = new Dataset();
        Dataset.Sequence ok = answer.newSequence(Tag.ReferencedSOPSequence);
        Dataset item = ok.addItem();
        item.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.1");
        item.setInts(Tag.WarningReason, VR.US, 0xB000);
        Dataset failed = answer.newSequence(Tag.FailedSOPSequence).addItem();
        failed.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.2");
        failed.setInts(Tag.FailureReason, VR.US, 0xA700);
        ScriptedServer s = server(r -> Response.json(409, answer));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        byte[] a = WebTestObjects.part10("1.2.3", "1.2.3.9", "1.2.3.1", 1000, 1);
        byte[] b = WebTestObjects.part10("1.2.3", "1.2.3.9", "1.2.3.2", 3000, 2);
        StowResponse response = c.store(List.of(StowPart.ofStream(() -> new java.io.ByteArrayInputStream(a), a.length),
                StowPart.ofStream(() -> new java.io.ByteArrayInputStream(b), -1)));
        assertThat(response.httpStatus()).isEqualTo(409);
        assertThat(response.stored()).containsExactly(new StowResponse.Stored("1.2.840.10008.5.1.4.1.1.2", "1.2.3.1",
                0xB000));
        assertThat(response.failed()).containsExactly(new StowResponse.Failed("", "1.2.3.2", 0xA700));

        Request r = s.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("studies");
        MediaType type = MediaType.parse(r.header("Content-Type"));
        assertThat(type.is("multipart/related")).isTrue();
        assertThat(type.parameter("type")).isEqualTo("application/dicom");
        MultipartReader body = new MultipartReader(new java.io.ByteArrayInputStream(r.body()), type.parameter("boundary"),
                1024);
        MultipartPart p1 = body.next();
        assertThat(p1.contentType()).isEqualTo("application/dicom");
        assertThat(p1.contentLength()).isEqualTo(a.length);
        assertThat(p1.body().readAllBytes()).isEqualTo(a);
        assertThat(body.next().body().readAllBytes()).isEqualTo(b);
        assertThat(body.next()).isNull();
    }

    @Test
    void aStoreRefusedWithoutAResponseBodyIsRefused() throws IOException {
        ScriptedServer s = server(r -> Response.status(409));
        DicomWebClient c = client(DicomWebClient.builder(s.uri()));
        byte[] a = WebTestObjects.part10("1.2.3", "1.2.3.9", "1.2.3.1", 10, 1);
        assertThatThrownBy(() -> c.store(List.of(StowPart.ofStream(() -> new java.io.ByteArrayInputStream(a),
                a.length)))).isInstanceOf(PermanentMigrationException.class).hasMessageContaining("HTTP 409");
    }
}
