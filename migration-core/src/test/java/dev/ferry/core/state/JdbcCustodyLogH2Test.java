package dev.ferry.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.spi.CustodyLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcCustodyLog} on the embedded H2 store: what the testkit's conformance kit cannot see from
 * one log object (separate chains per migration, a chain that outlives its store, several log objects
 * appending at once, reading across pages) and how it fails.
 */
class JdbcCustodyLogH2Test {
    static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
    /** Patient data in a detail: the proof may hold it, an exception message must not. */
    static final String SENSITIVE = "DOE^JANE^SENSITIVE";

    @TempDir
    Path dir;

    @Test
    void eachMigrationHasAChainOfItsOwn() {
        try (JdbcStateStore store = openWith("a", "b"); CustodyLog a = store.custodyLog("a");
             CustodyLog b = store.custodyLog("b")) {
            List<CustodyRecord> ofA = new ArrayList<>();
            List<CustodyRecord> ofB = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                ofA.add(a.append(event("a", k)));
                if (k % 2 == 0) {
                    ofB.add(b.append(event("b", k)));
                }
            }
            assertThat(ofB).extracting(CustodyRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(ofB.get(0).previousHash()).isEqualTo(CustodyChain.GENESIS);
            assertThat(readAll(a)).containsExactlyElementsOf(ofA);
            assertThat(readAll(b)).containsExactlyElementsOf(ofB);
            assertThat(a.verifyChain()).isEqualTo(new ChainVerification.Intact(10, ofA.get(9).hash()));
            assertThat(b.verifyChain()).isEqualTo(new ChainVerification.Intact(5, ofB.get(4).hash()));
        }
    }

    /** More records than a page, so that reading and verifying go from page to page. */
    @Test
    void theChainContinuesAfterTheStoreIsReopened() {
        int first = JdbcCustodyLog.DEFAULT_PAGE + 44;
        CustodyRecord last;
        try (JdbcStateStore store = openWith("m"); CustodyLog log = store.custodyLog("m")) {
            last = null;
            for (int k = 0; k < first; k++) {
                last = log.append(event("m", k));
            }
        }
        try (JdbcStateStore store = JdbcStateStore.openEmbedded(dir); CustodyLog log = store.custodyLog("m")) {
            assertThat(log.head()).contains(last);
            CustodyRecord next = log.append(event("m", first));
            assertThat(next.sequence()).isEqualTo(first + 1L);
            assertThat(next.previousHash()).isEqualTo(last.hash());
            List<CustodyRecord> all = readAll(log);
            assertThat(all).hasSize(first + 1);
            assertThat(all.get(first - 1)).isEqualTo(last);
            assertThat(log.verifyChain()).isEqualTo(new ChainVerification.Intact(first + 1, next.hash()));
            List<CustodyRecord> fromPage2 = new ArrayList<>();
            log.read(new CustodyQuery("study-m-1", JdbcCustodyLog.DEFAULT_PAGE), fromPage2::add);
            assertThat(fromPage2).isNotEmpty().allSatisfy(r -> {
                assertThat(r.sequence()).isGreaterThanOrEqualTo(JdbcCustodyLog.DEFAULT_PAGE);
                assertThat(r.event().item().studyInstanceUid()).isEqualTo("study-m-1");
            });
        }
    }

    /** Two log objects on one migration, as two parts of the engine would hold, appending from four threads. */
    @Test
    void concurrentAppendsThroughSeveralLogsMakeOneChain() throws Exception {
        int threads = 4;
        int perThread = 50;
        try (JdbcStateStore store = openWith("m"); CustodyLog one = store.custodyLog("m");
             CustodyLog two = store.custodyLog("m")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<CustodyRecord>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    CustodyLog log = t % 2 == 0 ? one : two;
                    int thread = t;
                    results.add(pool.submit((Callable<List<CustodyRecord>>) () -> {
                        go.await();
                        List<CustodyRecord> mine = new ArrayList<>();
                        for (int n = 0; n < perThread; n++) {
                            mine.add(log.append(event("m", thread * 1000 + n)));
                        }
                        return mine;
                    }));
                }
                go.countDown();
                List<CustodyRecord> returned = new ArrayList<>();
                for (Future<List<CustodyRecord>> f : results) {
                    returned.addAll(f.get(60, TimeUnit.SECONDS));
                }
                assertOneUnbrokenChain(one, returned, threads * perThread);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aMigrationMustBeRegisteredFirst() {
        try (JdbcStateStore store = openWith()) {
            assertThatThrownBy(() -> store.custodyLog("unknown")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ensureMigration");
        }
    }

    @Test
    void aClosedLogRefusesAppendsAndLeavesTheStoreOpen() {
        try (JdbcStateStore store = openWith("m")) {
            CustodyLog log = store.custodyLog("m");
            CustodyRecord r = log.append(event("m", 0));
            log.close();
            log.close();
            assertCustodyFailure(() -> log.append(event("m", 1)));
            assertThat(log.head()).contains(r);
            assertThat(store.migrations()).containsExactly("m");
            try (CustodyLog again = store.custodyLog("m")) {
                assertThat(again.append(event("m", 1)).sequence()).isEqualTo(2);
            }
        }
    }

    @Test
    void aFailedAppendIsACustodyFailureWithoutPatientData() {
        JdbcStateStore store = openWith("m");
        CustodyLog log = store.custodyLog("m");
        store.close();
        PermanentMigrationException e = assertCustodyFailure(() -> log.append(event("m", 0)));
        assertThat(e.item()).isEqualTo(event("m", 0).item());
        assertThat(e.getMessage()).contains("migration m");
    }

    @Test
    void detailsKeepEveryCharacter() {
        Map<String, String> details = Map.of("nul", "1.2.3\0", "json", "{\"a\": [1, \"b\"]}\\",
                "name", "Müller^山田");
        try (JdbcStateStore store = openWith("m"); CustodyLog log = store.custodyLog("m")) {
            CustodyRecord r = log.append(CustodyEvent.of(T0, CustodyEvent.Type.COERCED, "coercer", ItemRef.NONE,
                    details));
            assertThat(readAll(log)).containsExactly(r);
            assertThat(r.event().details()).isEqualTo(details);
            assertThat(log.verifyChain().intact()).isTrue();
        }
    }

    /** Rows edited so that they no longer decode: verification names them, reading fails without quoting them. */
    @Test
    void anUndecodableRowIsAModifiedRecord() throws SQLException {
        try (JdbcStateStore store = openWith("m"); CustodyLog log = store.custodyLog("m")) {
            for (int k = 0; k < 6; k++) {
                log.append(event("m", k)); // record k + 1
            }
            sql("UPDATE ferry_custody SET details = '" + SENSITIVE + "' WHERE migration_id = 'm' AND seq = 5");
            sql("UPDATE ferry_custody SET event_type = 'DELETED' WHERE migration_id = 'm' AND seq = 3");
            assertThat(log.verifyChain()).isInstanceOfSatisfying(ChainVerification.Broken.class, b -> {
                assertThat(b.sequence()).isEqualTo(3);
                assertThat(b.problem()).isEqualTo(ChainVerification.Problem.CONTENT_MODIFIED);
            });
            assertCustodyFailure(() -> readAll(log));
            sql("UPDATE ferry_custody SET event_type = 'COERCED' WHERE migration_id = 'm' AND seq = 3");
            assertThat(((ChainVerification.Broken) log.verifyChain()).sequence()).isEqualTo(5);
            assertThat(assertCustodyFailure(() -> readAll(log)).getMessage()).contains("record 5");
            // Appending still links to the head, which is readable.
            assertThat(log.append(event("m", 6)).sequence()).isEqualTo(7);

            sql("UPDATE ferry_custody SET seq = 0 WHERE migration_id = 'm' AND seq = 1");
            assertThat(log.verifyChain()).isInstanceOfSatisfying(ChainVerification.Broken.class, b -> {
                assertThat(b.sequence()).isEqualTo(1);
                assertThat(b.problem()).isEqualTo(ChainVerification.Problem.SEQUENCE_BREAK);
            });
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Numbered 1 to {@code n} without gaps, each linked to the one before, as the appends returned them. */
    static void assertOneUnbrokenChain(CustodyLog log, List<CustodyRecord> returned, int n) {
        List<CustodyRecord> all = readAll(log);
        assertThat(all).hasSize(n);
        for (int k = 0; k < n; k++) {
            assertThat(all.get(k).sequence()).as("sequence at position %d", k).isEqualTo(k + 1L);
            assertThat(all.get(k).previousHash()).as("previous hash of record %d", k + 1)
                    .isEqualTo(k == 0 ? CustodyChain.GENESIS : all.get(k - 1).hash());
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(returned);
        assertThat(log.verifyChain()).isEqualTo(new ChainVerification.Intact(n, all.get(n - 1).hash()));
    }

    static List<CustodyRecord> readAll(CustodyLog log) {
        List<CustodyRecord> out = new ArrayList<>();
        log.read(CustodyQuery.ALL, out::add);
        return out;
    }

    /** The k-th event of a migration: studies and types vary, and a detail holds patient data. */
    static CustodyEvent event(String migration, int k) {
        CustodyEvent.Type type = CustodyEvent.Type.values()[k % CustodyEvent.Type.values().length];
        return CustodyEvent.of(T0.plusMillis(k), type, "test", ItemRef.study("study-" + migration + "-" + k % 3),
                Map.of("k", Integer.toString(k), "patientName", SENSITIVE));
    }

    private static PermanentMigrationException assertCustodyFailure(Runnable r) {
        PermanentMigrationException e;
        try {
            r.run();
            throw new AssertionError("expected a CUSTODY_FAILURE");
        } catch (PermanentMigrationException thrown) {
            e = thrown;
        }
        assertThat(e.reason()).isEqualTo(ReasonCode.CUSTODY_FAILURE);
        assertThat(e.getMessage()).doesNotContain(SENSITIVE);
        return e;
    }

    private JdbcStateStore openWith(String... migrations) {
        JdbcStateStore store = JdbcStateStore.openEmbedded(dir);
        for (String m : migrations) {
            store.ensureMigration(m, T0);
        }
        return store;
    }

    /** A statement over a connection of its own to the embedded database, as someone with access would run. */
    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:async:" + dir.toAbsolutePath().normalize()
                .resolve(JdbcStateStore.EMBEDDED_NAME) + ";TRACE_LEVEL_FILE=0", "sa", "");
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
