package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.StudyQuery;
import dev.ferry.core.Migration;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.Tier;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.memory.InMemoryArchive;
import dev.ferry.testkit.memory.InMemoryCustodyLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of README.md, compiled and run by the build. The README holds a copy of the
 * region between the {@code example:begin} and {@code example:end} markers; the second test fails
 * when the two differ, so the README can never show code that does not compile.
 */
class ReadmeExampleTest {

    @Test
    void theExampleMovesEveryMatchingStudyWithAnIntactCustodyChain(@TempDir Path stateDir) throws Exception {
        InMemoryArchive legacy = new InMemoryArchive("legacy-pacs");
        for (long seed = 1; seed <= 3; seed++) {
            var study = TestInstances.study(seed).studyDate(LocalDate.of(2019 + (int) seed, 6, 1))
                    .series("CT", 2).build();
            for (DicomInstance instance : study.newInstances()) {
                try (instance) {
                    legacy.put(instance);
                }
            }
        }
        InMemoryArchive vna = new InMemoryArchive("vna");
        InMemoryCustodyLog custody = new InMemoryCustodyLog();

        PhaseReport readiness = migrate(legacy, vna, custody, stateDir);

        assertThat(readiness.figures()).containsEntry("ready", true);
        assertThat(vna.size()).isEqualTo(4); // the 2021 and 2022 studies, two instances each
        assertThat(custody.verifyChain().intact()).isTrue();
        assertThat(custody.size()).isEqualTo(10); // queued for each of 2 studies; retrieved and stored for each instance

        migrate(legacy, vna, custody, stateDir); // resumes: everything is done, nothing is stored again
        assertThat(custody.size()).as("nothing queued or moved again").isEqualTo(10);
    }

    // example:begin
    static PhaseReport migrate(SourceArchive source, DestinationArchive destination, CustodyLog custody, Path stateDir)
            throws IOException, InterruptedException {
        // The plan: CT since 2021, the last two years first, every instance in the custody log.
        MigrationPlan plan = MigrationPlan.builder("example")
                .source(source)
                .destination(destination)
                .custodyLog(custody)
                .scope(StudyQuery.builder().dates(LocalDate.of(2021, 1, 1), null).modality("CT").build())
                .tier(Tier.recent("recent", Period.ofYears(2)))
                .maxStudies(4)
                .build();
        // The state store makes every phase resumable: run this again and it continues where it was.
        try (StateStore state = JdbcStateStore.openEmbedded(stateDir)) {
            Migration migration = Migration.builder(plan, state).build();
            migration.inventory();
            migration.production();
            migration.validation();
            return migration.readiness(); // KPIs, and what still blocks retiring the legacy archive
        }
    }
    // example:end

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        Path source = Path.of("src/test/java/dev/ferry/testkit/ReadmeExampleTest.java");
        Path readme = Path.of("../README.md");
        assertThat(region(Files.readString(readme, StandardCharsets.UTF_8), "<!-- example:begin -->",
                "<!-- example:end -->"))
                .isEqualTo("```java\n" + region(Files.readString(source, StandardCharsets.UTF_8),
                        "    // example:begin", "    // example:end") + "```\n");
    }

    /** The lines strictly between the two marker lines, with the example's indentation removed. */
    private static String region(String text, String begin, String end) {
        int from = text.indexOf(begin + "\n");
        int to = text.indexOf(end, from);
        assertThat(from).as("marker %s", begin).isNotNegative();
        assertThat(to).as("marker %s", end).isPositive();
        StringBuilder out = new StringBuilder();
        for (String line : text.substring(from + begin.length() + 1, to).split("\n", -1)) {
            if (!line.isBlank() || out.length() > 0) {
                out.append(line.startsWith("    ") && begin.startsWith("    ") ? line.substring(4) : line).append('\n');
            }
        }
        return out.toString().stripTrailing() + "\n";
    }
}
