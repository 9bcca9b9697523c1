package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance kit for {@link DestinationArchive}: what is stored is described and read back
 * unchanged, storing is idempotent by SOP Instance UID and safe from several threads, and remainders
 * are streamed whatever the source stream's manners (1 to 7 bytes per read, no {@code available()},
 * unknown length, more than 2 GiB).
 *
 * <p>Extend it in a test and return a new, empty destination from {@link #createDestination()}; the
 * kit calls it before each test and closes the destination twice after it ({@code close()} must be
 * idempotent).
 *
 * <pre>{@code
 * class OrthancDestinationConformanceTest extends DestinationArchiveConformance {
 *     @RegisterExtension static OrthancServer orthanc = new OrthancServer();
 *
 *     @Override
 *     protected DestinationArchive createDestination() {
 *         orthanc.deleteEverything();
 *         return DicomWebDestination.to(orthanc.dicomWebUri()).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Read-back tests are skipped when {@link DestinationArchive#supportsReadBack()} is false; the
 * test that stores an instance of more than 2 GiB is skipped when {@link #buffersInMemory()} says the
 * implementation keeps whole instances in memory. Elements a destination adds to headers are
 * allowed; elements it changes must be declared in {@link #headerTagsTheArchiveMayChange()}.
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
public abstract class DestinationArchiveConformance {
    /** 5,000 frames of 512 × 512 × 16 bits: 2,621,440,000 bytes, more than any Java array holds. */
    static final long LARGE_PIXEL_DATA = 5000L * 512 * 512 * 2;

    private static final Set<StoreResult.Status> FIRST_STORE =
            EnumSet.of(StoreResult.Status.STORED, StoreResult.Status.STORED_WITH_WARNING);

    private DestinationArchive destination;

    /** A new destination that holds nothing yet. */
    protected abstract DestinationArchive createDestination() throws Exception;

    /**
     * Whether the implementation holds whole instances in memory (an in-memory archive does); if so,
     * the more-than-2-GiB streaming test is skipped.
     */
    protected boolean buffersInMemory() {
        return false;
    }

    /**
     * Whether the peer behind the implementation can hold an instance of more than 2 GiB (true by
     * default). Some cannot whatever the client does: Orthanc reads each received instance into
     * memory. When false, the more-than-2-GiB test is skipped; the implementation's own streaming
     * must then be proven against a peer that can (a folder, a spooling test server).
     */
    protected boolean peerHoldsInstancesOver2GiB() {
        return true;
    }

    /** Top-level header tags the destination is allowed to change when it stores (none by default). */
    protected Set<Integer> headerTagsTheArchiveMayChange() {
        return Set.of();
    }

    @BeforeEach
    void createEmptyDestination() throws Exception {
        destination = createDestination();
        assertThat(destination).as("createDestination").isNotNull();
    }

    /** Closes the destination twice: {@link DestinationArchive#close()} is idempotent. */
    @AfterEach
    void closeDestinationTwice() throws IOException {
        if (destination != null) {
            destination.close();
            destination.close();
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void nameIsNotBlankAndStable() {
        assertThat(destination.name()).as("name()").isNotBlank().isEqualTo(destination.name());
    }

    @Test
    void storeReportsEachInstanceAsStored() throws IOException {
        SyntheticStudy s = study(9201);
        for (SyntheticInstance i : s.instances()) {
            StoreResult r = store(i);
            assertThat(r.sopInstanceUid()).as("SOP Instance UID in the store result").isEqualTo(i.sopInstanceUid());
            assertThat(r.status()).as("status of a first store of %s", i.sopInstanceUid()).isIn(FIRST_STORE);
        }
    }

    @Test
    void storedStudyIsDescribedWithItsSeriesAndInstances() throws IOException {
        SyntheticStudy s = study(9202);
        storeAll(s);
        assertHolds(s);
    }

    @Test
    void storedInstancesReadBackWithTheSameHeaderAndRemainder() throws IOException {
        assumeTrue(destination.supportsReadBack(), "the destination cannot read back");
        SyntheticStudy s = study(9203);
        storeAll(s);
        assertReadsBack(s, s.sopInstanceUids());
    }

    @Test
    void storeIsIdempotentBySopInstanceUid() throws IOException {
        SyntheticStudy s = study(9204);
        storeAll(s);
        for (SyntheticInstance i : s.instances()) {
            StoreResult again = store(i);
            assertThat(again.sopInstanceUid()).isEqualTo(i.sopInstanceUid());
            assertThat(again.status()).as("status of storing %s a second time", i.sopInstanceUid())
                    .isIn(StoreResult.Status.ALREADY_PRESENT, StoreResult.Status.STORED,
                            StoreResult.Status.STORED_WITH_WARNING);
        }
        assertHolds(s);
        if (destination.supportsReadBack()) {
            assertReadsBack(s, s.sopInstanceUids());
        }
    }

    @Test
    void storeWritesTheHeaderAsItIsNow() throws IOException {
        assumeTrue(destination.supportsReadBack(), "the destination cannot read back");
        SyntheticStudy s = study(9205);
        SyntheticInstance original = s.instances().get(0);
        try (DicomInstance i = original.newInstance()) {
            i.header().setString(Tag.InstitutionName, VR.LO, "COERCED INSTITUTION");
            i.header().remove(Tag.StudyDescription);
            i.header().getSequence(Tag.RequestAttributesSequence).get(0)
                    .setString(Tag.RequestedProcedureID, VR.SH, "RP-COERCED");
            assertThat(destination.store(i).status()).isIn(FIRST_STORE);
        }
        ReceivingConsumer consumer = new ReceivingConsumer();
        destination.retrieve(RetrieveRequest.study(s.studyInstanceUid()), consumer);
        assertThat(consumer.received()).hasSize(1);
        Dataset h = consumer.received().get(0).header();
        assertThat(h.getString(Tag.InstitutionName)).as("changed Institution Name").isEqualTo("COERCED INSTITUTION");
        assertThat(h.contains(Tag.StudyDescription)).as("removed Study Description present").isFalse();
        Dataset.Sequence requests = h.getSequence(Tag.RequestAttributesSequence);
        assertThat(requests).as("Request Attributes Sequence read back").isNotNull().hasSize(1);
        assertThat(requests.get(0).getString(Tag.RequestedProcedureID))
                .as("changed value inside a sequence item").isEqualTo("RP-COERCED");
    }

    @Test
    void concurrentStoresFromFourThreadsAllLand() throws IOException {
        List<SyntheticStudy> studies = new ArrayList<>();
        List<SyntheticInstance> all = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            SyntheticStudy s = TestInstances.study(9210 + k).series("CT", 4).series("SR", 1)
                    .eachInstance(Fixtures::decorate).build();
            studies.add(s);
            all.addAll(s.instances());
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int k = thread; k < all.size(); k += 4) {
                    assertThat(store(all.get(k)).status()).isIn(FIRST_STORE);
                }
                return null;
            });
        }
        Concurrently.run(tasks);
        for (SyntheticStudy s : studies) {
            assertHolds(s);
            if (destination.supportsReadBack()) {
                assertReadsBack(s, s.sopInstanceUids());
            }
        }
    }

    @Test
    void concurrentStoresOfTheSameInstanceLeaveOneCopy() throws IOException {
        SyntheticStudy s = study(9220);
        SyntheticInstance one = s.instances().get(0);
        List<Callable<StoreResult>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(() -> store(one));
        }
        for (StoreResult r : Concurrently.run(tasks)) {
            assertThat(r.sopInstanceUid()).isEqualTo(one.sopInstanceUid());
        }
        Optional<StudyManifest> m = destination.describe(s.studyInstanceUid());
        assertThat(m).as("describe(%s)", s.studyInstanceUid()).isPresent();
        assertThat(m.get().instances()).extracting(InstanceDescriptor::sopInstanceUid)
                .as("copies of an instance stored from four threads at once")
                .containsExactly(one.sopInstanceUid());
        if (destination.supportsReadBack()) {
            assertReadsBack(s, Set.of(one.sopInstanceUid()));
        }
    }

    @Test
    void remainderDeliveredInTricklesIsStoredWhole() throws IOException {
        assertTrickleStored(9230, true);
    }

    @Test
    void remainderOfUnknownLengthDeliveredInTricklesIsStoredWhole() throws IOException {
        assertTrickleStored(9231, false);
    }

    private void assertTrickleStored(long seed, boolean lengthKnown) throws IOException {
        SyntheticInstance i = Fixtures.decorate(TestInstances.instance(seed).pixels(128, 256, 1)).build();
        TricklingInputStream trickle = new TricklingInputStream(i.openRemainder(), seed);
        try (DicomInstance instance = new DicomInstance(i.descriptor(), i.header(), i.transferSyntaxUid(), trickle,
                lengthKnown ? i.remainderLength() : StudyDescriptor.UNKNOWN)) {
            assertThat(destination.store(instance).status()).isIn(FIRST_STORE);
        }
        assertThat(trickle.bytesRead()).as("remainder bytes the destination read").isEqualTo(i.remainderLength());
        assertThat(destination.describe(i.studyInstanceUid())).as("describe(%s)", i.studyInstanceUid())
                .hasValueSatisfying(m -> assertThat(m.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                        .containsExactly(i.sopInstanceUid()));
        if (destination.supportsReadBack()) {
            ReceivingConsumer consumer = new ReceivingConsumer();
            destination.retrieve(RetrieveRequest.study(i.studyInstanceUid()), consumer);
            assertThat(consumer.received()).hasSize(1);
            InstanceAssertions.assertDelivered(consumer.received().get(0), i, i.remainderSha256(),
                    headerTagsTheArchiveMayChange());
        }
    }

    @Test
    void describeUnknownStudyIsEmpty() throws IOException {
        storeAll(study(9240));
        assertThat(destination.describe(TestInstances.uid("a study nobody stored"))).isEmpty();
    }

    @Test
    void retrieveUnknownStudyGivesAnEmptyResult() throws IOException {
        assumeTrue(destination.supportsReadBack(), "the destination cannot read back");
        storeAll(study(9241));
        ReceivingConsumer consumer = new ReceivingConsumer();
        RetrieveResult r = destination.retrieve(RetrieveRequest.study(TestInstances.uid("a study nobody stored")),
                consumer);
        assertThat(r.delivered()).isZero();
        assertThat(consumer.received()).isEmpty();
    }

    /**
     * Stores an instance whose remainder (2.6 GB, generated while it is read) no array can hold,
     * checks the destination read all of it, and, with read-back, that it returns the same bytes.
     */
    @Test
    void largeInstanceIsStreamedNotBuffered() throws IOException {
        assumeFalse(buffersInMemory(), "the implementation declares that it buffers whole instances in memory");
        assumeTrue(peerHoldsInstancesOver2GiB(), "the peer cannot hold an instance of more than 2 GiB");
        SyntheticInstance big = TestInstances.instance(9250).pixelDataLength(LARGE_PIXEL_DATA).build();
        MeasuringInputStream sent = new MeasuringInputStream(big.openRemainder());
        try (DicomInstance i = new DicomInstance(big.descriptor(), big.header(), big.transferSyntaxUid(), sent,
                big.remainderLength())) {
            assertThat(destination.store(i).status()).isIn(FIRST_STORE);
        }
        assertThat(sent.count()).as("remainder bytes the destination read").isEqualTo(big.remainderLength());
        Digest sentDigest = sent.sha256();
        assertThat(destination.describe(big.studyInstanceUid())).as("describe(%s)", big.studyInstanceUid())
                .hasValueSatisfying(m -> assertThat(m.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                        .containsExactly(big.sopInstanceUid()));
        if (destination.supportsReadBack()) {
            ReceivingConsumer consumer = new ReceivingConsumer();
            destination.retrieve(RetrieveRequest.study(big.studyInstanceUid()), consumer);
            assertThat(consumer.received()).hasSize(1);
            InstanceAssertions.assertDelivered(consumer.received().get(0), big, sentDigest,
                    headerTagsTheArchiveMayChange());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static SyntheticStudy study(long seed) {
        return TestInstances.study(seed).series("CT", 2).series("SR", 1).eachInstance(Fixtures::decorate).build();
    }

    private StoreResult store(SyntheticInstance i) throws IOException {
        try (DicomInstance instance = i.newInstance()) {
            return destination.store(instance);
        }
    }

    private void storeAll(SyntheticStudy s) throws IOException {
        for (SyntheticInstance i : s.instances()) {
            assertThat(store(i).status()).as("status of a first store of %s", i.sopInstanceUid()).isIn(FIRST_STORE);
        }
    }

    /** The destination describes the study with exactly its instances, series and counts. */
    private void assertHolds(SyntheticStudy s) throws IOException {
        Optional<StudyManifest> described = destination.describe(s.studyInstanceUid());
        assertThat(described).as("describe(%s)", s.studyInstanceUid()).isPresent();
        StudyManifest m = described.get();
        assertThat(m.instances()).extracting(InstanceDescriptor::sopInstanceUid)
                .as("instances of %s", s.studyInstanceUid())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(s.sopInstanceUids());
        for (InstanceDescriptor d : m.instances()) {
            SyntheticInstance e = s.instance(d.sopInstanceUid());
            assertThat(d.seriesInstanceUid()).as("series of %s", d.sopInstanceUid()).isEqualTo(e.seriesInstanceUid());
            assertThat(d.sopClassUid()).as("SOP class of %s", d.sopInstanceUid()).isEqualTo(e.sopClassUid());
        }
        assertThat(m.series()).as("series of %s", s.studyInstanceUid()).hasSize(s.series().size());
        if (m.study().instanceCount() != StudyDescriptor.UNKNOWN) {
            assertThat(m.study().instanceCount()).as("instance count").isEqualTo(s.instances().size());
        }
    }

    private void assertReadsBack(SyntheticStudy s, Set<String> sops) throws IOException {
        ReceivingConsumer consumer = new ReceivingConsumer();
        destination.retrieve(RetrieveRequest.study(s.studyInstanceUid()), consumer);
        assertThat(consumer.overlapped()).as("consumer called from two threads at once").isFalse();
        assertThat(consumer.received()).extracting(Received::sopInstanceUid)
                .as("instances read back from study %s", s.studyInstanceUid())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sops);
        for (Received r : consumer.received()) {
            SyntheticInstance e = s.instance(r.sopInstanceUid());
            InstanceAssertions.assertDelivered(r, e, e.remainderSha256(), headerTagsTheArchiveMayChange());
        }
    }
}
