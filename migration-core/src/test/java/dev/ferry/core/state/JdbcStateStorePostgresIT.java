package dev.ferry.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.Lane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL, started by the test ({@link PostgresServer}). When an
 * {@code en_US} locale is installed, the cluster uses it, as production servers often do: its
 * collation would sort {@code 12.1} before {@code 1.3}, so the lease order test proves the key
 * columns' code point collation.
 *
 * <p>{@code mvn -Pinterop verify -pl migration-core -am -Dit.test=JdbcStateStorePostgresIT
 * -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
class JdbcStateStorePostgresIT extends StateStoreContract {
    private static final String LOCALE = "en_US.UTF-8";

    private static PostgresServer server;
    private static JdbcStateStore store;

    @BeforeAll
    static void start() throws IOException {
        server = PostgresServer.builder().locale(localeInstalled(LOCALE) ? LOCALE : "C").start();
        store = JdbcStateStore.open(server.jdbcUrl(), server.user(), server.password());
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

    @Override
    protected StateStore store() {
        return store;
    }

    /** Two stores on one database stand for two Ferry processes sharing the queue. */
    @Test
    void twoProcessesLeasingAtOnceNeverGetTheSameStudy() throws Exception {
        int studies = 400;
        store.upsertDiscovered(m, IntStream.range(0, studies).mapToObj(i -> study("2.5." + i, Lane.values()[i % 3],
                null)).toList(), T0);
        try (JdbcStateStore other = JdbcStateStore.open(server.jdbcUrl(), server.user(), server.password(), 4)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    StateStore process = t % 2 == 0 ? store : other;
                    String owner = "process-" + (t % 2) + "-worker-" + t;
                    results.add(pool.submit((Callable<List<String>>) () -> {
                        go.await();
                        List<String> mine = new ArrayList<>();
                        for (List<StudyLease> got; !(got = process.lease(m, request(owner, 8, T0))).isEmpty(); ) {
                            mine.addAll(uids(got));
                        }
                        return mine;
                    }));
                }
                go.countDown();
                List<String> all = new ArrayList<>();
                for (Future<List<String>> f : results) {
                    all.addAll(f.get(50, TimeUnit.SECONDS));
                }
                assertThat(all).doesNotHaveDuplicates().hasSize(studies);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static boolean localeInstalled(String locale) {
        try {
            Process p = new ProcessBuilder("locale", "-a").redirectErrorStream(true).start();
            String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String wanted = locale.toLowerCase(Locale.ROOT).replace("utf-8", "utf8");
            return all.lines().map(l -> l.toLowerCase(Locale.ROOT)).anyMatch(wanted::equals);
        } catch (IOException e) {
            return false;
        }
    }
}
