package dev.ferry.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ReasonCode;
import dev.ferry.api.StoreResult;
import dev.ferry.core.Lane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded default, an H2 file database, plus what only a file database shows. */
class JdbcStateStoreH2Test extends StateStoreContract {
    @TempDir
    static Path shared;

    private static JdbcStateStore store;

    @BeforeAll
    static void open() {
        store = JdbcStateStore.openEmbedded(shared.resolve("state"));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected StateStore store() {
        return store;
    }

    @Test
    void aReopenedStoreFindsItsState(@TempDir Path dir) {
        long exception;
        try (JdbcStateStore first = JdbcStateStore.openEmbedded(dir)) {
            first.ensureMigration("m", T0);
            first.upsertDiscovered("m", List.of(study("1.1", Lane.RECENT, "2024-01-01"),
                    study("1.2", Lane.RECENT, "2023-01-01")), T0);
            first.lease("m", request("w", 2, T0));
            first.recordInstance("m", new InstanceRecord("1.1", "1.1.1", StoreResult.Status.STORED, null, null, 5,
                    at(1)));
            first.complete("m", "w", "1.1", at(2));
            exception = first.raiseException("m", "w", "1.2", null, ReasonCode.REFUSED, "403", true, at(3));
            first.saveReport("m", "inventory", T0, at(4), "{}");
        }

        try (JdbcStateStore again = JdbcStateStore.openEmbedded(dir)) {
            assertThat(again.migrations()).containsExactly("m");
            assertThat(again.study("m", "1.1").orElseThrow().state()).isEqualTo(StudyState.DONE);
            assertThat(again.study("m", "1.2").orElseThrow().state()).isEqualTo(StudyState.EXCEPTION);
            assertThat(again.storedInstances("m", "1.1")).containsExactly("1.1.1");
            assertThat(again.exceptions("m", Set.of())).extracting(ExceptionRecord::id).containsExactly(exception);
            assertThat(again.report("m", "inventory")).contains("{}");
            assertThat(again.counts("m").bytesStored()).isEqualTo(5);
        }
    }

    /**
     * A process killed right after its last commit (halt: no shutdown hook, no close) loses nothing it
     * committed. With H2's default write delay it would lose the last half second.
     */
    @Test
    void whatWasCommittedSurvivesAKilledProcess(@TempDir Path dir) throws Exception {
        runAndKill(dir, "work");

        try (JdbcStateStore again = JdbcStateStore.openEmbedded(dir)) {
            StateCounts counts = again.counts("m");
            assertThat(counts.totalStudies()).isEqualTo(20);
            assertThat(counts.studies(StudyState.IN_PROGRESS)).isEqualTo(4);
            assertThat(counts.studies(StudyState.DONE)).isEqualTo(1);
            assertThat(counts.instancesStored()).isEqualTo(1);
        }
    }

    /** A process killed as soon as it created the store leaves a store the next one opens. */
    @Test
    void aProcessKilledRightAfterCreatingTheStoreLeavesItUsable(@TempDir Path dir) throws Exception {
        runAndKill(dir, "open");

        try (JdbcStateStore again = JdbcStateStore.openEmbedded(dir)) {
            again.ensureMigration("m", T0);
            assertThat(again.migrations()).containsExactly("m");
        }
    }

    /** Runs {@link KilledWriter} in a JVM of its own and waits until it halted. */
    private static void runAndKill(Path dir, String what) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), dir.toString(), what)
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(KilledWriter.HALT_STATUS);
        assertThat(output).contains("committed");
    }

    /**
     * Opens the store in the folder {@code args[0]}, then with {@code args[1]} "work" does some work;
     * prints "committed" and halts at once, as kill -9 would stop it.
     */
    static final class KilledWriter {
        static final int HALT_STATUS = 137;

        public static void main(String[] args) throws IOException {
            JdbcStateStore store = JdbcStateStore.openEmbedded(Path.of(args[0]));
            if (args[1].equals("open")) {
                halt();
            }
            store.ensureMigration("m", T0);
            store.upsertDiscovered("m", IntStream.range(0, 20).mapToObj(i -> study("1." + i, Lane.RECENT, null))
                    .toList(), T0);
            store.lease("m", request("w", 5, T0));
            store.recordInstance("m", new InstanceRecord("1.0", "1.0.1", StoreResult.Status.STORED, null, null, 1,
                    T0));
            store.complete("m", "w", "1.0", at(1));
            halt();
        }

        private static void halt() {
            System.out.println("committed");
            System.out.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    @Test
    void onlyH2AndPostgresqlAreSupported() {
        assertThatThrownBy(() -> JdbcStateStore.open("jdbc:mysql://127.0.0.1/ferry", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void anUnreachableDatabaseFailsToOpen() {
        assertThatThrownBy(() -> JdbcStateStore.open("jdbc:postgresql://127.0.0.1:1/ferry?connectTimeout=2", "u", "p"))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("POSTGRESQL");
    }
}
