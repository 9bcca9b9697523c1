package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.spi.CustodyLog;
import dev.ferry.testkit.TestInstances;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance kit for {@link CustodyLog}: records numbered from 1 without gaps, each linked to the
 * one before by {@link CustodyChain#hash}, read back in order and by study, a total order under
 * concurrent appends, and, given a {@link Tamperer}, detection of modified, deleted, inserted and
 * reordered records at the first broken sequence number (as {@link CustodyChain#verify} names it).
 *
 * <p>Extend it in a test; {@link #createLog()} is called before each test and must return an empty
 * log, which the kit closes after the test. To run the tamper tests, return a {@link Tamperer} that
 * edits the log's storage directly (rows of its table, lines of its file); without one they are
 * skipped.
 *
 * <pre>{@code
 * class JdbcCustodyLogConformanceTest extends CustodyLogConformance {
 *     private DataSource db;
 *
 *     @Override
 *     protected CustodyLog createLog() {
 *         db = H2.newInMemoryDatabase();
 *         return new JdbcCustodyLog(db);
 *     }
 *
 *     @Override
 *     protected Tamperer tamperer(CustodyLog log) {
 *         return new SqlTamperer(db, "custody_record");
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
public abstract class CustodyLogConformance {
    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00.123456789Z");
    private static final String[] STUDIES = {
        TestInstances.uid("custody", 1), TestInstances.uid("custody", 2), TestInstances.uid("custody", 3)};
    /** Patient data in event details: the proof may hold it, a verification message must not. */
    private static final String SENSITIVE = "TCK^SENSITIVE^NAME";

    private CustodyLog log;

    /** A new, empty log. */
    protected abstract CustodyLog createLog() throws Exception;

    /** Direct access to {@code log}'s storage for the tamper tests, or {@code null} to skip them. */
    protected Tamperer tamperer(CustodyLog log) {
        return null;
    }

    @BeforeEach
    void createEmptyLog() throws Exception {
        log = createLog();
        assertThat(log).as("createLog").isNotNull();
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void emptyLogHasNoHeadAndAnIntactChain() {
        assertThat(log.head()).as("head of an empty log").isEmpty();
        assertThat(read(CustodyQuery.ALL)).as("records of an empty log").isEmpty();
        assertThat(log.verifyChain()).isEqualTo(new ChainVerification.Intact(0, CustodyChain.GENESIS));
    }

    @Test
    void appendsAreNumberedFromOneWithoutGaps() {
        List<CustodyRecord> appended = appendEvents(20);
        for (int k = 0; k < appended.size(); k++) {
            assertThat(appended.get(k).sequence()).as("sequence of append %d", k + 1).isEqualTo(k + 1L);
        }
    }

    @Test
    void appendAllStoresABatchAsConsecutiveLinkedRecordsAfterSingleAppends() {
        List<CustodyRecord> single = appendEvents(3);
        List<CustodyEvent> batch = new ArrayList<>();
        for (int k = 3; k < 12; k++) {
            batch.add(event(k));
        }
        List<CustodyRecord> stored = log.appendAll(batch);
        assertThat(stored).as("records returned by appendAll").hasSize(batch.size());
        String previous = single.get(2).hash();
        for (int k = 0; k < stored.size(); k++) {
            CustodyRecord r = stored.get(k);
            assertThat(r.sequence()).as("sequence of batch record %d", k).isEqualTo(4L + k);
            assertThat(r.event()).as("event of batch record %d", k).isEqualTo(batch.get(k));
            assertThat(r.previousHash()).as("previous hash of record %d", r.sequence()).isEqualTo(previous);
            previous = r.hash();
        }
        assertThat(log.appendAll(List.of())).as("an empty batch").isEmpty();
        assertThat(log.append(event(12)).sequence()).as("an append after the batch").isEqualTo(13L);
        assertThat(read(CustodyQuery.ALL)).hasSize(13);
        assertThat(log.verifyChain().intact()).as("chain after a batch").isTrue();
    }

    @Test
    void eachRecordLinksToThePreviousAndHashesItsContent() {
        List<CustodyRecord> appended = appendEvents(20);
        String previous = CustodyChain.GENESIS;
        for (int k = 0; k < appended.size(); k++) {
            CustodyRecord r = appended.get(k);
            assertThat(r.event()).as("event of record %d", r.sequence()).isEqualTo(event(k));
            assertThat(r.previousHash()).as("previous hash of record %d", r.sequence()).isEqualTo(previous);
            assertThat(r.hash()).as("hash of record %d", r.sequence())
                    .isEqualTo(CustodyChain.hash(r.previousHash(), r.sequence(), r.event()));
            previous = r.hash();
        }
    }

    @Test
    void readAllReturnsTheRecordsInOrderOnTheCallingThread() {
        List<CustodyRecord> appended = appendEvents(20);
        assertThat(read(CustodyQuery.ALL)).as("records read back").containsExactlyElementsOf(appended);
        Thread caller = Thread.currentThread();
        List<Thread> sinkThreads = new ArrayList<>();
        log.read(CustodyQuery.ALL, r -> sinkThreads.add(Thread.currentThread()));
        assertThat(sinkThreads).as("threads the sink was called on").hasSize(20).containsOnly(caller);
    }

    @Test
    void readByStudyReturnsOnlyThatStudyInOrder() {
        List<CustodyRecord> appended = appendEvents(20);
        for (String study : STUDIES) {
            List<CustodyRecord> expected = appended.stream()
                    .filter(r -> study.equals(r.event().item().studyInstanceUid())).toList();
            assertThat(expected).as("records of study %s in the fixture", study).isNotEmpty();
            assertThat(read(CustodyQuery.study(study))).as("records of study %s", study)
                    .containsExactlyElementsOf(expected);
        }
        assertThat(read(CustodyQuery.study(TestInstances.uid("custody", "no such study")))).isEmpty();
    }

    @Test
    void readFromSequenceSkipsEarlierRecords() {
        List<CustodyRecord> appended = appendEvents(20);
        assertThat(read(new CustodyQuery(null, 7))).containsExactlyElementsOf(appended.subList(6, 20));
        assertThat(read(new CustodyQuery(STUDIES[1], 10))).containsExactlyElementsOf(appended.subList(9, 20).stream()
                .filter(r -> STUDIES[1].equals(r.event().item().studyInstanceUid())).toList());
        assertThat(read(new CustodyQuery(null, 21))).isEmpty();
    }

    @Test
    void headIsTheLastRecordAppended() {
        List<CustodyRecord> appended = appendEvents(5);
        assertThat(log.head()).contains(appended.get(4));
        CustodyRecord sixth = log.append(event(5));
        assertThat(log.head()).contains(sixth);
    }

    @Test
    void untamperedChainVerifiesIntact() {
        List<CustodyRecord> appended = appendEvents(20);
        assertThat(log.verifyChain()).isEqualTo(new ChainVerification.Intact(20, appended.get(19).hash()));
    }

    @Test
    void anyDetailTextSurvivesAndStillVerifies() {
        Map<String, String> details = new TreeMap<>();
        details.put("patientName", "Müller^Jürgen=山田^太郎");
        details.put("empty", "");
        details.put("backslash", "a\\b\\c");
        details.put("lines", "first\nsecond\r\nthird\ttab");
        details.put("long", "x".repeat(10_000));
        details.put("quote", "it's \"quoted\"; DROP TABLE custody; --");
        CustodyEvent e = CustodyEvent.of(T0, CustodyEvent.Type.COERCED, "coercer:tck",
                ItemRef.instance(STUDIES[0], TestInstances.uid("custody", "series"), TestInstances.uid("custody", "sop")),
                details);
        appendEvents(2);
        CustodyRecord stored = log.append(e);
        assertThat(read(CustodyQuery.ALL)).last().isEqualTo(stored);
        assertThat(read(CustodyQuery.ALL).get(2).event().details()).isEqualTo(details);
        assertThat(log.verifyChain().intact()).as("chain intact").isTrue();
    }

    @Test
    void concurrentAppendsAreTotallyOrderedAndChained() {
        int threads = 4;
        int perThread = 100;
        List<Callable<List<CustodyRecord>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                List<CustodyRecord> mine = new ArrayList<>();
                for (int n = 0; n < perThread; n++) {
                    mine.add(log.append(threadEvent(thread, n)));
                }
                return mine;
            });
        }
        List<List<CustodyRecord>> results = Concurrently.run(tasks);
        Set<Long> sequences = new HashSet<>();
        for (List<CustodyRecord> mine : results) {
            for (int n = 1; n < mine.size(); n++) {
                assertThat(mine.get(n).sequence()).as("sequence numbers of one thread's appends increase")
                        .isGreaterThan(mine.get(n - 1).sequence());
            }
            for (CustodyRecord r : mine) {
                assertThat(sequences.add(r.sequence())).as("sequence %d given to two appends", r.sequence()).isTrue();
            }
        }
        List<CustodyRecord> all = read(CustodyQuery.ALL);
        assertThat(all).as("records after concurrent appends").hasSize(threads * perThread);
        for (int k = 0; k < all.size(); k++) {
            assertThat(all.get(k).sequence()).as("sequence at position %d", k).isEqualTo(k + 1L);
        }
        List<CustodyRecord> returned = results.stream().flatMap(List::stream).toList();
        assertThat(all).as("records read back are the records appends returned")
                .containsExactlyInAnyOrderElementsOf(returned);
        assertThat(CustodyChain.verify(all.iterator()).intact()).as("chain of the records read back").isTrue();
        assertThat(log.verifyChain()).isEqualTo(new ChainVerification.Intact(threads * perThread,
                all.get(all.size() - 1).hash()));
    }

    // ---------------------------------------------------------------------------------------------
    // Tampering below the interface (needs a Tamperer)

    @Test
    void modifiedRecordIsDetectedAtThatRecord() {
        List<CustodyRecord> r = appendEvents(10);
        CustodyRecord fifth = r.get(4);
        tamper().replace(5, new CustodyRecord(5, forgedEvent(), fifth.previousHash(), fifth.hash()));
        assertBroken(5, ChainVerification.Problem.CONTENT_MODIFIED);
    }

    @Test
    void modifiedFirstRecordIsDetected() {
        List<CustodyRecord> r = appendEvents(10);
        tamper().replace(1, new CustodyRecord(1, forgedEvent(), CustodyChain.GENESIS, r.get(0).hash()));
        assertBroken(1, ChainVerification.Problem.CONTENT_MODIFIED);
    }

    @Test
    void modifiedAndRehashedRecordIsDetectedAtTheNextRecord() {
        List<CustodyRecord> r = appendEvents(10);
        tamper().replace(5, CustodyRecord.next(r.get(3), forgedEvent()));
        assertBroken(6, ChainVerification.Problem.LINK_BROKEN);
    }

    @Test
    void deletedRecordIsDetected() {
        appendEvents(10);
        tamper().delete(5);
        assertBroken(5, ChainVerification.Problem.SEQUENCE_BREAK);
    }

    @Test
    void insertedRecordIsDetectedAtTheRecordAfterIt() {
        List<CustodyRecord> r = appendEvents(10);
        tamper().insertAfter(4, CustodyRecord.next(r.get(3), forgedEvent()));
        assertBroken(6, null);
    }

    @Test
    void reorderedRecordsAreDetected() {
        appendEvents(10);
        tamper().swap(3, 7);
        assertBroken(3, null);
    }

    @Test
    void swappedNeighboursAreDetected() {
        appendEvents(10);
        tamper().swap(9, 10);
        assertBroken(9, null);
    }

    /**
     * A log cut short at its end is internally consistent, as {@link CustodyChain#verify} documents;
     * what gives it away is a head hash that differs from the one kept elsewhere.
     */
    @Test
    void truncatedTailVerifiesButChangesTheHeadHash() {
        List<CustodyRecord> r = appendEvents(10);
        tamper().delete(10);
        ChainVerification v = log.verifyChain();
        assertThat(v).isEqualTo(new ChainVerification.Intact(9, r.get(8).hash()));
        assertThat(((ChainVerification.Intact) v).headHash()).isNotEqualTo(r.get(9).hash());
    }

    // ---------------------------------------------------------------------------------------------

    private Tamperer tamper() {
        Tamperer t = tamperer(log);
        assumeTrue(t != null, "the implementation supplies no Tamperer");
        return t;
    }

    /** Asserts the chain is broken at {@code sequence} (and with {@code problem}, unless null). */
    private void assertBroken(long sequence, ChainVerification.Problem problem) {
        ChainVerification v = log.verifyChain();
        assertThat(v).as("verification of a tampered log").isInstanceOf(ChainVerification.Broken.class);
        ChainVerification.Broken broken = (ChainVerification.Broken) v;
        assertThat(broken.sequence()).as("first broken record named").isEqualTo(sequence);
        if (problem != null) {
            assertThat(broken.problem()).as("problem at record %d", sequence).isEqualTo(problem);
        }
        assertThat(broken.detail()).as("the detail for the operator").isNotBlank().doesNotContain(SENSITIVE);
    }

    private List<CustodyRecord> appendEvents(int n) {
        List<CustodyRecord> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(log.append(event(k)));
        }
        return out;
    }

    private List<CustodyRecord> read(CustodyQuery q) {
        List<CustodyRecord> out = new ArrayList<>();
        log.read(q, out::add);
        return out;
    }

    /** The k-th event of the fixture: studies, types and times vary; details hold patient data too. */
    static CustodyEvent event(int k) {
        CustodyEvent.Type[] types = CustodyEvent.Type.values();
        String study = STUDIES[k % STUDIES.length];
        ItemRef item = k % 4 == 0 ? ItemRef.study(study)
                : ItemRef.instance(study, TestInstances.uid("custody", "series", k % 2), TestInstances.uid("custody", k));
        return CustodyEvent.of(T0.plusMillis(k * 37L), types[k % types.length], "tck", item,
                Map.of("index", Integer.toString(k), "patientName", SENSITIVE,
                        "sha256", TestInstances.uid("digest", k)));
    }

    private static CustodyEvent threadEvent(int thread, int n) {
        return CustodyEvent.of(T0.plusMillis(n), CustodyEvent.Type.STORED, "tck-thread-" + thread,
                ItemRef.study(STUDIES[thread % STUDIES.length]),
                Map.of("thread", Integer.toString(thread), "n", Integer.toString(n)));
    }

    private static CustodyEvent forgedEvent() {
        return CustodyEvent.of(T0.plusSeconds(3600), CustodyEvent.Type.OPERATOR_ACTION, "intruder",
                ItemRef.study(STUDIES[0]), Map.of("status", "forged"));
    }
}
