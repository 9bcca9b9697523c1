package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.PostgresServer;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry processes share one migration on a real PostgreSQL; one is killed (SIGKILL) midway. The
 * other takes over the killed one's studies when their leases lapse and finishes the migration:
 * every instance in the destination, none stored twice.
 */
class TwoProcessesPostgresIT {
    @TempDir
    Path dir;

    @Test
    void theSurvivorFinishesWhatTheKilledProcessLeft() throws Exception {
        Path dest = dir.resolve("dest");
        try (PostgresServer pg = PostgresServer.start()) {
            try (StateStore store = JdbcStateStore.open(pg.jdbcUrl(), PostgresServer.USER, null)) {
                store.ensureMigration("crash", java.time.Instant.now()); // the schema exists before both start
            }
            Process victim = start(pg.jdbcUrl(), dest, "victim");
            Process survivor = start(pg.jdbcUrl(), dest, "survivor");
            Thread.sleep(1500);
            assertThat(victim.isAlive()).as("killed midway, not after the end").isTrue();
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            assertThat(survivor.waitFor(120, TimeUnit.SECONDS)).as("the survivor finishes").isTrue();
            assertThat(Files.readString(dir.resolve("survivor.out"), StandardCharsets.UTF_8)).contains("CRASH-CHILD-DONE");

            int expected = CrashChild.STUDIES * CrashChild.INSTANCES;
            Map<String, Integer> stores = new HashMap<>();
            for (String sop : Files.readAllLines(dest.resolve("stores.log"))) {
                if (!sop.isEmpty()) {
                    stores.merge(sop, 1, Integer::sum);
                }
            }
            assertThat(stores.values()).as("no instance stored twice").allSatisfy(n -> assertThat(n).isEqualTo(1));
            try (StateStore store = JdbcStateStore.open(pg.jdbcUrl(), PostgresServer.USER, null)) {
                assertThat(store.counts("crash").studies(StudyState.DONE)).isEqualTo(CrashChild.STUDIES);
                assertThat(store.counts("crash").instancesStored()).isEqualTo(expected);
            }
            try (var walk = Files.walk(dest)) {
                assertThat(walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("tmp-"))
                        .filter(p -> !p.getFileName().toString().equals("stores.log")).count()).isEqualTo(expected);
            }
        }
    }

    private Process start(String url, Path dest, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), url, dest.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        return pb.start();
    }
}
