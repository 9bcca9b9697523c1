package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import dev.ferry.testkit.memory.InMemoryArchive;
import dev.ferry.testkit.memory.InMemoryCustodyLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedding example of README.md, compiled and run by the build. The README holds a copy of the
 * region between the {@code example:begin} and {@code example:end} markers; the second test fails
 * when the two differ, so the README can never show code that does not compile.
 */
class ReadmeExampleTest {

    @Test
    void theExampleMovesEveryMatchingStudyWithAnIntactCustodyChain() throws IOException {
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

        ChainVerification proof = migrate(legacy, vna, custody);

        assertThat(proof.intact()).isTrue();
        assertThat(vna.size()).isEqualTo(4); // the 2021 and 2022 studies, two instances each
        assertThat(custody.size()).isEqualTo(4);
    }

    // example:begin
    static ChainVerification migrate(SourceArchive source, DestinationArchive destination, CustodyLog custody)
            throws IOException {
        // Which studies: CT since 2021. A SourceArchive lists every match, even past a PACS's result cap.
        StudyQuery scope = StudyQuery.builder().dates(LocalDate.of(2021, 1, 1), null).modality("CT").build();
        List<StudyDescriptor> studies = new ArrayList<>();
        source.query(scope, studies::add);

        for (StudyDescriptor study : studies) {
            // Instances arrive one at a time; pixel data stays a stream from source to destination.
            source.retrieve(RetrieveRequest.study(study.studyInstanceUid()), instance -> {
                StoreResult stored = destination.store(instance);
                custody.append(CustodyEvent.of(Instant.now(), CustodyEvent.Type.STORED, "example",
                        instance.descriptor().ref(), Map.of("status", stored.status().name())));
            });
        }
        // Every record is hash-chained to the one before it: any edit, deletion or reordering shows.
        return custody.verifyChain();
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
