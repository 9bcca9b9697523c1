package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.Study;
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ArchiveGenerator#loadInto} gives an in-memory archive the studies the truth says. */
class LoadIntoTest {
    @TempDir
    Path tmp;

    @Test
    void theInMemoryArchiveHoldsTheMainArchivesIntactInstances() throws Exception {
        GeneratorSettings settings = GeneratorSettings.builder().seed(5).studies(30).deltaStudies(3)
                .sizes(Sizes.MINIMAL).dirt(DirtProfile.builder().corruptStudies(0.3).duplicateObjects(0.2).build())
                .build();
        ArchiveGenerator generator = new ArchiveGenerator(settings);
        GroundTruth truth = generator.writeTo(tmp);
        InMemoryArchive archive = new InMemoryArchive("generated");
        generator.loadInto(archive);

        List<String> studies = new ArrayList<>();
        archive.query(StudyQuery.ALL, d -> studies.add(d.studyInstanceUid()));
        // A study whose every instance is corrupt (a single truncated radiograph) has nothing to load.
        assertThat(studies).containsExactlyElementsOf(truth.mainStudies().stream()
                .filter(s -> truth.instancesOf(s.studyInstanceUid()).stream().anyMatch(Instance::migratable))
                .map(Study::studyInstanceUid).toList());
        assertThat(studies).hasSizeGreaterThan(25);
        long intact = truth.mainStudies().stream().flatMap(s -> truth.instancesOf(s.studyInstanceUid()).stream())
                .filter(Instance::migratable).count();
        assertThat(archive.size()).isEqualTo((int) intact);

        for (Study s : truth.mainStudies()) {
            if (!studies.contains(s.studyInstanceUid())) {
                continue;
            }
            StudyDescriptor d = archive.describe(s.studyInstanceUid()).orElseThrow().study();
            assertThat(d.accession().number()).isEqualTo(s.headerAccession());
            assertThat(d.patient().id()).isEqualTo(s.headerPatientId());
            archive.retrieve(RetrieveRequest.study(s.studyInstanceUid()), i -> check(truth, i));
        }
    }

    private static void check(GroundTruth truth, DicomInstance i) throws java.io.IOException {
        Instance t = truth.instance(i.descriptor().sopInstanceUid());
        assertThat(t.migratable()).isTrue();
        assertThat(i.transferSyntaxUid()).isEqualTo(t.transferSyntaxUid());
        assertThat(i.header().getString(Tag.SeriesInstanceUID)).isEqualTo(t.seriesInstanceUid());
        InputStream r = i.remainder();
        byte[] head = r.readNBytes(t.transferSyntaxUid().equals("1.2.840.10008.1.2") ? 8 : 12);
        if (head.length == 0) {
            assertThat(t.pixelDataSha256()).isNull();
            return;
        }
        MessageDigest md = StudyWriter.sha256();
        md.update(r.readAllBytes());
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(t.pixelDataSha256());
    }
}
