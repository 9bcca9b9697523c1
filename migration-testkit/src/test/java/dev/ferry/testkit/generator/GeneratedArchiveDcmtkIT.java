package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmtk, the reference toolkit, reads every well-formed generated file and rejects every corrupt
 * one, in both transfer syntaxes the generator writes.
 */
class GeneratedArchiveDcmtkIT {
    @TempDir
    Path tmp;

    @Test
    void dcmdumpReadsTheGoodFilesAndRejectsTheCorruptOnes() throws Exception {
        Dcmtk.requireTools("dcmdump");
        Path out = tmp.resolve("gen");
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(77).studies(20).sizes(Sizes.MINIMAL)
                .dirt(DirtProfile.builder().corruptStudies(0.4).implicitVr(0.4).duplicateObjects(0.2).build()).build())
                .writeTo(out);
        List<String> good = new ArrayList<>(List.of("-q"));
        List<String> corrupt = new ArrayList<>();
        for (Instance i : truth.instances()) {
            if (i.goodFile() != null) {
                good.add(i.goodFile());
            } else {
                corrupt.add(i.files().get(0));
            }
        }
        Dcmtk.Result all = Dcmtk.run(out, "dcmdump", good);
        assertThat(all.succeeded()).as(all.output()).isTrue();
        assertThat(all.output()).doesNotContain("E: ").doesNotContain("W: ");
        assertThat(corrupt).isNotEmpty();
        for (String f : corrupt) {
            assertThat(Dcmtk.run(out, "dcmdump", "-q", f).succeeded()).as(f).isFalse();
        }
    }
}
