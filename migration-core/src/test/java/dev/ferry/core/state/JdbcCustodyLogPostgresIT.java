package dev.ferry.core.state;

import static dev.ferry.core.state.JdbcCustodyLogH2Test.T0;
import static dev.ferry.core.state.JdbcCustodyLogH2Test.assertOneUnbrokenChain;
import static dev.ferry.core.state.JdbcCustodyLogH2Test.event;
import static dev.ferry.core.state.JdbcCustodyLogH2Test.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcCustodyLog} on a real PostgreSQL ({@link PostgresServer}), where several Ferry processes
 * share one migration's chain: two stores, each with a pool of its own, stand for two processes.
 *
 * <p>{@code mvn -Pinterop verify -pl migration-core -Dit.test=JdbcCustodyLogPostgresIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}
 */
class JdbcCustodyLogPostgresIT {
    private static PostgresServer server;
    private static JdbcStateStore store;

    @BeforeAll
    static void start() throws IOException {
        server = PostgresServer.start();
        store = JdbcStateStore.open(server.jdbcUrl(), server.user(), server.password(), 4);
    }

    @AfterAll
    static void stop() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void twoProcessesAppendingAtOnceMakeOneUnbrokenChain() throws Exception {
        store.ensureMigration("shared", T0);
        int threads = 4;
        int perThread = 75;
        try (JdbcStateStore other = JdbcStateStore.open(server.jdbcUrl(), server.user(), server.password(), 4);
             CustodyLog mine = store.custodyLog("shared"); CustodyLog theirs = other.custodyLog("shared")) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<CustodyRecord>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    CustodyLog log = t % 2 == 0 ? mine : theirs;
                    int thread = t;
                    results.add(pool.submit((Callable<List<CustodyRecord>>) () -> {
                        go.await();
                        List<CustodyRecord> appended = new ArrayList<>();
                        for (int n = 0; n < perThread; n++) {
                            appended.add(log.append(event("shared", thread * 1000 + n)));
                        }
                        return appended;
                    }));
                }
                go.countDown();
                List<CustodyRecord> returned = new ArrayList<>();
                for (Future<List<CustodyRecord>> f : results) {
                    returned.addAll(f.get(120, TimeUnit.SECONDS));
                }
                assertOneUnbrokenChain(mine, returned, threads * perThread);
                assertThat(readAll(theirs)).isEqualTo(readAll(mine));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * An append in progress holds the migration's row as {@code FOR NO KEY UPDATE} does, which does not
     * hold up the inserts whose foreign key refers to that row (they lock it FOR KEY SHARE): a report is
     * saved meanwhile, while a second append waits its turn.
     */
    @Test
    void anAppendInProgressHoldsUpAppendsOnly() throws Exception {
        store.ensureMigration("locked", T0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CustodyLog log = store.custodyLog("locked");
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT migration_id FROM ferry_migrations WHERE migration_id = 'locked'"
                        + " FOR NO KEY UPDATE").close();
            }
            Future<CustodyRecord> waiting = pool.submit(() -> log.append(event("locked", 0)));
            Future<?> report = pool.submit(() -> store.saveReport("locked", "inventory", T0, T0, "{}"));
            report.get(30, TimeUnit.SECONDS);
            assertThat(waiting).as("an append while another holds the lock").isNotDone();
            c.commit();
            assertThat(waiting.get(30, TimeUnit.SECONDS).sequence()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A PostgreSQL TEXT cannot hold NUL: the details' JSON form keeps every character all the same. */
    @Test
    void detailsKeepEveryCharacter() {
        store.ensureMigration("text", T0);
        try (CustodyLog log = store.custodyLog("text")) {
            Map<String, String> details = Map.of("nul", "1.2.3\0", "name", "Müller^山田", "lines", "a\r\nb");
            CustodyRecord r = log.append(CustodyEvent.of(T0, CustodyEvent.Type.COERCED, "coercer",
                    ItemRef.study("1.2.3"), details));
            assertThat(readAll(log)).containsExactly(r);
            assertThat(log.verifyChain().intact()).isTrue();
        }
    }
}
