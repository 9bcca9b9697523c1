package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Tag;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizesTest {
    @TempDir
    Path tmp;

    @Test
    void compactStudiesAverageWellUnderTwoMegabytes() throws Exception {
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(3).studies(25)
                .dirt(DirtProfile.CLEAN).build()).writeTo(tmp);
        double average = truth.studies().stream().mapToLong(GroundTruth.Study::bytes).average().orElseThrow();
        assertThat(average).isBetween(300_000.0, 1_500_000.0);
    }

    /** REALISTIC is checked on the built headers only: writing it takes gigabytes. */
    @Test
    void realisticUsesRealMatricesAndCounts() {
        GeneratorSettings settings = GeneratorSettings.builder().seed(8).studies(50).sizes(Sizes.REALISTIC).build();
        List<StudyPlan> studies = new Planner(settings).plan().studies;
        boolean sawMg = false;
        boolean sawCt = false;
        boolean sawXa = false;
        for (StudyPlan s : studies) {
            List<InstancePlan> built = new StudyBuilder(s, settings.seed(), settings.sizes()).build().instances();
            for (InstancePlan i : built) {
                switch (i.modality) {
                    case "CT" -> {
                        sawCt = true;
                        assertThat(i.header.getInt(Tag.Rows, 0)).isEqualTo(512);
                        assertThat(i.pixelLength).isEqualTo(512 * 512 * 2);
                    }
                    case "MG" -> {
                        sawMg = true;
                        assertThat(i.pixelLength).isEqualTo(4096L * 3328 * 2);
                    }
                    case "XA" -> {
                        sawXa = true;
                        assertThat(i.header.getInt(Tag.NumberOfFrames, 0)).isBetween(20, 60);
                        assertThat(i.header.getInt(Tag.BitsAllocated, 0)).isEqualTo(8);
                    }
                    default -> { }
                }
            }
            if (s.type == Plan.StudyType.CT) {
                long slices = built.stream().filter(i -> i.modality.equals("CT")).count();
                assertThat(slices).isBetween(40L, 900L);
            }
        }
        assertThat(sawCt && sawMg && sawXa).isTrue();
    }
}
