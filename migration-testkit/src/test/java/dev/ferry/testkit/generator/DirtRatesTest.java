package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.Study;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FIELD profile's rates land near their targets over 300 studies; CLEAN has no faults. */
class DirtRatesTest {
    @TempDir
    Path tmp;

    private static GroundTruth generate(Path out, DirtProfile dirt) throws IOException {
        return new ArchiveGenerator(GeneratorSettings.builder().seed(99).studies(300).sizes(Sizes.MINIMAL).dirt(dirt)
                .build()).writeTo(out);
    }

    private static double share(List<Study> studies, Predicate<Study> p) {
        return studies.stream().filter(p).count() / (double) studies.size();
    }

    @Test
    void fieldRatesLandNearTheirTargets() throws IOException {
        GroundTruth t = generate(tmp.resolve("field"), DirtProfile.FIELD);
        List<Study> studies = t.studies();
        assertThat(studies).hasSize(300);
        long surviving = t.patients().stream().filter(p -> !p.retired()).count();
        assertThat(t.retiredPatients().size() / (double) surviving).as("patients registered twice").isBetween(0.01, 0.12);
        assertThat(share(studies, s -> !s.headerPatientId().equals(t.patient(s.headerPatientKey()).mrn())))
                .as("MRN variants").isBetween(0.05, 0.16);
        assertThat(share(studies, s -> s.accessionCollisions().isEmpty()
                && !s.headerAccession().equals(s.expectedAccession()))).as("accession variants").isBetween(0.05, 0.16);
        assertThat(share(studies, s -> !s.accessionCollisions().isEmpty())).as("collisions").isBetween(0.0, 0.04);
        assertThat(share(studies, s -> s.charsetDeclared().isEmpty() && s.charsetActual().equals("ISO_IR 100")))
                .as("undeclared Latin-1").isBetween(0.0, 0.04);
        assertThat(share(studies, s -> s.charsetActual().isEmpty())).as("ASCII").isBetween(0.65, 0.95);
        assertThat(share(studies, s -> !s.charsetDeclared().isEmpty())).as("declared character sets").isBetween(0.06, 0.35);
        assertThat(share(studies, Study::bodyPartEmpty)).as("empty body part").isBetween(0.02, 0.10);
        assertThat(share(studies, s -> !s.migratable())).as("unmigratable").isBetween(0.07, 0.16);
        assertThat(share(studies, s -> t.instancesOf(s.studyInstanceUid()).stream()
                .anyMatch(i -> i.duplicate() != null))).as("duplicates").isBetween(0.003, 0.05);
        assertThat(t.junkFiles().size() / 300.0).as("junk").isBetween(0.005, 0.07);
        assertThat(share(studies, s -> s.transferSyntaxUid().equals("1.2.840.10008.1.2"))).as("implicit VR")
                .isBetween(0.05, 0.16);
        List<Study> dosed = studies.stream().filter(s -> !s.doses().isEmpty()).toList();
        assertThat(dosed.size() / 300.0).as("CT, XA, MG studies").isBetween(0.35, 0.65);
        assertThat(dosed).allMatch(s -> s.doses().stream()
                .allMatch(d -> d.tags().stream().anyMatch(tag -> tag.location().equals("PRIVATE"))));
        assertThat(share(dosed, s -> s.doses().stream()
                .anyMatch(d -> d.tags().stream().anyMatch(tag -> tag.location().equals("STANDARD")))))
                .as("dose also in a standard element").isBetween(0.25, 0.55);
        assertThat(share(studies, s -> s.modalities().contains("CT"))).isBetween(0.18, 0.32);
        assertThat(studies.stream().flatMap(s -> s.modalities().stream()).distinct())
                .contains("CT", "MR", "CR", "DX", "US", "MG", "XA", "SR", "PR", "KO");
    }

    @Test
    void cleanHasNoFaults() throws IOException {
        GroundTruth t = generate(tmp.resolve("clean"), DirtProfile.CLEAN);
        assertThat(t.retiredPatients()).isEmpty();
        assertThat(t.junkFiles()).isEmpty();
        assertThat(t.unmigratableStudies()).isEmpty();
        assertThat(t.corruptInstances()).isEmpty();
        assertThat(t.instances()).allMatch(i -> i.duplicate() == null && i.files().size() == 1)
                .allMatch(Instance::migratable);
        assertThat(t.studies()).allMatch(s -> s.headerAccession().equals(s.expectedAccession()))
                .allMatch(s -> s.headerPatientId().equals(s.expectedPatientId()))
                .allMatch(s -> s.accessionCollisions().isEmpty())
                .allMatch(s -> !s.bodyPartEmpty() || s.modalities().stream().noneMatch(m -> !m.equals("SR")))
                .allMatch(s -> s.charsetDeclared().equals(s.charsetActual()))
                .allMatch(s -> s.transferSyntaxUid().equals("1.2.840.10008.1.2.1"));
        assertThat(t.hl7Messages()).noneMatch(m -> m.event().equals("A40"));
    }
}
