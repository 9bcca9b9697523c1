package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Finding;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.dicom.archive.web.DicomWebSource;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationAbortedException;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRejectedException;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each fault, shown happening, and what Ferry's own DimseSource and DicomWebSource see of it. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {
    @TempDir
    static Path archive;
    /** Twelve one-instance studies, a day apart in January 2024. */
    private final List<SyntheticStudy> days = new ArrayList<>();
    /** Ten CT instances in two series. */
    private SyntheticStudy ten;
    /** Two studies of two instances, for abort-after. */
    private SyntheticStudy pairA;
    private SyntheticStudy pairB;
    /** Four instances of 256 KiB: 1 MiB of pixel data. */
    private SyntheticStudy big;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void writeArchive() throws IOException {
        for (int d = 0; d < 12; d++) {
            SyntheticStudy s = TestInstances.study(8800 + d).patient("MRN-F" + d, "HOSP_A")
                    .studyDate(LocalDate.of(2024, 1, 1 + d)).series("CT", 1).build();
            days.add(s);
            ArchiveFolders.write(s, archive);
        }
        ten = TestInstances.study(8900).studyDate(LocalDate.of(2023, 5, 5)).series("CT", 6).series("CT", 4).build();
        pairA = TestInstances.study(8901).studyDate(LocalDate.of(2023, 5, 6)).series("MR", 2).build();
        pairB = TestInstances.study(8902).studyDate(LocalDate.of(2023, 5, 7)).series("MR", 2).build();
        big = TestInstances.study(8903).studyDate(LocalDate.of(2023, 5, 8)).series("CT", 4).pixels(256, 512, 1)
                .build();
        for (SyntheticStudy s : List.of(ten, pairA, pairB, big)) {
            ArchiveFolders.write(s, archive);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private <T extends AutoCloseable> T closing(T c) {
        open.add(c);
        return c;
    }

    private LegacyPacsSimulator sim(Faults faults) throws IOException {
        return closing(LegacyPacsSimulator.builder().archive(archive).http(0).faults(faults).build().start());
    }

    private DimseSource byGet(LegacyPacsSimulator sim, int resultCap) throws IOException {
        return closing(DimseSource.builder(sim.dimse()).callingAeTitle("FERRY").resultCap(resultCap).build());
    }

    private static final StudyQuery JANUARY = StudyQuery.builder()
            .dates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build();

    private Set<String> january() {
        return days.stream().map(SyntheticStudy::studyInstanceUid).collect(Collectors.toSet());
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void findCapTruncatesSilentlyAndBothSourcesSplitTheirWayToEveryStudy() throws IOException {
        LegacyPacsSimulator sim = sim(Faults.builder().findCap(5).build());
        DimseSource source = byGet(sim, 5);
        List<StudyDescriptor> listed = new ArrayList<>();
        source.query(JANUARY, listed::add);
        assertThat(listed).extracting(StudyDescriptor::studyInstanceUid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(january());
        assertThat(sim.stats().findRequests()).as("C-FIND requests the split took").isGreaterThan(1);

        // Over QIDO-RS the cap ends the only page short, which paging alone takes for the end: a
        // source told the cap splits its way to every study too; one not told lists 5 of 12.
        long searches = sim.stats().qidoRequests();
        DicomWebSource web = closing(DicomWebSource.builder(sim.dicomWebBase()).pageSize(100).resultCap(5).build());
        List<StudyDescriptor> overWeb = new ArrayList<>();
        web.query(JANUARY, overWeb::add);
        assertThat(overWeb).extracting(StudyDescriptor::studyInstanceUid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(january());
        assertThat(sim.stats().qidoRequests() - searches).as("QIDO-RS searches the split took").isGreaterThan(1);

        DicomWebSource untold = closing(DicomWebSource.builder(sim.dicomWebBase()).pageSize(100).build());
        List<StudyDescriptor> capped = new ArrayList<>();
        untold.query(JANUARY, capped::add);
        assertThat(capped).as("a cap that is no round number, not given").hasSize(5);
    }

    @Test
    void dropMakesARetrievalComeBackShortWhileThePacsReportsSuccess() throws IOException {
        Faults drop = Faults.builder().drop(0.4).seed(7).build();
        Set<String> dropped = ten.sopInstanceUids().stream().filter(drop::drops).collect(Collectors.toSet());
        assertThat(dropped).as("instances the seed drops").isNotEmpty().hasSizeLessThan(10);
        LegacyPacsSimulator sim = sim(drop);

        Collected got = new Collected();
        RetrieveResult r = byGet(sim, 0).retrieve(RetrieveRequest.study(ten.studyInstanceUid()), got);
        assertThat(r.delivered()).isEqualTo(10 - dropped.size());
        assertThat(r.isComplete()).isFalse();
        assertThat(r.failures()).extracting(f -> f.item().sopInstanceUid())
                .containsExactlyInAnyOrderElementsOf(dropped);
        assertThat(r.failures()).extracting(Finding::reason).containsOnly(ReasonCode.MISSING_INSTANCE);
        assertThat(sim.stats().instancesDropped()).isEqualTo(dropped.size());

        // By C-MOVE too: the C-MOVE succeeds with counts covering what was sent.
        RemoteAe ferry = new RemoteAe("FERRY", "127.0.0.1", FreePorts.allocate());
        LegacyPacsSimulator moving = closing(LegacyPacsSimulator.builder().archive(archive)
                .moveDestination("FERRY", ferry).faults(drop).build().start());
        DimseSource byMove = closing(DimseSource.builder(moving.dimse()).callingAeTitle("FERRY").moveTo(ferry)
                .build());
        RetrieveResult moved = byMove.retrieve(RetrieveRequest.study(ten.studyInstanceUid()), new Collected());
        assertThat(moved.delivered()).isEqualTo(10 - dropped.size());
        assertThat(moved.failures()).extracting(f -> f.item().sopInstanceUid())
                .containsExactlyInAnyOrderElementsOf(dropped);

        // And over WADO-RS.
        DicomWebSource web = closing(DicomWebSource.builder(sim.dicomWebBase()).build());
        RetrieveResult overWeb = web.retrieve(RetrieveRequest.study(ten.studyInstanceUid()), new Collected());
        assertThat(overWeb.delivered()).isEqualTo(10 - dropped.size());
        assertThat(overWeb.failures()).extracting(f -> f.item().sopInstanceUid())
                .containsExactlyInAnyOrderElementsOf(dropped);
    }

    @Test
    void abortAfterFailsARetrievalWithATypedExceptionAndARetrySucceeds() throws IOException {
        LegacyPacsSimulator sim = sim(Faults.builder().abortAfter(3).build());
        DimseSource source = byGet(sim, 0);
        // Instances 1 and 2 of the count: no abort.
        assertThat(source.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()), new Collected())
                .isComplete()).isTrue();
        // Instance 3 is the first of pairB: the association is aborted just after it.
        assertThatThrownBy(() -> source.retrieve(RetrieveRequest.study(pairB.studyInstanceUid()),
                new Collected())).isInstanceOf(AssociationAbortedException.class);
        assertThat(sim.stats().associationsAborted()).isEqualTo(1);
        // Instances 4 and 5: the retry gets the whole study.
        Collected retry = new Collected();
        assertThat(source.retrieve(RetrieveRequest.study(pairB.studyInstanceUid()), retry).isComplete()).isTrue();
        assertThat(retry.received()).hasSize(2);
    }

    @Test
    void abortAfterAbortsTheAssociationTheMoveCameOn() throws IOException {
        RemoteAe ferry = new RemoteAe("FERRY", "127.0.0.1", FreePorts.allocate());
        LegacyPacsSimulator sim = closing(LegacyPacsSimulator.builder().archive(archive)
                .moveDestination("FERRY", ferry).faults(Faults.builder().abortAfter(1).build()).build().start());
        DimseSource source = closing(DimseSource.builder(sim.dimse()).callingAeTitle("FERRY").moveTo(ferry).build());
        assertThatThrownBy(() -> source.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()),
                new Collected())).isInstanceOf(AssociationAbortedException.class);
        assertThat(sim.stats().associationsAborted()).isEqualTo(1);
        sim.faults(Faults.NONE);
        assertThat(source.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()), new Collected())
                .isComplete()).isTrue();
    }

    @Test
    void abortAfterCutsAWadoResponseMidBody() throws IOException {
        LegacyPacsSimulator sim = sim(Faults.builder().abortAfter(3).build());
        DicomWebSource web = closing(DicomWebSource.builder(sim.dicomWebBase()).build());
        assertThat(web.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()), new Collected())
                .isComplete()).isTrue();
        Collected cut = new Collected();
        assertThatThrownBy(() -> web.retrieve(RetrieveRequest.study(pairB.studyInstanceUid()), cut))
                .isInstanceOf(IOException.class);
        assertThat(sim.stats().connectionsCut()).isEqualTo(1);
        assertThat(web.retrieve(RetrieveRequest.study(pairB.studyInstanceUid()), new Collected())
                .isComplete()).isTrue();
    }

    @Test
    void maxAssociationsRejectsTheExtraAssociationAndTheExtraHttpRequest() throws Exception {
        LegacyPacsSimulator sim = sim(Faults.builder().maxAssociations(1).build());
        try (Association first = echoAssociation(sim.dimse())) {
            assertThatThrownBy(() -> echoAssociation(sim.dimse()).close())
                    .isInstanceOf(AssociationRejectedException.class);
            assertThat(first.echo().isSuccess()).isTrue();
        }
        assertThat(sim.stats().associationsRejected()).isEqualTo(1);

        // HTTP: one request held by a delay, a second at the same time is answered 503.
        sim.faults(Faults.builder().maxAssociations(1).responseDelay(Duration.ofMillis(800)).build());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest rq = HttpRequest.newBuilder(sim.dicomWebBase().resolve("studies")).timeout(Duration.ofSeconds(10))
                .build();
        CompletableFuture<HttpResponse<Void>> a = http.sendAsync(rq, HttpResponse.BodyHandlers.discarding());
        Thread.sleep(200);
        HttpResponse<Void> b = http.send(rq, HttpResponse.BodyHandlers.discarding());
        assertThat(List.of(a.get().statusCode(), b.statusCode())).containsExactlyInAnyOrder(200, 503);
        assertThat(sim.stats().httpRejected()).isEqualTo(1);
    }

    private static Association echoAssociation(RemoteAe ae) throws IOException {
        AssociationRequest.Builder rq = AssociationRequest.builder(ae.aeTitle(), "FERRY");
        rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return Association.connect(ae, rq.build(), AssociationOptions.defaults());
    }

    /** Time that passes only when slept on: the bucket's account is then exact, and the test fast. */
    static final class FakeTime implements TimeSource {
        final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration d) {
            now.addAndGet(Math.max(0, d.toNanos()));
        }
    }

    @Test
    void bandwidthHoldsA1MiBRetrievalBackForAtLeastTheTimeItMustTake() throws IOException {
        long rate = 256 << 10;
        FakeTime time = new FakeTime();
        LegacyPacsSimulator sim = closing(LegacyPacsSimulator.builder().archive(archive).http(0).timeSource(time)
                .faults(Faults.builder().bandwidth(rate).build()).build().start());
        Collected got = new Collected();
        assertThat(byGet(sim, 0).retrieve(RetrieveRequest.study(big.studyInstanceUid()), got).isComplete()).isTrue();
        long bytes = sim.stats().bytesSent();
        assertThat(bytes).as("bytes sent for 1 MiB of pixel data").isGreaterThan(1L << 20);
        long burst = sim.bucket().burst();
        long mustTake = (bytes - burst) * 1_000_000_000L / rate;
        assertThat(sim.stats().throttledNanos()).as("nanoseconds the token bucket held the sender back")
                .isGreaterThanOrEqualTo(mustTake);
        assertThat(time.now.get() - 1_000_000_000L).as("time slept").isGreaterThanOrEqualTo(mustTake);

        // WADO-RS bodies go through the same bucket.
        long before = sim.stats().throttledNanos();
        long bytesBefore = sim.stats().bytesSent();
        DicomWebSource web = closing(DicomWebSource.builder(sim.dicomWebBase()).build());
        assertThat(web.retrieve(RetrieveRequest.study(big.studyInstanceUid()), new Collected()).isComplete())
                .isTrue();
        long webBytes = sim.stats().bytesSent() - bytesBefore;
        assertThat(sim.stats().throttledNanos() - before)
                .isGreaterThanOrEqualTo((webBytes - burst) * 1_000_000_000L / rate);
    }

    @Test
    void responseDelayHoldsEachRequestBack() throws IOException {
        LegacyPacsSimulator sim = sim(Faults.builder().responseDelay(Duration.ofMillis(300)).build());
        DimseSource source = byGet(sim, 0);
        long start = System.nanoTime();
        assertThat(source.describe(pairA.studyInstanceUid())).isPresent();
        long took = System.nanoTime() - start;
        // A lower bound only: a describe is at least three C-FINDs (study, series, each series' images).
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(sim.stats().findRequests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void faultsChangeWhileRunning() throws IOException {
        LegacyPacsSimulator sim = sim(Faults.NONE);
        DimseSource source = byGet(sim, 0);
        sim.faults(Faults.builder().drop(1).build());
        RetrieveResult none = source.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()), new Collected());
        assertThat(none.delivered()).isZero();
        sim.faults(Faults.NONE);
        assertThat(source.retrieve(RetrieveRequest.study(pairA.studyInstanceUid()), new Collected())
                .delivered()).isEqualTo(2);
        assertThat(sim.faults()).isEqualTo(Faults.NONE);
        // A new association limit restarts the listener on the same port; the counts go on.
        long accepted = sim.stats().associationsAccepted();
        int port = sim.dimse().port();
        sim.faults(Faults.builder().maxAssociations(1).build());
        assertThat(sim.dimse().port()).isEqualTo(port);
        try (Association first = echoAssociation(sim.dimse())) {
            assertThatThrownBy(() -> echoAssociation(sim.dimse()).close())
                    .isInstanceOf(AssociationRejectedException.class);
            assertThat(first.echo().isSuccess()).isTrue();
        }
        sim.faults(Faults.NONE);
        try (Association a = echoAssociation(sim.dimse()); Association b = echoAssociation(sim.dimse())) {
            assertThat(a.echo().isSuccess()).isTrue();
            assertThat(b.echo().isSuccess()).isTrue();
        }
        assertThat(sim.stats().associationsAccepted()).isEqualTo(accepted + 3);
    }
}
