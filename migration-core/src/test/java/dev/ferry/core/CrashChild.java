package dev.ferry.core;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The process {@link CrashResumeTest} kills: runs inventory and production of a fixed archive of 40
 * studies into a {@link FolderTestArchive}, on an H2 store, slowly enough to be killed midway.
 * Arguments: the state (a folder for H2, or a PostgreSQL JDBC URL whose user is {@code postgres}) and
 * the destination folder.
 */
public final class CrashChild {
    static final int STUDIES = 40;
    static final int INSTANCES = 6;

    private CrashChild() {}

    static FakeArchive source() {
        FakeArchive source = new FakeArchive("legacy");
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int i = 1; i <= STUDIES; i++) {
            source.study("9.9." + i, "P" + i, day.plusDays(i), i % 2 == 0 ? "CT" : "MR", INSTANCES);
        }
        return source;
    }

    public static void main(String[] args) throws Exception {
        FakeArchive source = source();
        source.beforeEachDelivery = sop -> {
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
        try (StateStore store = args[0].startsWith("jdbc:") ? JdbcStateStore.open(args[0], "postgres", null)
                : JdbcStateStore.openEmbedded(Path.of(args[0]))) {
            MigrationPlan plan = MigrationPlan.builder("crash")
                    .source(source)
                    .destination(new FolderTestArchive(Path.of(args[1])))
                    .maxStudies(3)
                    .leaseDuration(Duration.ofSeconds(5))
                    .retry(new RetryPolicy(10, Backoff.fixed(Duration.ofMillis(50))))
                    .build();
            Migration m = Migration.builder(plan, store).build();
            if (store.sweeps("crash").isEmpty()) {
                m.inventory(); // Idempotent: two processes starting together may both sweep.
            }
            m.production();
        }
        System.out.println("CRASH-CHILD-DONE");
    }
}
