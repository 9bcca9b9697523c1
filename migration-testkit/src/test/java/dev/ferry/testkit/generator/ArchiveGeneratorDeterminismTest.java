package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveGeneratorDeterminismTest {
    @TempDir
    Path tmp;

    private static GeneratorSettings settings(long seed) {
        return GeneratorSettings.builder().seed(seed).studies(15).deltaStudies(3).sizes(Sizes.COMPACT)
                .dirt(DirtProfile.builder().corruptStudies(0.3).duplicateObjects(0.2).junkFiles(0.2)
                        .duplicatePatients(0.3).build())
                .build();
    }

    @Test
    void sameSettingsGiveByteIdenticalFolders() throws Exception {
        new ArchiveGenerator(settings(42)).writeTo(tmp.resolve("a"));
        new ArchiveGenerator(settings(42)).writeTo(tmp.resolve("b"));
        Map<String, String> a = GeneratedFolder.tree(tmp.resolve("a"));
        Map<String, String> b = GeneratedFolder.tree(tmp.resolve("b"));
        assertThat(a).hasSizeGreaterThan(40).isEqualTo(b);
        assertThat(a.keySet()).anyMatch(p -> p.startsWith("archive/")).anyMatch(p -> p.startsWith("delta/"))
                .anyMatch(p -> p.startsWith("hl7/")).contains("manifest.json");
    }

    @Test
    void anotherSeedGivesAnotherArchive() throws Exception {
        new ArchiveGenerator(settings(42)).writeTo(tmp.resolve("a"));
        new ArchiveGenerator(settings(43)).writeTo(tmp.resolve("b"));
        assertThat(GeneratedFolder.tree(tmp.resolve("a")).get("manifest.json"))
                .isNotEqualTo(GeneratedFolder.tree(tmp.resolve("b")).get("manifest.json"));
    }

    @Test
    void refusesANonEmptyFolder() throws Exception {
        Files.writeString(tmp.resolve("something.txt"), "x");
        assertThatThrownBy(() -> new ArchiveGenerator(settings(1)).writeTo(tmp))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not empty")
                .hasMessageContaining(tmp.toString());
    }

    @Test
    void folderNamesHoldNoPatientData() throws Exception {
        GroundTruth truth = new ArchiveGenerator(settings(7)).writeTo(tmp.resolve("a"));
        for (String path : GeneratedFolder.tree(tmp.resolve("a")).keySet()) {
            for (GroundTruth.Patient p : truth.patients()) {
                assertThat(path).doesNotContain(p.mrn());
                assertThat(path).doesNotContain(p.name().split("\\^")[0]);
            }
        }
    }
}
