package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random points, then run again: the migration ends complete, with every instance in the
 * destination, none stored twice, and the state store agreeing. The child is a separate JVM
 * ({@link CrashChild}) killed with {@link Process#destroyForcibly()} (SIGKILL on Linux).
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedAtRandomPointsAndRestartedEndsCompleteWithNothingStoredTwice() throws Exception {
        Path state = dir.resolve("state");
        Path dest = dir.resolve("dest");
        Random random = new Random(20261124);
        int kills = 0;
        for (int round = 0; round < 4; round++) {
            Process child = start(state, dest);
            boolean ended = child.waitFor(400 + random.nextInt(1200), TimeUnit.MILLISECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                kills++;
            }
        }
        Process last = start(state, dest);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
        String output = Files.readString(state.resolveSibling("child.out"), StandardCharsets.UTF_8);
        assertThat(output).contains("CRASH-CHILD-DONE");
        assertThat(kills).as("some runs were killed midway").isGreaterThan(0);

        int expected = CrashChild.STUDIES * CrashChild.INSTANCES;
        Map<String, Integer> stores = new HashMap<>();
        Path log = dest.resolve("stores.log");
        for (String sop : Files.readAllLines(log)) {
            if (!sop.isEmpty()) {
                stores.merge(sop, 1, Integer::sum);
            }
        }
        assertThat(stores.values()).as("no instance stored twice").allSatisfy(n -> assertThat(n).isEqualTo(1));
        long files;
        try (var walk = Files.walk(dest)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("tmp-") && !p.equals(log)).count();
        }
        assertThat(files).isEqualTo(expected);
        try (StateStore store = JdbcStateStore.openEmbedded(state)) {
            assertThat(store.counts("crash").studies(StudyState.DONE)).isEqualTo(CrashChild.STUDIES);
            assertThat(store.counts("crash").instancesStored()).isEqualTo(expected);
        }
    }

    private static Process start(Path state, Path dest) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), state.toString(), dest.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(state.resolveSibling("child.out").toFile());
        return pb.start();
    }
}
