package dev.ferry.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.api.Accession;
import dev.ferry.api.Digest;
import dev.ferry.api.TagPath;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.core.Lane;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link StateStore} must do: each method and each arrow of {@link StudyState}'s state
 * machine, the lease order and exclusions, and leasing from several threads at once. A subclass
 * provides the store; each test works in a migration of its own, so one store may serve them all.
 * Times are fixed instants, never the clock.
 */
@Timeout(60)
public abstract class StateStoreContract {
    /** A moment every test starts from. */
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    protected static final Duration LEASE = Duration.ofMinutes(1);

    /** Patient data no message may contain. */
    private static final String SECRET_PATIENT = "SECRET-PID-4711";
    private static final String SECRET_ACCESSION = "SECRET-ACC-0815";

    private static final AtomicInteger MIGRATIONS = new AtomicInteger();

    /** The migration of the running test, registered at {@link #T0}. */
    protected String m;

    /** The store under test, open. */
    protected abstract StateStore store();

    @BeforeEach
    void registerMigration(TestInfo test) {
        m = test.getTestMethod().orElseThrow().getName() + "-" + MIGRATIONS.incrementAndGet();
        store().ensureMigration(m, T0);
    }

    // --- helpers ----------------------------------------------------------------------------------

    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    protected static DiscoveredStudy study(String uid, Lane lane, String date) {
        return study(uid, lane, date, "", null, 3, 3000);
    }

    protected static DiscoveredStudy study(String uid, Lane lane, String date, String group, PatientIdentity patient,
                                           int instances, long bytes) {
        StudyDescriptor d = new StudyDescriptor(uid, patient, null, Accession.of("ACC-" + uid),
                date == null ? null : LocalDate.parse(date), null, Set.of("CT", "SR"), 2, instances, bytes);
        return new DiscoveredStudy(d, lane.name().toLowerCase(), lane, group);
    }

    protected static LeaseRequest request(String owner, int max, Instant now) {
        return new LeaseRequest(owner, max, EnumSet.allOf(Lane.class), Set.of(), false, now, LEASE);
    }

    protected static List<String> uids(List<StudyLease> leases) {
        return leases.stream().map(StudyLease::studyInstanceUid).toList();
    }

    protected StudyRecord get(String uid) {
        return store().study(m, uid).orElseThrow();
    }

    /** Adds one study in the background lane and leases it to {@code owner} at {@link #T0}. */
    private StudyLease leaseOne(String uid, String owner) {
        store().upsertDiscovered(m, List.of(study(uid, Lane.BACKGROUND, "2020-01-01")), T0);
        List<StudyLease> leases = store().lease(m, request(owner, 1, T0));
        assertThat(uids(leases)).containsExactly(uid);
        return leases.get(0);
    }

    /** The messages of {@code e}, its causes, suppressed and (for SQL) next exceptions, one a line. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        Deque<Throwable> pending = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            all.append(t).append('\n');
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.push(sql.getNextException());
            }
        }
        return all.toString();
    }

    private static OperatorAction action(OperatorAction.Kind kind, long seconds) {
        return new OperatorAction(kind, "operator.jane", "checked with the department", at(seconds));
    }

    // --- migrations and inventory ---------------------------------------------------------------

    @Test
    void ensureMigrationIsIdempotentAndListsIt() {
        store().ensureMigration(m, at(5));
        assertThat(store().migrations()).containsOnlyOnce(m);
    }

    @Test
    void upsertAddsPendingStudiesWithWhatTheSourceSaid() {
        PatientIdentity patient = PatientIdentity.of("P-1", "HOSP_A");
        UpsertResult r = store().upsertDiscovered(m, List.of(
                study("1.2.1", Lane.RECENT, "2024-03-01", "mammography", patient, 7, 7000),
                study("1.2.2", Lane.BACKGROUND, null)), T0);

        assertThat(r).isEqualTo(new UpsertResult(2, 0, 0, List.of("1.2.1", "1.2.2"), List.of()));
        StudyRecord s = get("1.2.1");
        assertThat(s.studyInstanceUid()).isEqualTo("1.2.1");
        assertThat(s.tier()).isEqualTo("recent");
        assertThat(s.lane()).isEqualTo(Lane.RECENT);
        assertThat(s.modalityGroup()).isEqualTo("mammography");
        assertThat(s.state()).isEqualTo(StudyState.PENDING);
        assertThat(s.attempts()).isZero();
        assertThat(s.nextAttemptAt()).isNull();
        assertThat(s.studyDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(s.modalities()).containsExactlyInAnyOrder("CT", "SR");
        assertThat(s.patient()).isEqualTo(patient);
        assertThat(s.accessionNumber()).isEqualTo("ACC-1.2.1");
        assertThat(s.instanceCount()).isEqualTo(7);
        assertThat(s.sizeBytes()).isEqualTo(7000);
        assertThat(s.sample()).isFalse();
        assertThat(s.lastReason()).isNull();
        assertThat(s.updatedAt()).isEqualTo(T0);
        StudyRecord unknownDate = get("1.2.2");
        assertThat(unknownDate.studyDate()).isNull();
        assertThat(unknownDate.patient()).isNull();
        assertThat(store().study(m, "1.2.999")).isEmpty();
    }

    @Test
    void upsertOfKnownStudiesKeepsTheirPlaceAndCountsThemUnchanged() {
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, "2024-03-01")), T0);
        UpsertResult r = store().upsertDiscovered(m, List.of(
                study("1.2.1", Lane.BACKGROUND, "2024-03-01", "other", null, 3, 3000),
                study("1.2.2", Lane.BACKGROUND, null)), at(60));

        assertThat(r).isEqualTo(new UpsertResult(1, 0, 1, List.of("1.2.2"), List.of()));
        StudyRecord s = get("1.2.1");
        assertThat(s.tier()).isEqualTo("recent");
        assertThat(s.lane()).isEqualTo(Lane.RECENT);
        assertThat(s.modalityGroup()).isEmpty();
        assertThat(s.updatedAt()).isEqualTo(T0);
    }

    @Test
    void upsertCountsAStudyOnceEvenIfABatchHasItTwice() {
        UpsertResult r = store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, "2024-03-01"),
                study("1.2.1", Lane.RECENT, "2024-03-01")), T0);
        assertThat(r).isEqualTo(new UpsertResult(1, 0, 0, List.of("1.2.1"), List.of()));
    }

    @Test
    void upsertSendsChangedDoneAndSkippedStudiesBackToPending() {
        leaseOne("1.2.1", "w1");
        store().complete(m, "w1", "1.2.1", at(10));
        store().upsertDiscovered(m, List.of(study("1.2.2", Lane.BACKGROUND, "2020-01-01")), T0);
        store().lease(m, request("w1", 1, at(20)));
        long id = store().raiseException(m, "w1", "1.2.2", null, ReasonCode.REFUSED, "refused", true, at(30));
        store().act(m, id, action(OperatorAction.Kind.SKIP, 40));
        store().upsertDiscovered(m, List.of(study("1.2.3", Lane.BACKGROUND, "2020-01-01")), T0);

        UpsertResult r = store().upsertDiscovered(m, List.of(
                study("1.2.1", Lane.BACKGROUND, "2020-01-01", "", null, 4, 3000),
                study("1.2.2", Lane.BACKGROUND, "2020-01-01", "", null, 3, 3500),
                study("1.2.3", Lane.BACKGROUND, "2020-01-01", "", null, 5, 5000)), at(100));

        assertThat(r).isEqualTo(new UpsertResult(0, 3, 0, List.of(), List.of("1.2.1", "1.2.2", "1.2.3")));
        StudyRecord done = get("1.2.1");
        assertThat(done.state()).isEqualTo(StudyState.PENDING);
        assertThat(done.lastReason()).isEqualTo(ReasonCode.STUDY_CHANGED);
        assertThat(done.instanceCount()).isEqualTo(4);
        assertThat(done.updatedAt()).isEqualTo(at(100));
        StudyRecord skipped = get("1.2.2");
        assertThat(skipped.state()).isEqualTo(StudyState.PENDING);
        assertThat(skipped.attempts()).isZero();
        assertThat(skipped.sizeBytes()).isEqualTo(3500);
        StudyRecord pending = get("1.2.3");
        assertThat(pending.state()).isEqualTo(StudyState.PENDING);
        assertThat(pending.lastReason()).isNull();
        assertThat(pending.instanceCount()).isEqualTo(5);
        assertThat(uids(store().lease(m, request("w2", 10, at(200))))).contains("1.2.1", "1.2.2");
    }

    @Test
    void upsertDoesNotCountUnknownCountsAsChangesNorForgetKnownValues() {
        leaseOne("1.2.1", "w1");
        store().complete(m, "w1", "1.2.1", at(10));
        StudyDescriptor sparse = StudyDescriptor.ofUid("1.2.1");

        UpsertResult r = store().upsertDiscovered(m, List.of(new DiscoveredStudy(sparse, "x", Lane.RECENT, "")),
                at(100));

        assertThat(r).isEqualTo(new UpsertResult(0, 0, 1));
        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.DONE);
        assertThat(s.instanceCount()).isEqualTo(3);
        assertThat(s.sizeBytes()).isEqualTo(3000);
        assertThat(s.studyDate()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(s.modalities()).containsExactlyInAnyOrder("CT", "SR");
        assertThat(s.accessionNumber()).isEqualTo("ACC-1.2.1");
    }

    @Test
    void upsertTakesWhatTheSourceNowSaysWithoutCountingItAsAChange() {
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, null, "", null, -1, -1)), T0);
        PatientIdentity merged = PatientIdentity.of("P-2", "HOSP_A");

        UpsertResult r = store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, "2024-01-02", "", merged, 9,
                900)), at(50));

        assertThat(r).isEqualTo(new UpsertResult(0, 0, 1));
        StudyRecord s = get("1.2.1");
        assertThat(s.studyDate()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(s.patient()).isEqualTo(merged);
        assertThat(s.instanceCount()).isEqualTo(9);
        assertThat(s.sizeBytes()).isEqualTo(900);
        assertThat(s.updatedAt()).isEqualTo(at(50));
    }

    @Test
    void upsertIntoAnUnregisteredMigrationFailsWithoutPatientDataInAnyMessage() {
        DiscoveredStudy s = study("1.2.1", Lane.RECENT, "2024-01-01", "", PatientIdentity.of(SECRET_PATIENT, "H"), 1,
                1);
        DiscoveredStudy withAccession = new DiscoveredStudy(new StudyDescriptor("1.2.2", s.study().patient(), null,
                Accession.of(SECRET_ACCESSION), null, null, Set.of(), 1, 1, 1), "t", Lane.RECENT, "");

        assertThatThrownBy(() -> store().upsertDiscovered("no-such-migration", List.of(s, withAccession), T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-migration")
                .satisfies(e -> assertThat(messages(e)).doesNotContain(SECRET_PATIENT, SECRET_ACCESSION));
    }

    @Test
    void recordsToStringLeavesPatientAndAccessionOut() {
        store().upsertDiscovered(m, List.of(new DiscoveredStudy(new StudyDescriptor("1.2.1",
                PatientIdentity.of(SECRET_PATIENT, "H"), null, Accession.of(SECRET_ACCESSION), null, null, Set.of(), 1,
                1, 1), "t", Lane.RECENT, "")), T0);
        assertThat(get("1.2.1").toString()).doesNotContain(SECRET_PATIENT, SECRET_ACCESSION);
        assertThat(store().lease(m, request("w", 1, T0)).toString()).doesNotContain(SECRET_PATIENT, SECRET_ACCESSION);
    }

    // --- leasing --------------------------------------------------------------------------------

    @Test
    void leaseOrderIsLaneThenNewestDateWithUnknownDatesLastThenUidByCodePoint() {
        store().upsertDiscovered(m, List.of(
                study("1.1", Lane.BACKGROUND, "2024-06-01"),
                study("1.2", Lane.RECENT, null),
                study("1.3", Lane.RECENT, "2023-01-01"),
                study("12.1", Lane.RECENT, "2023-01-01"),
                study("1.4", Lane.RECENT, "2024-01-01"),
                study("1.5", Lane.PREFETCH, "2001-01-01"),
                study("1.6", Lane.BACKGROUND, null)), T0);

        List<StudyLease> leases = store().lease(m, request("w1", 10, T0));

        // "1.3" before "12.1": code point order ('.' < '2'), which a locale collation ignoring dots would swap.
        assertThat(uids(leases)).containsExactly("1.5", "1.4", "1.3", "12.1", "1.2", "1.1", "1.6");
    }

    @Test
    void leaseMarksStudiesInProgressForTheOwnerUntilTheLeaseExpires() {
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, "2024-01-01")), T0);

        List<StudyLease> leases = store().lease(m, request("w1", 5, at(10)));

        assertThat(leases).singleElement().satisfies(l -> {
            assertThat(l.owner()).isEqualTo("w1");
            assertThat(l.expiresAt()).isEqualTo(at(10).plus(LEASE));
            assertThat(l.resumed()).isFalse();
            assertThat(l.study().state()).isEqualTo(StudyState.IN_PROGRESS);
            assertThat(l.study().attempts()).isZero();
            assertThat(l.study().updatedAt()).isEqualTo(at(10));
            assertThat(l.study().patient()).isNull();
            assertThat(l.study().accessionNumber()).isEqualTo("ACC-1.2.1");
        });
        assertThat(get("1.2.1")).isEqualTo(leases.get(0).study());
        assertThat(store().lease(m, request("w2", 5, at(20)))).isEmpty();
    }

    @Test
    void leaseHandsOutAtMostMax() {
        store().upsertDiscovered(m, IntStream.range(0, 10).mapToObj(i -> study("1.2." + i, Lane.RECENT, null))
                .toList(), T0);

        assertThat(store().lease(m, request("w1", 3, T0))).hasSize(3);
        assertThat(store().lease(m, request("w2", 30, T0))).hasSize(7);
    }

    @Test
    void leaseTakesOnlyFromTheRequestedLanes() {
        store().upsertDiscovered(m, List.of(study("1.1", Lane.PREFETCH, null), study("1.2", Lane.RECENT, null),
                study("1.3", Lane.BACKGROUND, null)), T0);

        assertThat(store().lease(m, new LeaseRequest("w", 10, Set.of(), Set.of(), false, T0, LEASE))).isEmpty();
        assertThat(uids(store().lease(m, new LeaseRequest("w", 10, EnumSet.of(Lane.RECENT, Lane.BACKGROUND),
                Set.of(), false, T0, LEASE)))).containsExactly("1.2", "1.3");
    }

    @Test
    void leaseLeavesOutExcludedModalityGroups() {
        store().upsertDiscovered(m, List.of(
                study("1.1", Lane.RECENT, null, "mammography", null, 1, 1),
                study("1.2", Lane.RECENT, null, "", null, 1, 1),
                study("1.3", Lane.RECENT, null, "cardiology", null, 1, 1)), T0);

        assertThat(uids(store().lease(m, new LeaseRequest("w", 10, EnumSet.allOf(Lane.class),
                Set.of("mammography", "cardiology"), false, T0, LEASE)))).containsExactly("1.2");
        assertThat(uids(store().lease(m, request("w", 10, T0)))).containsExactly("1.1", "1.3");
    }

    @Test
    void sampleOnlyLeasesTheMarkedSample() {
        store().upsertDiscovered(m, List.of(study("1.1", Lane.RECENT, null), study("1.2", Lane.RECENT, null),
                study("1.3", Lane.RECENT, null)), T0);
        store().markSample(m, List.of("1.1", "1.3", "9.9.9"));

        assertThat(get("1.1").sample()).isTrue();
        assertThat(get("1.2").sample()).isFalse();
        assertThat(uids(store().lease(m, new LeaseRequest("w", 10, EnumSet.allOf(Lane.class), Set.of(), true, T0,
                LEASE)))).containsExactly("1.1", "1.3");
    }

    @Test
    void retryLaterBacksOffUntilTheNextAttempt() {
        leaseOne("1.2.1", "w1");

        store().retryLater(m, "w1", "1.2.1", ReasonCode.PEER_BUSY, "A700 out of resources", at(600), at(30));

        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.PENDING);
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.lastReason()).isEqualTo(ReasonCode.PEER_BUSY);
        assertThat(s.lastDetail()).isEqualTo("A700 out of resources");
        assertThat(s.nextAttemptAt()).isEqualTo(at(600));
        assertThat(s.updatedAt()).isEqualTo(at(30));
        assertThat(store().lease(m, request("w1", 1, at(599)))).isEmpty();
        List<StudyLease> again = store().lease(m, request("w2", 1, at(600)));
        assertThat(again).singleElement().satisfies(l -> {
            assertThat(l.resumed()).isTrue();
            assertThat(l.study().attempts()).isEqualTo(1);
            assertThat(l.study().nextAttemptAt()).isNull();
        });
    }

    @Test
    void anExpiredLeaseIsTakenOverAsAResumedAttemptAndTheFormerOwnerLosesIt() {
        leaseOne("1.2.1", "w1");
        assertThat(store().lease(m, request("w2", 1, at(59)))).isEmpty();

        List<StudyLease> takeover = store().lease(m, request("w2", 1, at(60)));

        assertThat(takeover).singleElement().satisfies(l -> {
            assertThat(l.owner()).isEqualTo("w2");
            assertThat(l.resumed()).isTrue();
            assertThat(l.study().attempts()).isEqualTo(1);
            assertThat(l.study().lastReason()).isEqualTo(ReasonCode.TIMEOUT);
        });
        assertThat(store().renew(m, "w1", List.of("1.2.1"), at(120))).containsExactly("1.2.1");
        assertThatThrownBy(() -> store().complete(m, "w1", "1.2.1", at(70)))
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("1.2.1")
                .satisfies(e -> assertThat(((LeaseLostException) e).studyInstanceUid()).isEqualTo("1.2.1"));
        store().complete(m, "w2", "1.2.1", at(80));
        assertThat(get("1.2.1").state()).isEqualTo(StudyState.DONE);
    }

    @Test
    void anExpiredLeaseNotYetTakenOverIsStillHeld() {
        leaseOne("1.2.1", "w1");

        assertThat(store().renew(m, "w1", List.of("1.2.1"), at(500))).isEmpty();
        store().complete(m, "w1", "1.2.1", at(400));

        assertThat(get("1.2.1").state()).isEqualTo(StudyState.DONE);
    }

    @Test
    void renewExtendsTheLeasesHeldAndReturnsTheOthers() {
        store().upsertDiscovered(m, List.of(study("1.1", Lane.RECENT, null), study("1.2", Lane.RECENT, null),
                study("1.3", Lane.RECENT, null)), T0);
        store().lease(m, request("w1", 2, T0));
        store().lease(m, request("w2", 1, T0));

        Set<String> lost = store().renew(m, "w1", List.of("1.1", "1.2", "1.3", "9.9"), at(300));

        assertThat(lost).containsExactlyInAnyOrder("1.3", "9.9");
        assertThat(store().lease(m, request("w3", 3, at(200)))).extracting(StudyLease::studyInstanceUid)
                .containsExactly("1.3");
        assertThat(store().renew(m, "w1", List.of(), at(300))).isEmpty();
    }

    @Test
    void releaseGivesTheStudyBackWithoutCountingAnAttempt() {
        leaseOne("1.2.1", "w1");

        store().release(m, "w2", "1.2.1", at(5));
        assertThat(get("1.2.1").state()).isEqualTo(StudyState.IN_PROGRESS);
        store().release(m, "w1", "1.2.1", at(10));

        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.PENDING);
        assertThat(s.attempts()).isZero();
        assertThat(s.updatedAt()).isEqualTo(at(10));
        assertThat(store().lease(m, request("w2", 1, at(11)))).singleElement()
                .satisfies(l -> assertThat(l.resumed()).isFalse());
    }

    @Test
    void aStudyWithInstanceRecordsIsResumed() {
        leaseOne("1.2.1", "w1");
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.1", StoreResult.Status.STORED, null, null, 10,
                at(5)));
        store().release(m, "w1", "1.2.1", at(10));

        assertThat(store().lease(m, request("w2", 1, at(11)))).singleElement()
                .satisfies(l -> assertThat(l.resumed()).isTrue());
    }

    @Test
    void onlyTheOwnerMayCompleteRetryOrFailAStudy() {
        leaseOne("1.2.1", "w1");

        assertThatThrownBy(() -> store().complete(m, "w2", "1.2.1", at(1))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store().retryLater(m, "w2", "1.2.1", ReasonCode.NETWORK, "", at(100), at(1)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store().raiseException(m, "w2", "1.2.1", null, ReasonCode.REFUSED, "", true, at(1)))
                .isInstanceOf(LeaseLostException.class);

        assertThat(store().exceptions(m, Set.of())).isEmpty();
        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.IN_PROGRESS);
        assertThat(s.attempts()).isZero();
    }

    @Test
    void aStudyNoLongerInProgressCannotBeCompletedAgain() {
        leaseOne("1.2.1", "w1");
        store().complete(m, "w1", "1.2.1", at(1));

        assertThatThrownBy(() -> store().complete(m, "w1", "1.2.1", at(2))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store().complete(m, "w1", "9.9.9", at(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9.9.9").hasMessageContaining(m);
    }

    // --- instances --------------------------------------------------------------------------------

    @Test
    void recordInstanceIsIdempotentAndNeedsNoLease() {
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, null)), T0);
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.1", StoreResult.Status.STORED, null,
                "ab".repeat(32), 100, at(1)));
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.2", StoreResult.Status.STORED, null, null, 200,
                at(2)));
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.1", StoreResult.Status.STORED_WITH_WARNING,
                "B000 coerced", "cd".repeat(32), 150, at(3)));

        assertThat(store().storedInstances(m, "1.2.1")).containsExactlyInAnyOrder("1.2.1.1", "1.2.1.2");
        assertThat(store().storedInstances(m, "1.2.9")).isEmpty();
        StateCounts counts = store().counts(m);
        assertThat(counts.instancesStored()).isEqualTo(2);
        assertThat(counts.bytesStored()).isEqualTo(350);
    }

    @Test
    void forEachInstanceStreamsEveryRecordByStudyThenSopPageAfterPage() {
        // Studies of very different sizes, so that pages end inside a study and between studies, and a
        // UID whose study sorts after a longer one's prefix (1.2.10 after 1.2.1).
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, null), study("1.2.10", Lane.RECENT, null),
                study("1.2.2", Lane.RECENT, null), study("1.2.3", Lane.RECENT, null)), T0);
        List<String> expected = new ArrayList<>();
        int[] sizes = {1_001, 1, 0, 999};
        String[] studies = {"1.2.1", "1.2.10", "1.2.2", "1.2.3"};
        for (int s = 0; s < studies.length; s++) {
            for (int i = sizes[s]; i >= 1; i--) {
                String sop = studies[s] + "." + String.format("%05d", i);
                store().recordInstance(m, new InstanceRecord(studies[s], sop, StoreResult.Status.STORED, null,
                        i % 2 == 0 ? null : "ab".repeat(32), i, at(i)));
                expected.add(studies[s] + " " + sop);
            }
        }
        store().recordInstance(m, new InstanceRecord("1.2.3", "1.2.3.00007", StoreResult.Status.STORED_WITH_WARNING,
                "B000 coerced", "cd".repeat(32), 70, at(5_000)));
        Collections.sort(expected);

        List<InstanceRecord> seen = new ArrayList<>();
        store().forEachInstance(m, seen::add);

        assertThat(seen).extracting(r -> r.studyInstanceUid() + " " + r.sopInstanceUid())
                .containsExactlyElementsOf(expected);
        assertThat(seen).filteredOn(r -> r.sopInstanceUid().equals("1.2.3.00007")).singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(StoreResult.Status.STORED_WITH_WARNING);
                    assertThat(r.detail()).isEqualTo("B000 coerced");
                    assertThat(r.sha256()).isEqualTo("cd".repeat(32));
                    assertThat(r.bytes()).isEqualTo(70);
                    assertThat(r.storedAt()).isEqualTo(at(5_000));
                });
        assertThat(seen).filteredOn(r -> r.sopInstanceUid().equals("1.2.1.00002")).singleElement()
                .satisfies(r -> assertThat(r.sha256()).isNull());
        List<InstanceRecord> none = new ArrayList<>();
        store().forEachInstance("other-migration", none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void instancesOfAStudyKeepTheirEvidence() {
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, null), study("1.2.2", Lane.RECENT, null)), T0);
        Digest pixels = new Digest("SHA-256", "ef".repeat(32));
        TagPath nested = TagPath.of(0x00400275).child(0, 0x00400009);
        Map<TagPath, String> attributes = Map.of(TagPath.of(0x00189345), "12.5", nested, "SPS\\1", TagPath.of(0x00100010),
                "Ünïcode^Näme");
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.2", StoreResult.Status.STORED, null, "ab".repeat(32),
                100, at(1), "1.2.840.10008.1.2.1", pixels, attributes));
        store().recordInstance(m, new InstanceRecord("1.2.1", "1.2.1.1", StoreResult.Status.ALREADY_PRESENT, null, null,
                0, at(2)));
        store().recordInstance(m, new InstanceRecord("1.2.2", "1.2.2.1", StoreResult.Status.STORED, null, null, 5, at(3)));

        List<InstanceRecord> records = store().instances(m, "1.2.1");

        assertThat(records).extracting(InstanceRecord::sopInstanceUid).containsExactly("1.2.1.1", "1.2.1.2");
        assertThat(records.get(0).transferSyntaxUid()).isNull();
        assertThat(records.get(0).pixelData()).isNull();
        assertThat(records.get(0).attributes()).isEmpty();
        assertThat(records.get(1).transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(records.get(1).pixelData()).isEqualTo(pixels);
        assertThat(records.get(1).attributes()).isEqualTo(attributes);
        assertThat(store().instances(m, "9.9")).isEmpty();
    }

    @Test
    void recordInstanceOfAnUnknownStudyFails() {
        assertThatThrownBy(() -> store().recordInstance(m, new InstanceRecord("9.9", "9.9.1",
                StoreResult.Status.STORED, null, null, 1, T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9.9").hasMessageContaining(m);
    }

    // --- exceptions and operator actions ----------------------------------------------------------

    @Test
    void raiseExceptionWithFailStudyStopsTheStudy() {
        leaseOne("1.2.1", "w1");

        long id = store().raiseException(m, "w1", "1.2.1", null, ReasonCode.IDENTITY_CONFLICT, "MPI disagrees", true,
                at(10));

        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.EXCEPTION);
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(s.lastReason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
        assertThat(s.lastDetail()).isEqualTo("MPI disagrees");
        assertThat(store().exceptions(m, Set.of(ExceptionRecord.Status.OPEN))).containsExactly(new ExceptionRecord(id,
                "1.2.1", null, ReasonCode.IDENTITY_CONFLICT, "MPI disagrees", at(10), ExceptionRecord.Status.OPEN));
        assertThat(store().lease(m, request("w2", 1, at(1000)))).isEmpty();
    }

    @Test
    void raiseExceptionWithoutFailStudyLeavesTheStudyAlone() {
        leaseOne("1.2.1", "w1");

        long instance = store().raiseException(m, "w1", "1.2.1", "1.2.1.7", ReasonCode.CORRUPT_OBJECT, "truncated",
                false, at(10));
        long global = store().raiseException(m, null, null, null, ReasonCode.PEER_BUSY, "lane RECENT paused", false,
                at(20));

        assertThat(instance).isNotEqualTo(global);
        assertThat(get("1.2.1").state()).isEqualTo(StudyState.IN_PROGRESS);
        assertThat(store().exceptions(m, Set.of())).extracting(ExceptionRecord::id, ExceptionRecord::studyInstanceUid,
                        ExceptionRecord::sopInstanceUid)
                .containsExactly(tuple(instance, "1.2.1", "1.2.1.7"),
                        tuple(global, null, null));
        assertThatThrownBy(() -> store().raiseException(m, null, "9.9", null, ReasonCode.INTERNAL, "", false, at(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9.9");
        assertThatThrownBy(() -> store().raiseException(m, null, null, null, ReasonCode.INTERNAL, "", true, at(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void completeSupersedesTheStudysOpenExceptions() {
        leaseOne("1.2.1", "w1");
        long a = store().raiseException(m, "w1", "1.2.1", "1.2.1.1", ReasonCode.NETWORK, "reset", false, at(1));
        store().upsertDiscovered(m, List.of(study("1.2.2", Lane.BACKGROUND, null)), T0);
        long other = store().raiseException(m, null, "1.2.2", null, ReasonCode.NETWORK, "reset", false, at(2));

        store().complete(m, "w1", "1.2.1", at(3));

        assertThat(store().exceptions(m, Set.of(ExceptionRecord.Status.SUPERSEDED))).extracting(ExceptionRecord::id)
                .containsExactly(a);
        assertThat(store().exceptions(m, Set.of(ExceptionRecord.Status.OPEN))).extracting(ExceptionRecord::id)
                .containsExactly(other);
    }

    @Test
    void retryPutsTheStudyBackWithItsAttemptsResetAndClosesItsOtherExceptions() {
        leaseOne("1.2.1", "w1");
        long first = store().raiseException(m, "w1", "1.2.1", "1.2.1.1", ReasonCode.CORRUPT_OBJECT, "bad", false,
                at(1));
        long failed = store().raiseException(m, "w1", "1.2.1", null, ReasonCode.MISSING_INSTANCE, "1 missing", true,
                at(2));
        store().upsertDiscovered(m, List.of(study("1.2.2", Lane.BACKGROUND, null)), T0);
        long unrelated = store().raiseException(m, null, "1.2.2", null, ReasonCode.NETWORK, "", false, at(3));

        store().act(m, failed, action(OperatorAction.Kind.RETRY, 100));

        StudyRecord s = get("1.2.1");
        assertThat(s.state()).isEqualTo(StudyState.PENDING);
        assertThat(s.attempts()).isZero();
        assertThat(s.updatedAt()).isEqualTo(at(100));
        assertThat(store().exceptions(m, Set.of(ExceptionRecord.Status.RETRIED))).extracting(ExceptionRecord::id)
                .containsExactly(first, failed);
        assertThat(store().exceptions(m, Set.of(ExceptionRecord.Status.OPEN))).extracting(ExceptionRecord::id)
                .containsExactly(unrelated);
        assertThat(store().actions(m, failed)).containsExactly(action(OperatorAction.Kind.RETRY, 100));
        assertThat(store().actions(m, first)).containsExactly(action(OperatorAction.Kind.RETRY, 100));
        assertThat(store().actions(m, unrelated)).isEmpty();
        assertThat(store().actions("other-migration", failed)).isEmpty();
        assertThat(uids(store().lease(m, request("w2", 1, at(101))))).containsExactly("1.2.1");
    }

    @Test
    void skipAndResolveEndTheStudy() {
        store().upsertDiscovered(m, List.of(study("1.1", Lane.RECENT, null), study("1.2", Lane.RECENT, null)), T0);
        store().lease(m, request("w1", 2, T0));
        long skip = store().raiseException(m, "w1", "1.1", null, ReasonCode.REFUSED, "", true, at(1));
        long resolve = store().raiseException(m, "w1", "1.2", null, ReasonCode.VERIFICATION_FAILED, "", true, at(2));

        store().act(m, skip, action(OperatorAction.Kind.SKIP, 10));
        store().act(m, resolve, action(OperatorAction.Kind.RESOLVE, 20));

        assertThat(get("1.1").state()).isEqualTo(StudyState.SKIPPED);
        assertThat(get("1.2").state()).isEqualTo(StudyState.DONE);
        assertThat(store().exceptions(m, Set.of())).extracting(ExceptionRecord::status)
                .containsExactly(ExceptionRecord.Status.SKIPPED, ExceptionRecord.Status.RESOLVED);
        assertThat(store().lease(m, request("w2", 5, at(1000)))).isEmpty();
    }

    @Test
    void actingOnAMigrationWideExceptionClosesOnlyIt() {
        long a = store().raiseException(m, null, null, null, ReasonCode.PEER_BUSY, "paused", false, at(1));
        long b = store().raiseException(m, null, null, null, ReasonCode.PEER_BUSY, "paused again", false, at(2));

        store().act(m, a, action(OperatorAction.Kind.RESOLVE, 10));

        assertThat(store().exceptions(m, Set.of())).extracting(ExceptionRecord::id, ExceptionRecord::status)
                .containsExactly(tuple(a, ExceptionRecord.Status.RESOLVED),
                        tuple(b, ExceptionRecord.Status.OPEN));
    }

    @Test
    void actRequiresAnOpenExceptionOfTheMigration() {
        long id = store().raiseException(m, null, null, null, ReasonCode.PEER_BUSY, "", false, at(1));
        store().act(m, id, action(OperatorAction.Kind.RESOLVE, 10));

        assertThatThrownBy(() -> store().act(m, id, action(OperatorAction.Kind.RETRY, 20)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RESOLVED");
        assertThatThrownBy(() -> store().act(m, 987654321L, action(OperatorAction.Kind.RETRY, 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("987654321");
        assertThatThrownBy(() -> store().act("other-migration", id, action(OperatorAction.Kind.RETRY, 20)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().actions(m, id)).hasSize(1);
    }

    @Test
    void exceptionsAreListedOldestFirstAndFilteredByStatus() {
        long later = store().raiseException(m, null, null, null, ReasonCode.NETWORK, "later", false, at(20));
        long earlier = store().raiseException(m, null, null, null, ReasonCode.TIMEOUT, "earlier", false, at(10));
        store().act(m, later, action(OperatorAction.Kind.SKIP, 30));

        assertThat(store().exceptions(m, Set.of())).extracting(ExceptionRecord::id).containsExactly(earlier, later);
        assertThat(store().exceptions(m, EnumSet.of(ExceptionRecord.Status.SKIPPED, ExceptionRecord.Status.RETRIED)))
                .extracting(ExceptionRecord::id).containsExactly(later);
        assertThat(store().exceptions("other-migration", Set.of())).isEmpty();
    }

    // --- promotion, counts, streaming --------------------------------------------------------------

    @Test
    void promotePatientMovesThePatientsPendingStudies() {
        PatientIdentity patient = PatientIdentity.of("P-7", "HOSP_A");
        store().upsertDiscovered(m, List.of(
                study("1.1", Lane.BACKGROUND, "2001-01-01", "", patient, 1, 1),
                study("1.2", Lane.RECENT, "2001-01-01", "", patient, 1, 1),
                study("1.3", Lane.BACKGROUND, "2001-01-01", "", PatientIdentity.of("P-7", "HOSP_B"), 1, 1),
                study("1.4", Lane.BACKGROUND, "2001-01-01", "", patient, 1, 1),
                study("1.5", Lane.RECENT, "2024-01-01")), T0);
        store().upsertDiscovered(m, List.of(study("1.0", Lane.BACKGROUND, "2001-01-01", "", patient, 1, 1)), T0);
        store().lease(m, new LeaseRequest("w", 1, EnumSet.of(Lane.BACKGROUND), Set.of(), false, T0, LEASE));

        int moved = store().promotePatient(m, patient, Lane.PREFETCH, at(10));

        assertThat(moved).isEqualTo(3);
        assertThat(get("1.1").lane()).isEqualTo(Lane.PREFETCH);
        assertThat(get("1.1").updatedAt()).isEqualTo(at(10));
        assertThat(get("1.0").lane()).isEqualTo(Lane.BACKGROUND);
        assertThat(get("1.3").lane()).isEqualTo(Lane.BACKGROUND);
        assertThat(store().promotePatient(m, patient, Lane.PREFETCH, at(20))).isZero();
        assertThat(uids(store().lease(m, request("w", 4, at(30))))).containsExactly("1.1", "1.2", "1.4", "1.5");
    }

    @Test
    void aPrefetchRequestWaitsForThePatientsStudiesNotYetDoneAndMeasuresTheirArrival() {
        PatientIdentity patient = PatientIdentity.of("P-8", "HOSP_A");
        store().upsertDiscovered(m, List.of(
                study("2.1", Lane.BACKGROUND, "2001-01-01", "", patient, 1, 1),
                study("2.2", Lane.BACKGROUND, "2002-01-01", "", patient, 1, 1),
                study("2.3", Lane.BACKGROUND, "2003-01-01", "", patient, 1, 1),
                study("2.9", Lane.RECENT, "2024-01-01")), T0);
        // 2.3 is already on the destination when the request arrives.
        store().lease(m, new LeaseRequest("w", 4, EnumSet.allOf(Lane.class), Set.of(), false, T0, LEASE));
        store().complete(m, "w", "2.3", at(1));
        store().release(m, "w", "2.1", at(1));
        store().release(m, "w", "2.2", at(1));
        store().release(m, "w", "2.9", at(1));

        PrefetchRecord r = store().requestPrefetch(m, patient, Lane.PREFETCH, "HL7 ADT^A04 control ID 42", at(10));

        assertThat(r.studies()).isEqualTo(2);
        assertThat(r.alreadyDone()).isEqualTo(1);
        assertThat(get("2.1").lane()).isEqualTo(Lane.PREFETCH);
        assertThat(uids(store().lease(m, request("w", 2, at(11))))).as("the pre-fetch lane first")
                .containsExactlyInAnyOrder("2.1", "2.2");
        store().complete(m, "w", "2.1", at(15));
        assertThat(store().prefetches(m)).singleElement().satisfies(p -> {
            assertThat(p.trigger()).isEqualTo("HL7 ADT^A04 control ID 42");
            assertThat(p.done()).isEqualTo(1);
            assertThat(p.satisfied()).isFalse();
            assertThat(p.latency()).isEmpty();
        });
        store().complete(m, "w", "2.2", at(40));

        PrefetchRecord done = store().prefetches(m).get(0);
        assertThat(done.satisfied()).isTrue();
        assertThat(done.lastDoneAt()).isEqualTo(at(40));
        assertThat(done.latency()).contains(java.time.Duration.between(at(10), at(40)));
        // A patient with nothing left to move: satisfied at once.
        PrefetchRecord nothing = store().requestPrefetch(m, patient, Lane.PREFETCH, "API", at(50));
        assertThat(nothing.studies()).isZero();
        assertThat(store().prefetches(m)).hasSize(2).last().satisfies(p ->
                assertThat(p.latency()).contains(java.time.Duration.ZERO));
        assertThat(store().prefetches("other-migration")).isEmpty();
    }

    @Test
    void unfinishedWhileAnyStudyIsPendingOrInProgress() {
        assertThat(store().hasUnfinished(m)).isFalse();
        store().upsertDiscovered(m, List.of(study("1.1", Lane.RECENT, null), study("1.2", Lane.RECENT, null)), T0);
        assertThat(store().hasUnfinished(m)).isTrue();
        store().lease(m, request("w", 2, T0));
        store().complete(m, "w", "1.1", at(1));
        assertThat(store().hasUnfinished(m)).as("1.2 is in progress").isTrue();
        store().raiseException(m, "w", "1.2", null, ReasonCode.REFUSED, "", true, at(2));
        assertThat(store().hasUnfinished(m)).as("one done, one on the exception list").isFalse();
        assertThat(store().hasUnfinished("other-migration")).isFalse();
    }

    @Test
    void countsByStateAndLaneWithInstancesAndOpenExceptions() {
        store().upsertDiscovered(m, List.of(study("1.1", Lane.PREFETCH, null), study("1.2", Lane.RECENT, null),
                study("1.3", Lane.RECENT, null), study("1.4", Lane.BACKGROUND, null), study("1.5", Lane.BACKGROUND,
                        null)), T0);
        store().lease(m, request("w", 2, T0));
        store().complete(m, "w", "1.1", at(1));
        store().recordInstance(m, new InstanceRecord("1.1", "1.1.1", StoreResult.Status.STORED, null, null, 40, at(1)));
        store().recordInstance(m, new InstanceRecord("1.2", "1.2.1", StoreResult.Status.STORED, null, null, 2, at(1)));
        store().raiseException(m, "w", "1.2", null, ReasonCode.REFUSED, "", true, at(2));
        store().raiseException(m, null, null, null, ReasonCode.PEER_BUSY, "", false, at(3));

        StateCounts c = store().counts(m);

        assertThat(c.studies(StudyState.PENDING)).isEqualTo(3);
        assertThat(c.studies(StudyState.DONE)).isEqualTo(1);
        assertThat(c.studies(StudyState.EXCEPTION)).isEqualTo(1);
        assertThat(c.studies(StudyState.IN_PROGRESS)).isZero();
        assertThat(c.totalStudies()).isEqualTo(5);
        assertThat(c.pendingByLane()).containsEntry(Lane.PREFETCH, 0L).containsEntry(Lane.RECENT, 1L)
                .containsEntry(Lane.BACKGROUND, 2L);
        assertThat(c.instancesStored()).isEqualTo(2);
        assertThat(c.bytesStored()).isEqualTo(42);
        assertThat(c.openExceptions()).isEqualTo(2);
        assertThat(store().counts("other-migration").totalStudies()).isZero();
    }

    @Test
    void forEachStudyStreamsByUidPageAfterPage() {
        List<DiscoveredStudy> many = IntStream.range(0, 1_234).mapToObj(i -> study(String.format("1.2.%05d", i),
                Lane.BACKGROUND, null)).toList();
        store().upsertDiscovered(m, many, T0);
        store().lease(m, request("w", 3, T0));

        List<String> all = new ArrayList<>();
        store().forEachStudy(m, Set.of(), s -> all.add(s.studyInstanceUid()));
        List<String> inProgress = new ArrayList<>();
        store().forEachStudy(m, EnumSet.of(StudyState.IN_PROGRESS, StudyState.DONE),
                s -> inProgress.add(s.studyInstanceUid()));

        assertThat(all).hasSize(1_234).isSorted().doesNotHaveDuplicates();
        assertThat(inProgress).hasSize(3).isSorted();
    }

    // --- sweeps and reports -----------------------------------------------------------------------

    @Test
    void sweepsAreKeptOldestFirst() {
        Sweep delta = new Sweep(at(200), LocalDate.of(2030, 1, 1), 5, 2, "delta");
        Sweep inventory = new Sweep(at(100), null, 1000, 0, "inventory");
        store().recordSweep(m, delta);
        store().recordSweep(m, inventory);

        assertThat(store().sweeps(m)).containsExactly(inventory, delta);
        assertThatThrownBy(() -> store().recordSweep("no-such-migration", inventory))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-migration");
    }

    @Test
    void aLaterReportOfAPhaseReplacesTheEarlierOne() {
        assertThat(store().report(m, "test-migration")).isEmpty();

        store().saveReport(m, "test-migration", at(0), at(10), "{\"studies\":1}");
        store().saveReport(m, "test-migration", at(20), at(30), "{\"studies\":2}");
        store().saveReport(m, "inventory", at(0), at(5), "{}");

        assertThat(store().report(m, "test-migration")).contains("{\"studies\":2}");
        assertThat(store().report(m, "inventory")).contains("{}");
        String large = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        store().saveReport(m, "inventory", at(0), at(5), large);
        assertThat(store().report(m, "inventory")).contains(large);
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        Instant precise = Instant.parse("2030-01-01T00:00:00.123456789Z");
        store().upsertDiscovered(m, List.of(study("1.2.1", Lane.RECENT, null)), precise);

        assertThat(get("1.2.1").updatedAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
    }

    // --- concurrency --------------------------------------------------------------------------------

    @Test
    void threadsLeasingAtOnceNeverGetTheSameStudyAndTogetherGetAll() throws Exception {
        int studies = 500;
        int threads = 6;
        store().upsertDiscovered(m, IntStream.range(0, studies).mapToObj(i -> study("1.2." + i,
                Lane.values()[i % 3], i % 10 == 0 ? null : "2020-01-" + (10 + i % 20))).toList(), T0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "worker-" + t;
                results.add(pool.submit((Callable<List<String>>) () -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        List<StudyLease> got = store().lease(m, request(owner, 16, at(1)));
                        if (got.isEmpty()) {
                            return mine;
                        }
                        got.forEach(l -> assertThat(l.owner()).isEqualTo(owner));
                        mine.addAll(uids(got));
                    }
                }));
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : results) {
                all.addAll(f.get(50, TimeUnit.SECONDS));
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(studies);
            assertThat(new HashSet<>(all)).isEqualTo(new HashSet<>(IntStream.range(0, studies)
                    .mapToObj(i -> "1.2." + i).toList()));
            assertThat(store().counts(m).studies(StudyState.IN_PROGRESS)).isEqualTo(studies);
        } finally {
            pool.shutdownNow();
        }
    }
}
