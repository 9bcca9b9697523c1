package dev.ferry.dicom.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.MigrationException;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StoreResult;
import dev.ferry.api.Tag;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.web.ScriptedServer;
import dev.ferry.dicom.web.ScriptedServer.Request;
import dev.ferry.dicom.web.ScriptedServer.Response;
import dev.ferry.dicom.web.WebTestObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomWebDestinationTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.8.1";
    private static final String SERIES = STUDY + ".1";

    @TempDir
    Path spool;

    private ScriptedServer server;
    private DicomWebDestination destination;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (destination != null) {
            destination.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String sop(int k) {
        return SERIES + "." + k;
    }

    /** The SOP Instance UIDs of the parts of a STOW-RS request. */
    private static List<String> sops(Request r) throws IOException {
        List<String> out = new ArrayList<>();
        for (byte[] part : r.parts()) {
            try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(part), "test")) {
                out.add(o.header().getString(Tag.SOPInstanceUID));
            }
        }
        return out;
    }

    /** A STOW-RS answer: each instance stored, unless {@code verdict} gives a failure reason (or a warning). */
    private static Response answer(Request r, int status, Function<String, int[]> verdict) throws IOException {
        Dataset ds = new Dataset();
        Dataset.Sequence ok = ds.newSequence(Tag.ReferencedSOPSequence);
        Dataset.Sequence failed = ds.newSequence(Tag.FailedSOPSequence);
        for (String sop : sops(r)) {
            int[] v = verdict.apply(sop); // null: stored; {0, w}: warning w; {1, f}: failure f; {2}: not mentioned
            if (v != null && v[0] == 2) {
                continue;
            }
            Dataset item = (v != null && v[0] == 1 ? failed : ok).addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop);
            if (v != null) {
                item.setInts(v[0] == 1 ? Tag.FailureReason : Tag.WarningReason, VR.US, v[1]);
            }
        }
        return Response.json(status, ds);
    }

    private void start(ScriptedServer.Script script, Function<DicomWebDestination.Builder,
            DicomWebDestination.Builder> options) throws IOException {
        server = new ScriptedServer(script);
        destination = options.apply(DicomWebDestination.builder(server.uri()).spoolDirectory(spool)).build();
    }

    private Future<Object> storeAsync(int k, int pixels) {
        return pool.submit(() -> {
            try (DicomInstance i = WebTestObjects.instance(STUDY, SERIES, sop(k), pixels, k)) {
                return destination.store(i);
            } catch (IOException | RuntimeException e) {
                return e;
            }
        });
    }

    private static Object get(Future<Object> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void partialFailureFailsExactlyTheInstancesTheServerNames() throws Exception {
        start(r -> answer(r, 409, sop -> sop.equals(sop(2)) ? new int[] {1, 0xC000}
                : sop.equals(sop(3)) ? new int[] {0, 0xB000} : null),
                b -> b.maxBatchInstances(3).linger(Duration.ofSeconds(10)));
        List<Future<Object>> results = List.of(storeAsync(1, 100), storeAsync(2, 100), storeAsync(3, 100));
        Object first = get(results.get(0));
        Object second = get(results.get(1));
        Object third = get(results.get(2));
        assertThat(first).isEqualTo(StoreResult.stored(sop(1)));
        assertThat(second).isInstanceOfSatisfying(PermanentMigrationException.class, e -> {
            assertThat(e.reason()).isEqualTo(ReasonCode.REFUSED);
            assertThat(e.item().sopInstanceUid()).isEqualTo(sop(2));
            assertThat(e.getMessage()).contains("C000");
        });
        assertThat(third).isInstanceOfSatisfying(StoreResult.class, s -> {
            assertThat(s.status()).isEqualTo(StoreResult.Status.STORED_WITH_WARNING);
            assertThat(s.detail()).isEqualTo("B000: Coercion of Data Elements");
        });
        assertThat(server.requests()).as("one request for the three").hasSize(1);
        assertThat(sops(server.requests().get(0))).containsExactlyInAnyOrder(sop(1), sop(2), sop(3));
        try (var files = Files.list(spool)) {
            assertThat(files).as("spool files left").isEmpty();
        }
    }

    @Test
    void outOfResourcesIsTransientAndAnInstanceNotMentionedIsRefused() throws Exception {
        start(r -> answer(r, 202, sop -> sop.equals(sop(1)) ? new int[] {1, 0xA700}
                : sop.equals(sop(2)) ? new int[] {2} : sop.equals(sop(3)) ? new int[] {1, 0x0111} : null),
                b -> b.maxBatchInstances(3).linger(Duration.ofSeconds(10)));
        List<Future<Object>> results = List.of(storeAsync(1, 10), storeAsync(2, 10), storeAsync(3, 10));
        assertThat(get(results.get(0))).isInstanceOfSatisfying(TransientMigrationException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.PEER_BUSY));
        assertThat(get(results.get(1))).isInstanceOfSatisfying(PermanentMigrationException.class,
                e -> assertThat(e.getMessage()).contains("neither as stored nor as failed"));
        assertThat(get(results.get(2))).isInstanceOfSatisfying(StoreResult.class,
                s -> assertThat(s.status()).isEqualTo(StoreResult.Status.ALREADY_PRESENT));
    }

    @Test
    void aFailedRequestGivesEachCallerItsOwnException() throws Exception {
        start(r -> Response.status(503).header("Retry-After", "5"),
                b -> b.maxBatchInstances(3).linger(Duration.ofSeconds(10)));
        List<Future<Object>> results = List.of(storeAsync(1, 10), storeAsync(2, 10), storeAsync(3, 10));
        Map<Object, Boolean> distinct = new IdentityHashMap<>();
        Set<String> named = new HashSet<>();
        for (Future<Object> f : results) {
            Object o = get(f);
            assertThat(o).isInstanceOf(TransientMigrationException.class);
            distinct.put(o, true);
            named.add(((MigrationException) o).item().sopInstanceUid());
            assertThat(((Throwable) o).getMessage()).contains("HTTP 503").contains("Retry-After: 5");
        }
        assertThat(distinct).hasSize(3);
        assertThat(named).containsExactlyInAnyOrder(sop(1), sop(2), sop(3));
    }

    @Test
    void concurrentCallersShareRequestsOfAtMostTheCount() throws Exception {
        start(r -> answer(r, 200, sop -> null), b -> b.maxBatchInstances(4).linger(Duration.ofMillis(300)));
        List<Future<Object>> results = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            results.add(storeAsync(k, 500));
        }
        for (int k = 0; k < 10; k++) {
            assertThat(get(results.get(k))).isEqualTo(StoreResult.stored(sop(k + 1)));
        }
        List<Integer> sizes = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (Request r : server.requests()) {
            List<String> sops = sops(r);
            sizes.add(sops.size());
            all.addAll(sops);
        }
        assertThat(sizes).allMatch(n -> n <= 4).contains(4);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(all).hasSize(10);
    }

    @Test
    void batchesStayWithinTheByteLimitAndALargeInstanceGoesAlone() throws Exception {
        long limit = 3 * 10_000;
        start(r -> answer(r, 200, sop -> null), b -> b.maxBatchInstances(100).maxBatchBytes(limit)
                .linger(Duration.ofMillis(300)));
        List<Future<Object>> results = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            results.add(storeAsync(k, k == 8 ? 50_000 : 9_000));
        }
        for (Future<Object> f : results) {
            assertThat(get(f)).isInstanceOf(StoreResult.class);
        }
        int parts = 0;
        for (Request r : server.requests()) {
            List<byte[]> p = r.parts();
            parts += p.size();
            long bytes = p.stream().mapToLong(b -> b.length).sum();
            if (p.size() > 1) {
                assertThat(bytes).as("bytes of a request of %d instances", p.size()).isLessThanOrEqualTo(limit);
            }
        }
        assertThat(parts).isEqualTo(8);
        assertThat(server.requests().size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLoneStoreIsSentAfterTheLinger() throws Exception {
        start(r -> answer(r, 200, sop -> null), b -> b.linger(Duration.ofMillis(50)));
        long t0 = System.nanoTime();
        try (DicomInstance i = WebTestObjects.instance(STUDY, SERIES, sop(1), 1000, 1)) {
            assertThat(destination.store(i)).isEqualTo(StoreResult.stored(sop(1)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        byte[] sent = server.requests().get(0).parts().get(0);
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(sent), "sent")) {
            assertThat(o.header().getString(Tag.SOPInstanceUID)).isEqualTo(sop(1));
            assertThat(o.remainder().readAllBytes()).isEqualTo(WebTestObjects.remainder(1000, 1));
        }
    }

    @Test
    void theSameInstanceFromTwoCallersGoesInTwoRequests() throws Exception {
        List<String> perRequest = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(r -> {
            List<String> sops = sops(r);
            perRequest.add(String.join(",", sops));
            return answer(r, 200, sop -> null);
        }, b -> b.maxBatchInstances(10).linger(Duration.ofMillis(300)));
        Map<Integer, Future<Object>> results = new ConcurrentHashMap<>();
        for (int t = 0; t < 3; t++) {
            results.put(t, storeAsync(1, 100));
        }
        for (Future<Object> f : results.values()) {
            assertThat(get(f)).isEqualTo(StoreResult.stored(sop(1)));
        }
        assertThat(perRequest).allMatch(s -> !s.contains(","));
    }

    @Test
    void aStowOnlyDestinationSaysSoAndRefusesToReadBack() throws IOException {
        start(r -> Response.status(500), b -> b.readBack(false));
        assertThat(destination.supportsReadBack()).isFalse();
        assertThatThrownBy(() -> destination.retrieve(RetrieveRequest.study(STUDY), i -> { }))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
