package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.api.DateRange;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conformance kit for {@link SourceArchive}: completeness and exactness of {@code query} against
 * {@link StudyQuery#matches}, {@code describe} counts, and {@code retrieve} delivering each instance
 * once and intact, with partial reads, consumer failures and concurrent callers.
 *
 * <p>To run it against an implementation, extend it in a test and create a source that holds the
 * content the kit hands over (a real implementation stores it in the archive it talks to: writes
 * files, sends it to Orthanc, ...). The kit creates one source per test class, since its tests only
 * read, and closes it twice at the end ({@code close()} must be idempotent).
 *
 * <pre>{@code
 * class FolderSourceConformanceTest extends SourceArchiveConformance {
 *     @TempDir static Path folder;
 *
 *     @Override
 *     protected SourceArchive createSource(List<DicomInstance> content) throws Exception {
 *         for (DicomInstance i : content) {
 *             Part10.write(i, folder.resolve(i.descriptor().sopInstanceUid() + ".dcm"));
 *         }
 *         return new FolderSource(folder);
 *     }
 * }
 * }</pre>
 *
 * <p>The content is nine studies (see the table in {@code SourceFixture}) of synthetic instances in
 * Explicit VR Little Endian, each header with a private element and a sequence; a source must
 * deliver them in that transfer syntax, byte for byte. Elements a source adds to headers are
 * allowed; elements it changes must be declared in {@link #headerTagsTheArchiveMayChange()}.
 * Descriptors may leave values unknown ({@code null}, empty, {@link StudyDescriptor#UNKNOWN}) where
 * the archive does not report them, but never report a wrong value.
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SourceArchiveConformance {
    private SourceFixture fixture;
    private SourceArchive source;

    /**
     * Creates a source that holds exactly {@code content}. Read what you need from each instance
     * before returning: the kit closes them afterwards.
     */
    protected abstract SourceArchive createSource(List<DicomInstance> content) throws Exception;

    /** Top-level header tags the archive is allowed to change on the way (none by default). */
    protected Set<Integer> headerTagsTheArchiveMayChange() {
        return Set.of();
    }

    @BeforeAll
    void createSourceWithFixture() throws Exception {
        fixture = new SourceFixture();
        source = create(fixture.newInstances());
    }

    private SourceArchive create(List<DicomInstance> content) throws Exception {
        try {
            SourceArchive s = createSource(content);
            assertThat(s).as("createSource").isNotNull();
            return s;
        } finally {
            for (DicomInstance i : content) {
                i.close();
            }
        }
    }

    /** Closes the source twice: {@link SourceArchive#close()} is idempotent. */
    @AfterAll
    void closeSourceTwice() throws IOException {
        if (source != null) {
            source.close();
            source.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // name

    @Test
    void nameIsNotBlankAndStable() {
        assertThat(source.name()).as("name()").isNotBlank().isEqualTo(source.name());
    }

    // ---------------------------------------------------------------------------------------------
    // query

    @Test
    void queryAllListsEverySeededStudyExactlyOnce() throws IOException {
        Thread caller = Thread.currentThread();
        List<Thread> sinkThreads = Collections.synchronizedList(new ArrayList<>());
        List<StudyDescriptor> listed = Collections.synchronizedList(new ArrayList<>());
        source.query(StudyQuery.ALL, d -> {
            sinkThreads.add(Thread.currentThread());
            listed.add(d);
        });
        assertThat(sinkThreads).as("threads the sink was called on").containsOnly(caller);
        assertThat(uidList(listed)).as("studies listed by StudyQuery.ALL")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fixture.uids(fixture.studies.toArray(SyntheticStudy[]::new)));
    }

    @Test
    void queryByDateRangeIncludesBothBounds() throws IOException {
        StudyQuery january = StudyQuery.builder().dates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build();
        Set<String> listed = assertQueryListsExactlyTheMatches(january);
        assertThat(listed).as("studies dated on the first and last day of the range")
                .contains(fixture.s1.studyInstanceUid(), fixture.s3.studyInstanceUid())
                .doesNotContain(fixture.s4.studyInstanceUid(), fixture.s5.studyInstanceUid());
        assertQueryListsExactlyTheMatches(StudyQuery.builder().dates(DateRange.on(LocalDate.of(2024, 1, 15))).build());
    }

    @Test
    void queryByOpenEndedDateRanges() throws IOException {
        assertQueryListsExactlyTheMatches(StudyQuery.builder().dates(LocalDate.of(2024, 2, 1), null).build());
        assertQueryListsExactlyTheMatches(StudyQuery.builder().dates(null, LocalDate.of(2023, 12, 31)).build());
        assertQueryListsExactlyTheMatches(StudyQuery.builder().dates(LocalDate.of(2024, 1, 10), null).build());
    }

    @Test
    void studyWithoutUsableDateIsListedOnlyByUnboundedQueries() throws IOException {
        Set<String> undated = fixture.uids(fixture.s6, fixture.s7);
        assertThat(uids(query(StudyQuery.ALL))).as("unbounded query").containsAll(undated);
        for (DateRange range : List.of(DateRange.between(LocalDate.of(1900, 1, 1), LocalDate.of(2100, 12, 31)),
                new DateRange(LocalDate.of(1900, 1, 1), null), new DateRange(null, LocalDate.of(2100, 12, 31)))) {
            Set<String> listed = assertQueryListsExactlyTheMatches(StudyQuery.builder().dates(range).build());
            assertThat(listed).as("studies without a usable Study Date in the bounded query %s", range)
                    .doesNotContainAnyElementsOf(undated);
        }
    }

    @Test
    void queryByModality() throws IOException {
        assertQueryListsExactlyTheMatches(StudyQuery.builder().modality("CT").build());
        Set<String> sr = assertQueryListsExactlyTheMatches(StudyQuery.builder().modality("sr").build());
        assertThat(sr).as("studies with an SR series (queried in lower case)")
                .containsExactly(fixture.s1.studyInstanceUid());
        assertQueryListsExactlyTheMatches(StudyQuery.builder().modality("MR", "US").build());
        assertQueryListsExactlyTheMatches(StudyQuery.builder().modality("CR").build());
    }

    @Test
    void queryByPatientWithoutIssuerMatchesEveryIssuer() throws IOException {
        Set<String> listed = assertQueryListsExactlyTheMatches(
                StudyQuery.builder().patient(PatientIdentity.of(SourceFixture.P1, "")).build());
        assertThat(listed).as("studies of one Patient ID under any issuer")
                .containsExactlyInAnyOrderElementsOf(fixture.uids(fixture.s1, fixture.s2, fixture.s3));
    }

    @Test
    void queryByPatientWithIssuerMatchesOnlyThatIssuer() throws IOException {
        Set<String> listed = assertQueryListsExactlyTheMatches(
                StudyQuery.builder().patient(PatientIdentity.of(SourceFixture.P1, "HOSP_A")).build());
        assertThat(listed).as("studies of one Patient ID under issuer HOSP_A only")
                .containsExactly(fixture.s1.studyInstanceUid());
        assertQueryListsExactlyTheMatches(
                StudyQuery.builder().patient(PatientIdentity.of(SourceFixture.P2, "HOSP_A")).build());
        assertQueryListsExactlyTheMatches(
                StudyQuery.builder().patient(PatientIdentity.of(SourceFixture.P1, "HOSP_Z")).build());
    }

    @Test
    void queryByStudyInstanceUid() throws IOException {
        Set<String> listed = assertQueryListsExactlyTheMatches(StudyQuery.builder()
                .study(fixture.s2.studyInstanceUid(), fixture.s8.studyInstanceUid(), TestInstances.uid("not held"))
                .build());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(fixture.uids(fixture.s2, fixture.s8));
    }

    @Test
    void combinedCriteriaMustAllMatch() throws IOException {
        assertQueryListsExactlyTheMatches(StudyQuery.builder()
                .dates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).modality("CT").build());
        assertQueryListsExactlyTheMatches(StudyQuery.builder()
                .patient(PatientIdentity.of(SourceFixture.P2, "")).modality("CT").build());
        assertQueryListsExactlyTheMatches(StudyQuery.builder()
                .dates(LocalDate.of(2024, 1, 1), null).patient(PatientIdentity.of(SourceFixture.P1, "HOSP_B"))
                .modality("MR").build());
    }

    @Test
    void queryMatchingNothingListsNothing() throws IOException {
        assertThat(query(StudyQuery.builder().dates(DateRange.on(LocalDate.of(1990, 5, 5))).build())).isEmpty();
        assertThat(query(StudyQuery.builder().modality("PT").build())).isEmpty();
        assertThat(query(StudyQuery.builder().patient(PatientIdentity.of("MRN-NOBODY", "")).build())).isEmpty();
    }

    @Test
    void listedDescriptorsAgreeWithTheContent() throws IOException {
        for (StudyDescriptor d : query(StudyQuery.ALL)) {
            SyntheticStudy s = fixture.study(d.studyInstanceUid());
            assertThat(s).as("listed study %s was seeded", d.studyInstanceUid()).isNotNull();
            StudyDescriptor e = s.descriptor();
            String uid = d.studyInstanceUid();
            if (d.patient() != null || e.patient() == null) {
                assertThat(d.patient()).as("patient of %s", uid).isEqualTo(e.patient());
            }
            assertThat(d.studyDate()).as("study date of %s", uid).isEqualTo(e.studyDate());
            if (!d.modalities().isEmpty()) {
                assertThat(d.modalities()).as("modalities of %s", uid).isEqualTo(e.modalities());
            }
            if (!d.accession().isEmpty()) {
                assertThat(d.accession().number()).as("accession of %s", uid).isEqualTo(e.accession().number());
            }
            if (d.seriesCount() != StudyDescriptor.UNKNOWN) {
                assertThat(d.seriesCount()).as("series count of %s", uid).isEqualTo(e.seriesCount());
            }
            if (d.instanceCount() != StudyDescriptor.UNKNOWN) {
                assertThat(d.instanceCount()).as("instance count of %s", uid).isEqualTo(e.instanceCount());
            }
            if (d.sizeBytes() != StudyDescriptor.UNKNOWN) {
                assertThat(d.sizeBytes()).as("size of %s is at least its pixel data", uid)
                        .isGreaterThanOrEqualTo(s.remainderBytes());
            }
        }
    }

    @Test
    void sinkExceptionAbortsTheQueryAndPropagates() {
        RuntimeException boom = new IllegalStateException("sink refuses");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> source.query(StudyQuery.ALL, d -> {
            calls.incrementAndGet();
            throw boom;
        })).as("the sink's exception").satisfies(t -> assertThat(causalChain(t)).contains(boom));
        assertThat(calls).as("sink calls after the sink threw").hasValue(1);
    }

    // ---------------------------------------------------------------------------------------------
    // describe

    @Test
    void describeCountsSeriesAndInstances() throws IOException {
        for (SyntheticStudy s : fixture.studies) {
            Optional<StudyManifest> described = source.describe(s.studyInstanceUid());
            assertThat(described).as("describe(%s)", s.studyInstanceUid()).isPresent();
            assertManifest(described.get(), s);
        }
    }

    @Test
    void describeUnknownStudyIsEmpty() throws IOException {
        assertThat(source.describe(TestInstances.uid("a study nobody stored"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // retrieve

    @Test
    void retrieveWholeStudyDeliversEachInstanceOnceAndIntact() throws IOException {
        for (SyntheticStudy s : fixture.studies) {
            ReceivingConsumer consumer = new ReceivingConsumer();
            RetrieveResult result = source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), consumer);
            assertDeliveredExactly(consumer, s.sopInstanceUids());
            assertThat(result.delivered()).as("delivered count of %s", s.studyInstanceUid())
                    .isEqualTo(s.instances().size());
            assertThat(result.isComplete()).as("retrieval of %s complete", s.studyInstanceUid()).isTrue();
        }
    }

    @Test
    void retrieveSubsetDeliversOnlyThatSubset() throws IOException {
        List<SyntheticInstance> all = fixture.s1.instances();
        Set<String> wanted = Set.of(all.get(0).sopInstanceUid(), all.get(3).sopInstanceUid());
        ReceivingConsumer consumer = new ReceivingConsumer();
        RetrieveResult result = source.retrieve(RetrieveRequest.instances(fixture.s1.studyInstanceUid(), wanted),
                consumer);
        assertDeliveredExactly(consumer, wanted);
        assertThat(result.delivered()).as("delivered count").isEqualTo(2);
    }

    @Test
    void retrieveUnknownStudyGivesAnEmptyResult() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        RetrieveResult result = source.retrieve(RetrieveRequest.study(TestInstances.uid("a study nobody stored")),
                i -> calls.incrementAndGet());
        assertThat(result.delivered()).as("delivered").isZero();
        assertThat(result.failures()).as("failures").isEmpty();
        assertThat(calls).as("consumer calls").hasValue(0);
    }

    @Test
    void retrievingAgainDeliversTheSameInstancesAgain() throws IOException {
        for (int round = 0; round < 2; round++) {
            ReceivingConsumer consumer = new ReceivingConsumer();
            source.retrieve(RetrieveRequest.study(fixture.s2.studyInstanceUid()), consumer);
            assertDeliveredExactly(consumer, fixture.s2.sopInstanceUids());
        }
    }

    @Test
    void partlyReadRemaindersDoNotDisturbTheNextInstances() throws IOException {
        SyntheticStudy s = fixture.s9;
        List<Received> fullyRead = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        RetrieveResult result = source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), instance -> {
            seen.add(instance.descriptor().sopInstanceUid());
            switch (seen.size() % 3) {
                case 1 -> {
                    InputStream in = instance.remainder();
                    assertThat(in.readNBytes(100)).as("first bytes of a remainder").hasSize(100);
                }
                case 2 -> { } // leaves the remainder untouched
                default -> fullyRead.add(ReceivingConsumer.read(instance));
            }
        });
        assertThat(seen).as("instances delivered after partial reads").isEqualTo(s.sopInstanceUids());
        assertThat(result.delivered()).isEqualTo(s.instances().size());
        for (Received r : fullyRead) {
            assertDelivered(r);
        }
        ReceivingConsumer again = new ReceivingConsumer();
        source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), again);
        assertDeliveredExactly(again, s.sopInstanceUids());
    }

    @Test
    void consumerRuntimeExceptionAbortsTheRetrievalAndPropagates() throws IOException {
        assertConsumerFailurePropagates(new IllegalStateException("consumer gives up"));
    }

    @Test
    void consumerIOExceptionAbortsTheRetrievalAndPropagates() throws IOException {
        assertConsumerFailurePropagates(new IOException("consumer cannot write"));
    }

    private void assertConsumerFailurePropagates(Exception failure) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> source.retrieve(RetrieveRequest.study(fixture.s1.studyInstanceUid()), i -> {
            calls.incrementAndGet();
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        })).as("the consumer's exception").satisfies(t -> assertThat(causalChain(t)).contains(failure));
        assertThat(calls).as("consumer calls after the consumer threw").hasValue(1);
        ReceivingConsumer after = new ReceivingConsumer();
        source.retrieve(RetrieveRequest.study(fixture.s1.studyInstanceUid()), after);
        assertDeliveredExactly(after, fixture.s1.sopInstanceUids());
    }

    @Test
    void consumerChangingTheHeaderDoesNotChangeTheArchive() throws IOException {
        SyntheticStudy s = fixture.s3;
        source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), i -> {
            i.header().setString(Tag.PatientID, VR.LO, "CHANGED-BY-CONSUMER");
            i.header().remove(Tag.AccessionNumber);
            i.header().getSequence(Tag.RequestAttributesSequence).get(0).remove(Tag.RequestedProcedureID);
        });
        ReceivingConsumer consumer = new ReceivingConsumer();
        source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), consumer);
        assertDeliveredExactly(consumer, s.sopInstanceUids());
    }

    @Test
    void concurrentRetrievesFromSeveralThreadsAreCorrect() {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<SyntheticStudy> order = new ArrayList<>(fixture.studies);
            Collections.rotate(order, t * 2);
            tasks.add(() -> {
                for (int round = 0; round < 2; round++) {
                    for (SyntheticStudy s : order) {
                        ReceivingConsumer consumer = new ReceivingConsumer();
                        source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), consumer);
                        assertDeliveredExactly(consumer, s.sopInstanceUids());
                    }
                }
                return null;
            });
        }
        Concurrently.run(tasks);
    }

    // ---------------------------------------------------------------------------------------------

    private List<StudyDescriptor> query(StudyQuery q) throws IOException {
        List<StudyDescriptor> out = Collections.synchronizedList(new ArrayList<>());
        source.query(q, out::add);
        return List.copyOf(out);
    }

    /** Asserts the query lists each matching study exactly once and nothing else; returns the UIDs. */
    private Set<String> assertQueryListsExactlyTheMatches(StudyQuery q) throws IOException {
        List<String> listed = uidList(query(q));
        Set<String> expected = fixture.expected(q);
        assertThat(listed).as("studies listed for %s", q)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        return new LinkedHashSet<>(listed);
    }

    private static List<String> uidList(List<StudyDescriptor> ds) {
        return ds.stream().map(StudyDescriptor::studyInstanceUid).toList();
    }

    private static Set<String> uids(List<StudyDescriptor> ds) {
        return ds.stream().map(StudyDescriptor::studyInstanceUid).collect(Collectors.toSet());
    }

    private void assertManifest(StudyManifest m, SyntheticStudy s) {
        String uid = s.studyInstanceUid();
        assertThat(m.study().studyInstanceUid()).as("study UID of the manifest").isEqualTo(uid);
        assertThat(m.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                .as("instances of %s", uid)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(s.sopInstanceUids());
        for (InstanceDescriptor i : m.instances()) {
            SyntheticInstance e = s.instance(i.sopInstanceUid());
            assertThat(i.studyInstanceUid()).as("study of %s", i.sopInstanceUid()).isEqualTo(uid);
            assertThat(i.seriesInstanceUid()).as("series of %s", i.sopInstanceUid()).isEqualTo(e.seriesInstanceUid());
            assertThat(i.sopClassUid()).as("SOP class of %s", i.sopInstanceUid()).isEqualTo(e.sopClassUid());
            if (i.sizeBytes() != StudyDescriptor.UNKNOWN) {
                assertThat(i.sizeBytes()).as("size of %s is at least its pixel data", i.sopInstanceUid())
                        .isGreaterThanOrEqualTo(e.remainderLength());
            }
        }
        Map<String, SeriesDescriptor> expectedSeries = new HashMap<>();
        s.series().forEach(d -> expectedSeries.put(d.seriesInstanceUid(), d));
        assertThat(m.series()).extracting(SeriesDescriptor::seriesInstanceUid).as("series of %s", uid)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedSeries.keySet());
        for (SeriesDescriptor d : m.series()) {
            SeriesDescriptor e = expectedSeries.get(d.seriesInstanceUid());
            assertThat(d.studyInstanceUid()).as("study of series %s", d.seriesInstanceUid()).isEqualTo(uid);
            if (d.instanceCount() != StudyDescriptor.UNKNOWN) {
                assertThat(d.instanceCount()).as("instances in series %s", d.seriesInstanceUid())
                        .isEqualTo(e.instanceCount());
            }
            if (!d.modality().isEmpty()) {
                assertThat(d.modality()).as("modality of series %s", d.seriesInstanceUid()).isEqualTo(e.modality());
            }
        }
        if (m.study().seriesCount() != StudyDescriptor.UNKNOWN) {
            assertThat(m.study().seriesCount()).as("series count of %s", uid).isEqualTo(s.series().size());
        }
        if (m.study().instanceCount() != StudyDescriptor.UNKNOWN) {
            assertThat(m.study().instanceCount()).as("instance count of %s", uid).isEqualTo(s.instances().size());
        }
    }

    private void assertDeliveredExactly(ReceivingConsumer consumer, Set<String> expectedSops) {
        List<Received> received = consumer.received();
        assertThat(consumer.overlapped()).as("consumer called from two threads at once").isFalse();
        assertThat(received).extracting(Received::sopInstanceUid).as("instances delivered")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedSops);
        for (Received r : received) {
            assertDelivered(r);
        }
    }

    private void assertDelivered(Received r) {
        SyntheticInstance e = fixture.instance(r.sopInstanceUid());
        if (e == null) {
            fail("delivered an instance that was never seeded: " + r.sopInstanceUid());
        }
        InstanceAssertions.assertDelivered(r, e, fixture.remainderSha256(r.sopInstanceUid()),
                headerTagsTheArchiveMayChange());
    }

    static List<Throwable> causalChain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
