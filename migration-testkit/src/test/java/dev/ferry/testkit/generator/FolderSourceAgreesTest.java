package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.dicom.archive.folder.DuplicateFiles;
import dev.ferry.dicom.archive.folder.FileProblem;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.testkit.generator.GroundTruth.Copy;
import dev.ferry.testkit.generator.GroundTruth.Corruption;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.Study;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ferry's folder source inventories a generated archive as its truth says: corrupt objects reported, not fatal. */
class FolderSourceAgreesTest {
    @TempDir
    Path tmp;

    @Test
    void theFolderSourceInventoryAgreesWithTheTruth() throws Exception {
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(11).studies(40).sizes(Sizes.MINIMAL)
                .dirt(DirtProfile.builder().corruptStudies(0.3).duplicateObjects(0.2).junkFiles(0.2).build()).build())
                .writeTo(tmp);
        Path archive = tmp.resolve("archive");
        try (FolderSource source = FolderSource.builder(archive).name("generated").build()) {
            Map<String, StudyDescriptor> found = new LinkedHashMap<>();
            source.query(StudyQuery.ALL, d -> found.put(d.studyInstanceUid(), d));
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(
                    truth.mainStudies().stream().map(Study::studyInstanceUid).toList());

            for (Study s : truth.mainStudies()) {
                StudyDescriptor d = found.get(s.studyInstanceUid());
                assertThat(d.patient().id()).isEqualTo(s.headerPatientId());
                assertThat(d.accession().number()).isEqualTo(s.headerAccession());
                StudyManifest m = source.describe(s.studyInstanceUid()).orElseThrow();
                Set<String> listed = m.instances().stream().map(InstanceDescriptor::sopInstanceUid)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> readable = truth.instancesOf(s.studyInstanceUid()).stream()
                        .filter(i -> i.corrupt() == null || i.corrupt() == Corruption.TRUNCATED)
                        .map(Instance::sopInstanceUid).collect(Collectors.toCollection(TreeSet::new));
                assertThat(listed).as(s.key()).isEqualTo(readable);
            }

            Set<Path> expectedProblems = new TreeSet<>();
            for (Instance i : truth.mainStudies().stream().flatMap(s -> truth.instancesOf(s.studyInstanceUid()).stream())
                    .toList()) {
                if (i.corrupt() != null) {
                    expectedProblems.add(underArchive(i.files().get(0)));
                }
                if (i.duplicate() == Copy.PARTIAL) {
                    expectedProblems.add(underArchive(i.files().get(1)));
                }
            }
            truth.junkFiles().forEach(j -> expectedProblems.add(underArchive(j.path())));
            List<FileProblem> problems = source.problems();
            assertThat(problems).allMatch(p -> p.reason() == ReasonCode.CORRUPT_OBJECT);
            Set<Path> problemPaths = new TreeSet<>();
            problems.forEach(p -> problemPaths.add(p.path()));
            assertThat(problemPaths).isEqualTo(expectedProblems);

            List<String> identical = truth.instances().stream().filter(i -> i.duplicate() == Copy.IDENTICAL)
                    .map(Instance::sopInstanceUid).toList();
            assertThat(source.duplicates()).extracting(DuplicateFiles::sopInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(identical);
            assertThat(source.duplicates()).allMatch(DuplicateFiles::identical);

            List<Study> checked = new ArrayList<>();
            for (Study s : truth.mainStudies()) {
                List<String> received = new ArrayList<>();
                RetrieveResult r = source.retrieve(RetrieveRequest.study(s.studyInstanceUid()),
                        i -> received.add(i.descriptor().sopInstanceUid()));
                long truncated = truth.instancesOf(s.studyInstanceUid()).stream()
                        .filter(i -> i.corrupt() == Corruption.TRUNCATED).count();
                assertThat(r.failures()).as(s.key()).hasSize((int) truncated);
                assertThat(received).hasSize((int) truth.instancesOf(s.studyInstanceUid()).stream()
                        .filter(Instance::migratable).count());
                checked.add(s);
            }
            assertThat(checked).hasSize(40);
        }
        assertThat(truth.unmigratableStudies()).isNotEmpty();
    }

    private static Path underArchive(String path) {
        return Path.of(path.substring("archive/".length()));
    }
}
