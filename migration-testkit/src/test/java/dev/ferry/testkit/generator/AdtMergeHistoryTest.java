package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.adt.MergeStep;
import dev.ferry.hl7.adt.Resolution;
import dev.ferry.testkit.generator.GroundTruth.Patient;
import dev.ferry.testkit.generator.GroundTruth.Study;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.ferry.hl7.adt.AdtEvent;
import dev.ferry.hl7.adt.AdtPatient;
import dev.ferry.hl7.adt.EventKind;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.spi.IdentityResolver;
import dev.ferry.testkit.tck.IdentityResolverConformance;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ADT history of a generated archive, read back with HAPI and built into a merge graph, agrees with
 * the archive's ground truth: every retired patient resolves to its survivor through the A40 that
 * retired it, no patient is merged that was not, and no study ends up split from its patient.
 */
class AdtMergeHistoryTest {
    @TempDir
    static Path tmp;
    static GroundTruth truth;
    static AdtReader.ReadResult read;
    static MergeGraph graph;

    @BeforeAll
    static void generate() throws IOException {
        Path out = tmp.resolve("gen");
        GeneratorSettings settings = GeneratorSettings.builder().seed(7).studies(60).deltaStudies(0)
                .sizes(Sizes.MINIMAL)
                .dirt(DirtProfile.builder().duplicatePatients(0.5).mrnVariants(0).build())
                .build();
        truth = new ArchiveGenerator(settings).writeTo(out);
        try (AdtReader reader = AdtReader.create()) {
            read = reader.read(out.resolve("hl7"));
        }
        graph = MergeGraph.of(read.events());
    }

    private static PatientIdentity identity(Patient p) {
        return PatientIdentity.of(p.mrn(), p.issuer());
    }

    private static Patient finalSurvivor(Patient p) {
        Patient s = p;
        for (int hops = 0; s.mergedInto() != null && hops < 100; hops++) {
            s = truth.patient(s.mergedInto());
        }
        return s;
    }

    @Test
    void everyMessageIsReadWithoutProblems() {
        assertThat(read.problems()).isEmpty();
        assertThat(read.events()).hasSize(truth.hl7Messages().size());
        assertThat(graph.conflicts()).isEmpty();
        assertThat(truth.retiredPatients()).isNotEmpty();
    }

    @Test
    void everyRetiredPatientResolvesToItsSurvivorThroughItsA40() {
        for (Patient p : truth.patients()) {
            Resolution r = graph.survivor(identity(p));
            if (p.retired()) {
                assertThat(r.status()).as("%s", p).isEqualTo(Resolution.Status.MERGED);
                assertThat(r.survivor()).as("%s", p).isEqualTo(identity(finalSurvivor(p)));
                Set<String> expected = new HashSet<>();
                for (GroundTruth.Hl7Message m : truth.hl7Messages()) {
                    if ("A40".equals(m.event()) && p.key().equals(m.mergedPatientKey())) {
                        expected.add(m.controlId());
                    }
                }
                assertThat(r.chain()).extracting(s -> s.event().controlId()).first().isIn(expected);
                assertThat(r.chain()).extracting(MergeStep::from).first().isEqualTo(identity(p));
            } else {
                assertThat(r.status()).as("%s is not merged", p).isEqualTo(Resolution.Status.ACTIVE);
            }
        }
    }

    @Test
    void noStudyIsSplitFromItsPatientAndNoneIsWronglyMerged() {
        MergeHistoryResolver resolver = new MergeHistoryResolver(graph);
        Map<String, PatientIdentity> bySurvivingKey = new HashMap<>();
        Map<PatientIdentity, String> byIdentity = new HashMap<>();
        for (Study s : truth.studies()) {
            PatientIdentity header = PatientIdentity.of(s.headerPatientId(), s.headerIssuer());
            StudyDescriptor d = new StudyDescriptor(s.studyInstanceUid(), header, Demographics.UNKNOWN,
                    Accession.of(s.headerAccession()), null, null, Set.copyOf(s.modalities()), -1, -1, -1);
            IdentityDecision decision = resolver.resolve(new IdentityContext("generated", d));
            PatientIdentity resolved;
            if (s.headerPatientKey().equals(s.survivingPatientKey())) {
                assertThat(decision).as("study %s", s.key()).isInstanceOf(IdentityDecision.Abstain.class);
                resolved = header;
            } else {
                assertThat(decision).as("study %s", s.key()).isInstanceOf(IdentityDecision.Resolved.class);
                resolved = ((IdentityDecision.Resolved) decision).identity().patient();
                assertThat(((IdentityDecision.Resolved) decision).identity().evidence()).isNotEmpty()
                        .allSatisfy(e -> assertThat(e).contains("ADT^A40").doesNotContain(s.headerPatientId()));
            }
            assertThat(resolved).as("study %s", s.key())
                    .isEqualTo(PatientIdentity.of(s.expectedPatientId(), s.expectedIssuer()));
            PatientIdentity before = bySurvivingKey.putIfAbsent(s.survivingPatientKey(), resolved);
            assertThat(before == null || before.equals(resolved)).as("patient %s split", s.survivingPatientKey()).isTrue();
            String owner = byIdentity.putIfAbsent(resolved, s.survivingPatientKey());
            assertThat(owner == null || owner.equals(s.survivingPatientKey())).as("two patients merged").isTrue();
        }
        assertThat(truth.studies().stream().filter(Study::filedUnderRetiredPatient).count()).isPositive();
    }

    @Test
    void theHistoryReadsTheSameTwice() throws IOException {
        try (AdtReader reader = AdtReader.create()) {
            MergeGraph again = MergeGraph.of(reader.read(tmp.resolve("gen/hl7")).events());
            assertThat(again.resolutions()).isEqualTo(graph.resolutions());
        }
    }

    @Test
    void demographicsOfSurvivorsComeFromTheHistory() {
        List<Patient> survivors = truth.patients().stream().filter(p -> !p.retired()).toList();
        for (Patient p : survivors) {
            assertThat(graph.demographics(identity(p))).as("%s", p).isPresent()
                    .get().extracting(Demographics::birthDate).isEqualTo(p.birthDate());
        }
    }

    /** The SPI's conformance kit over the generated history, with a conflict added to be refused. */
    @Nested
    class Conformance extends IdentityResolverConformance {
        private final PatientIdentity conflicted = PatientIdentity.of("CONFLICTED-7731", "HOSP_Z");

        private AdtEvent a40(String controlId, String day, PatientIdentity survivor) {
            return new AdtEvent(new Origin("extra.hl7", 1), controlId, "A40", "ADT_A39", "2.5.1",
                    Instant.parse(day + "T10:00:00Z"), EventKind.MERGE,
                    List.of(new AdtPatient(List.of(survivor), List.of(conflicted), null, null)), List.of());
        }

        @Override
        protected IdentityResolver createResolver() {
            List<AdtEvent> events = new ArrayList<>(read.events());
            events.add(a40("X1", "2025-01-01", PatientIdentity.of("SURVIVOR-A-5521", "HOSP_Z")));
            events.add(a40("X2", "2025-02-01", PatientIdentity.of("SURVIVOR-B-6632", "HOSP_Z")));
            return new MergeHistoryResolver(MergeGraph.of(events));
        }

        private IdentityContext context(PatientIdentity p) {
            return new IdentityContext("generated", new StudyDescriptor("1.2.826.0.1." + Math.abs(p.hashCode()), p,
                    Demographics.UNKNOWN, Accession.NONE, null, null, Set.of(), -1, -1, -1));
        }

        @Override
        protected List<IdentityContext> sampleContexts() {
            Patient retired = truth.retiredPatients().get(0);
            Patient survivor = finalSurvivor(retired);
            return List.of(context(identity(retired)), context(identity(survivor)),
                    context(PatientIdentity.of("UNKNOWN-99881", "HOSP_Z")));
        }

        @Override
        protected List<IdentityContext> contextsThatMustBeRefused() {
            return List.of(context(conflicted));
        }
    }
}
