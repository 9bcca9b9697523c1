package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end over in-memory archives and the embedded H2 store: every phase, retries,
 * the exception list and its actions, lanes and pre-fetch, throttles, the circuit breaker, delta
 * and resuming after a stop without storing anything twice.
 */
class MigrationTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path dir;
    private StateStore store;
    private FakeArchive source;
    private FakeArchive destination;

    @BeforeEach
    void open() {
        store = JdbcStateStore.openEmbedded(dir);
        source = new FakeArchive("legacy");
        destination = new FakeArchive("vna");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MigrationPlan.Builder plan() {
        return MigrationPlan.builder("test")
                .source(source)
                .destination(destination)
                .retry(new RetryPolicy(3, Backoff.fixed(Duration.ofMillis(20))))
                .leaseDuration(Duration.ofSeconds(30));
    }

    private void archiveOf(int studies, int instancesEach) {
        for (int i = 1; i <= studies; i++) {
            source.study("1.2.3." + i, "P" + (i % 7), TODAY.minusDays(i * 40L), i % 3 == 0 ? "MR" : "CT", instancesEach);
        }
    }

    private void assertStoredOnceEach(int expected) {
        assertThat(destination.storeCount).hasSize(expected);
        assertThat(destination.storeCount.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void inventoryProductionValidationAndReadiness() throws Exception {
        archiveOf(20, 5);
        Migration m = Migration.builder(plan().maxStudies(3).build(), store).build();

        PhaseReport inventory = m.inventory();
        assertThat(inventory.number("studiesFound")).isEqualTo(20);
        assertThat(inventory.number("instances")).isEqualTo(100);
        assertThat(inventory.figures().get("byModality")).isEqualTo(Map.of("CT", 14L, "MR", 6L));

        PhaseReport production = m.production();
        assertThat(production.number("instancesStored")).isEqualTo(100);
        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(20);
        assertStoredOnceEach(100);
        assertThat(destination.stored.get("1.2.3.4.1.2").remainder()).isEqualTo(FakeArchive.remainderOf("1.2.3.4.1.2"));

        assertThat(m.validation().number("passRate")).isEqualTo(1.0);
        PhaseReport readiness = m.readiness();
        assertThat(readiness.figures()).containsEntry("ready", true);
        assertThat(store.report("test", "readiness")).hasValueSatisfying(j -> assertThat(j).contains("\"ready\" : true"));
    }

    @Test
    void aStudyTheSourceListsWithoutInstancesIsAnExceptionNeverDone() throws Exception {
        archiveOf(3, 2);
        source.study("1.2.3.9", "P9", TODAY.minusDays(2), "CT", 0);
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(3);
        assertThat(m.counts().studies(StudyState.EXCEPTION)).isEqualTo(1);
        assertThat(m.exceptions(Set.of(ExceptionRecord.Status.OPEN))).singleElement().satisfies(e -> {
            assertThat(e.studyInstanceUid()).isEqualTo("1.2.3.9");
            assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
            assertThat(e.detail()).contains("no instance");
        });
    }

    @Test
    void dryRunExaminesStoresNothingAndCountsStudiesTheSourceFailsToDeliver() throws Exception {
        archiveOf(6, 3);
        source.transientRetrieveFailures.put("1.2.3.1", new AtomicInteger(1));
        source.transientRetrieveFailures.put("1.2.3.2", new AtomicInteger(99));
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();

        PhaseReport dry = m.dryRun(10);

        assertThat(dry.number("studiesSampled")).as("1.2.3.1 read on its second attempt").isEqualTo(5);
        assertThat(dry.number("instancesExamined")).isEqualTo(15);
        assertThat(dry.figures().get("studiesNotExamined")).isEqualTo(Map.of("PEER_BUSY", 1L));
        assertThat(destination.storeCount).isEmpty();
        assertThat(m.counts().studies(StudyState.PENDING)).isEqualTo(6);
    }

    @Test
    void withoutALogInThePlanEveryInstanceMovedIsOnTheStoresCustodyChainWithOperatorActions() throws Exception {
        archiveOf(3, 2);
        destination.refusedSops.add("1.2.3.2.1.1");
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        List<dev.ferry.api.CustodyRecord> records = new ArrayList<>();
        long exceptionId = m.exceptions(Set.of(ExceptionRecord.Status.OPEN)).stream()
                .filter(e -> e.sopInstanceUid() == null).findFirst().orElseThrow().id();
        m.act(exceptionId, new OperatorAction(OperatorAction.Kind.SKIP, "alice", "refused by the VNA, rescanned",
                java.time.Instant.now()));
        try (dev.ferry.spi.CustodyLog log = store.custodyLog("test")) {
            log.read(dev.ferry.api.CustodyQuery.ALL, records::add);
            assertThat(log.verifyChain().intact()).isTrue();
        }
        Map<dev.ferry.api.CustodyEvent.Type, Long> byType = new java.util.TreeMap<>();
        records.forEach(r -> byType.merge(r.event().type(), 1L, Long::sum));
        assertThat(byType).containsEntry(dev.ferry.api.CustodyEvent.Type.STORED, 5L)
                .containsEntry(dev.ferry.api.CustodyEvent.Type.RETRIEVED, 5L)
                .containsEntry(dev.ferry.api.CustodyEvent.Type.OPERATOR_ACTION, 1L)
                .containsEntry(dev.ferry.api.CustodyEvent.Type.EXCEPTION_RESOLVED, 1L);
        dev.ferry.api.CustodyRecord action = records.stream()
                .filter(r -> r.event().type() == dev.ferry.api.CustodyEvent.Type.OPERATOR_ACTION).findFirst().orElseThrow();
        assertThat(action.event().actor()).isEqualTo("alice");
        assertThat(action.event().details()).containsEntry("action", "SKIP")
                .containsEntry("reason", "refused by the VNA, rescanned");
        assertThat(action.event().item().studyInstanceUid()).isEqualTo("1.2.3.2");
    }

    @Test
    void transientFailuresAreRetriedAndGiveUpAfterTheLimit() throws Exception {
        archiveOf(3, 2);
        source.transientRetrieveFailures.put("1.2.3.1", new AtomicInteger(1));
        source.transientRetrieveFailures.put("1.2.3.2", new AtomicInteger(99));
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();

        m.production();

        assertThat(store.study("test", "1.2.3.1")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(StudyState.DONE);
            assertThat(s.attempts()).isEqualTo(1);
        });
        assertThat(store.study("test", "1.2.3.2")).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(StudyState.EXCEPTION);
            assertThat(s.lastReason()).isEqualTo(ReasonCode.PEER_BUSY);
        });
        List<ExceptionRecord> open = m.exceptions(Set.of(ExceptionRecord.Status.OPEN));
        assertThat(open).singleElement().satisfies(e -> {
            assertThat(e.studyInstanceUid()).isEqualTo("1.2.3.2");
            assertThat(e.detail()).contains("gave up after 3 attempts");
        });
    }

    @Test
    void aRefusedInstanceIsItsOwnExceptionWhileTheOthersAreStoredAndARetryFinishesTheStudy() throws Exception {
        archiveOf(2, 4);
        destination.refusedSops.add("1.2.3.1.1.3");
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        assertThat(store.study("test", "1.2.3.1").orElseThrow().state()).isEqualTo(StudyState.EXCEPTION);
        assertThat(store.storedInstances("test", "1.2.3.1")).hasSize(3);
        List<ExceptionRecord> open = m.exceptions(Set.of(ExceptionRecord.Status.OPEN));
        assertThat(open).extracting(ExceptionRecord::sopInstanceUid).containsExactlyInAnyOrder("1.2.3.1.1.3", null);
        assertThat(open).extracting(ExceptionRecord::reason).containsOnly(ReasonCode.REFUSED);

        destination.refusedSops.clear();
        long studyLevel = open.stream().filter(e -> e.sopInstanceUid() == null).findFirst().orElseThrow().id();
        m.act(studyLevel, new OperatorAction(OperatorAction.Kind.RETRY, "alice", "destination fixed", Instant.now()));
        m.production();

        assertThat(store.study("test", "1.2.3.1").orElseThrow().state()).isEqualTo(StudyState.DONE);
        assertStoredOnceEach(8);
        assertThat(store.actions("test", studyLevel)).singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo("alice"));
        assertThat(m.exceptions(Set.of(ExceptionRecord.Status.OPEN))).isEmpty();
    }

    @Test
    void aStudyTheSourceDoesNotFullyDeliverIsNotDone() throws Exception {
        archiveOf(1, 3);
        source.undelivered.add("1.2.3.1.1.2");
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        assertThat(store.study("test", "1.2.3.1").orElseThrow().state()).isEqualTo(StudyState.EXCEPTION);
        assertThat(m.exceptions(Set.of())).anySatisfy(e -> {
            assertThat(e.sopInstanceUid()).isEqualTo("1.2.3.1.1.2");
            assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
        });
    }

    @Test
    void stoppedMidwayAndRunAgainStoresEverythingOnce() throws Exception {
        archiveOf(12, 5);
        AtomicInteger delivered = new AtomicInteger();
        MigrationPlan plan = plan().maxStudies(2).build();
        Migration first = Migration.builder(plan, store).build();
        first.inventory();
        source.beforeEachDelivery = sop -> {
            if (delivered.incrementAndGet() == 23) {
                first.stop();
            }
            return true;
        };
        PhaseReport stopped = first.production();
        assertThat(stopped.notes()).anySatisfy(n -> assertThat(n).contains("stopped"));
        assertThat(store.counts("test").studies(StudyState.DONE)).isLessThan(12);

        source.beforeEachDelivery = sop -> true;
        Migration second = Migration.builder(plan, store).build();
        second.production();

        assertThat(store.counts("test").studies(StudyState.DONE)).isEqualTo(12);
        assertStoredOnceEach(60);
    }

    @Test
    void aResumedStudyAdoptsWhatTheDestinationAlreadyHolds() throws Exception {
        archiveOf(1, 4);
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        // Stored before a crash, never recorded: the destination has it, the store does not.
        source.retrieve(dev.ferry.api.RetrieveRequest.instances("1.2.3.1", Set.of("1.2.3.1.1.1")), destination::store);
        source.transientRetrieveFailures.put("1.2.3.1", new AtomicInteger(1));

        m.production();

        assertStoredOnceEach(4);
        assertThat(store.study("test", "1.2.3.1").orElseThrow().state()).isEqualTo(StudyState.DONE);
    }

    @Test
    void recentTierGoesFirstAndAPrefetchedPatientBeforeIt() throws Exception {
        for (int i = 1; i <= 6; i++) {
            source.study("2.1." + i, "OLD" + i, TODAY.minusYears(5).minusDays(i), "CR", 1);
            source.study("2.2." + i, "NEW" + i, TODAY.minusDays(i), "CR", 1);
        }
        MigrationPlan plan = plan().maxStudies(1).tier(Tier.recent("recent", Period.ofYears(2))).build();
        Migration m = Migration.builder(plan, store).listener(new MigrationListener() {
            @Override
            public void studyStarted(String uid, Lane lane, int attempt) {
                order.add(uid);
            }
        }).build();
        m.inventory();
        assertThat(m.prefetch(PatientIdentity.of("OLD4", "HOSP"))).isEqualTo(1);

        m.production();

        assertThat(order.get(0)).isEqualTo("2.1.4");
        assertThat(order.subList(1, 7)).allSatisfy(uid -> assertThat(uid).startsWith("2.2."));
        assertThat(order.subList(1, 7)).as("newest first within a lane").isSortedAccordingTo(
                (a, b) -> Integer.compare(Integer.parseInt(a.substring(4)), Integer.parseInt(b.substring(4))));
        assertThat(order.subList(7, 12)).allSatisfy(uid -> assertThat(uid).startsWith("2.1."));
        // The request is on record with the time its priors took, and the proof package reports it.
        assertThat(store.prefetches("test")).singleElement().satisfies(p -> {
            assertThat(p.trigger()).isEqualTo("API");
            assertThat(p.studies()).isEqualTo(1);
            assertThat(p.latency()).isPresent();
        });
        Path proof = dir.resolve("proof");
        dev.ferry.core.report.ProofPackage.write(store, "test", proof);
        assertThat(java.nio.file.Files.readString(proof.resolve(dev.ferry.core.report.ProofPackage.HTML)))
                .containsPattern("Priors pre-fetch latency</td><td>median [0-9.]+ s, 95th percentile [0-9.]+ s, worst"
                        + " [0-9.]+ s over 1 satisfied requests \\(0 over 60 s, 0 still waiting, 0 blocked by exceptions\\)");
    }

    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aModalityGroupLimitHoldsInItsWindow() throws Exception {
        for (int i = 1; i <= 6; i++) {
            source.study("3." + i, "P", TODAY.minusDays(i), "MG", 2);
        }
        AtomicInteger concurrentMg = new AtomicInteger();
        AtomicInteger maxMg = new AtomicInteger();
        source.beforeEachDelivery = sop -> {
            int now = concurrentMg.incrementAndGet();
            maxMg.accumulateAndGet(now, Math::max);
            sleep(15);
            concurrentMg.decrementAndGet();
            return true;
        };
        MigrationPlan plan = plan().maxStudies(4)
                .modalityGroup("mammography", Set.of("MG"))
                .throttleWindow(new ThrottleWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT,
                        4, Map.of("mammography", 1)))
                .build();
        Migration m = Migration.builder(plan, store).build();
        m.inventory();
        m.production();

        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(6);
        assertThat(source.maxActive.get()).isEqualTo(1);
    }

    @Test
    void aDestinationThatIsDownPausesTheLaneAndSaysWhy() throws Exception {
        archiveOf(30, 1);
        destination.down = true;
        MigrationPlan plan = plan().maxStudies(1)
                .retry(new RetryPolicy(1, Backoff.fixed(Duration.ZERO)))
                .circuitBreaker(new CircuitBreakerPolicy(10, 5, 0.5, Duration.ofMinutes(10),
                        CircuitBreakerPolicy.SYSTEMIC))
                .build();
        Migration m = Migration.builder(plan, store).build();
        m.inventory();
        Thread runner = new Thread(() -> {
            try {
                m.production();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (m.exceptions(Set.of()).stream().noneMatch(e -> e.studyInstanceUid() == null)
                && System.nanoTime() < deadline) {
            sleep(20);
        }
        m.stop();
        runner.join(20_000);

        assertThat(m.exceptions(Set.of())).filteredOn(e -> e.studyInstanceUid() == null).singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.NETWORK);
                    assertThat(e.detail()).contains("lane background paused", "5 of the last 5");
                });
        assertThat(m.counts().studies(StudyState.EXCEPTION)).isEqualTo(5);
        assertThat(m.counts().studies(StudyState.PENDING)).isEqualTo(25);
    }

    @Test
    void deltaFindsNewAndChangedStudiesAndTheyAreMigrated() throws Exception {
        archiveOf(5, 2);
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        source.study("1.2.3.99", "P9", TODAY, "CT", 3);
        source.study("1.2.3.1", "P1", TODAY.minusDays(40), "CT", 3); // one more instance than before
        PhaseReport delta = m.delta();
        assertThat(delta.number("added")).isEqualTo(1);
        assertThat(delta.number("changed")).isEqualTo(1);
        assertThat(delta.figures()).containsKey("deltaStudiesPerHour");

        m.production();
        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(6);
        assertStoredOnceEach(10 + 3 + 1);
    }

    @Test
    void testMigrationTakesChosenDaysAndEveryModality() throws Exception {
        for (int i = 1; i <= 30; i++) {
            source.study("4." + i, "P", TODAY.minusDays(i % 10), i == 17 ? "US" : "CT", 1);
        }
        Migration m = Migration.builder(plan().sample(1, 7).build(), store).build();
        m.inventory();

        PhaseReport test = m.testMigration();

        long sample = (long) test.number("sampleStudies");
        assertThat(sample).isBetween(3L, 5L);
        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(sample);
        assertThat(store.study("test", "4.17").orElseThrow().state()).as("the only US study").isEqualTo(StudyState.DONE);
        m.production();
        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(30);
    }

    @Test
    void validationFindsWhatTheDestinationLost() throws Exception {
        archiveOf(3, 2);
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();
        destination.stored.remove("1.2.3.2.1.1");

        PhaseReport v = m.validation();

        assertThat(v.number("failed")).isEqualTo(1);
        assertThat(v.number("passRate")).isEqualTo(0.6667);
        assertThat(m.readiness().figures()).containsEntry("ready", false);
    }

    @Test
    void theResolvedIdentityIsWrittenIntoEveryInstance() throws Exception {
        archiveOf(1, 2);
        MigrationPlan plan = plan().identityResolver(ctx -> new dev.ferry.api.IdentityDecision.Resolved(
                new dev.ferry.api.ResolvedIdentity(PatientIdentity.of("MRN-0042", "NEWHOSP"), null,
                        dev.ferry.api.Accession.of("ACC9"), List.of("test")))).build();
        Migration m = Migration.builder(plan, store).build();
        m.inventory();
        m.production();

        assertThat(destination.stored.values()).hasSize(2).allSatisfy(s -> {
            assertThat(s.header().getString(Tag.PatientID, "")).isEqualTo("MRN-0042");
            assertThat(s.header().getString(Tag.IssuerOfPatientID, "")).isEqualTo("NEWHOSP");
            assertThat(s.header().getString(Tag.AccessionNumber, "")).isEqualTo("ACC9");
        });
    }

    @Test
    void aStudyWithoutPatientIdIsMigratedAsItIs() throws Exception {
        source.study("5.1", null, TODAY, "OT", 2);
        Migration m = Migration.builder(plan().build(), store).build();
        m.inventory();
        m.production();

        assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(1);
        assertThat(destination.stored.values()).allSatisfy(s -> assertThat(s.header().contains(Tag.PatientID)).isFalse());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
