package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.Tag;
import dev.ferry.core.Migration;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.verify.IdentityContinuityVerifier;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.hl7.adt.AdtEvent;
import dev.ferry.hl7.adt.AdtPatient;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.EventKind;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.testkit.generator.GroundTruth.Study;
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's scenario, end to end through the engine: a generated archive whose patients were
 * registered twice and merged years ago in the HIS (A40s the DICOM headers never saw) is migrated with
 * its ADT history as the identity resolver. Every study arrives under its surviving patient, as the
 * ground truth says: no patient split across identities, no two patients merged, each header checked
 * on the destination by the identity-continuity verifier. A patient whose history holds conflicting
 * merges is never guessed: each of that patient's studies is an IDENTITY_CONFLICT exception.
 */
class IdentityMigrationScenarioTest {
    @TempDir
    Path tmp;

    @Test
    void everyStudyArrivesUnderItsSurvivingPatientAndAConflictIsAnException() throws IOException, InterruptedException {
        GeneratorSettings settings = GeneratorSettings.builder().seed(11).studies(40).deltaStudies(0)
                .sizes(Sizes.MINIMAL).dirt(DirtProfile.builder().noFaults().duplicatePatients(0.5).build()).build();
        GroundTruth truth = new ArchiveGenerator(settings).writeTo(tmp.resolve("gen"));
        List<AdtEvent> history;
        try (AdtReader reader = AdtReader.create()) {
            AdtReader.ReadResult read = reader.read(tmp.resolve("gen/hl7"));
            assertThat(read.problems()).isEmpty();
            history = new ArrayList<>(read.events());
        }
        // One patient who keeps their identity gets two conflicting merges into unknown survivors.
        Study victim = truth.studies().stream().filter(s -> s.headerPatientKey().equals(s.survivingPatientKey()))
                .findFirst().orElseThrow();
        PatientIdentity conflicted = PatientIdentity.of(victim.headerPatientId(), victim.headerIssuer());
        history.add(a40("CONFLICT-1", "2030-01-01", PatientIdentity.of("ELSEWHERE-1", "HOSP_Z"), conflicted));
        history.add(a40("CONFLICT-2", "2030-02-01", PatientIdentity.of("ELSEWHERE-2", "HOSP_Z"), conflicted));

        InMemoryArchive destination = new InMemoryArchive("new-pacs");
        try (FolderSource source = FolderSource.builder(tmp.resolve("gen/archive")).build();
                StateStore store = JdbcStateStore.openEmbedded(tmp.resolve("state"))) {
            MigrationPlan plan = MigrationPlan.builder("identity").source(source).destination(destination)
                    .identityResolver(new MergeHistoryResolver(MergeGraph.of(history)))
                    .verifier(new IdentityContinuityVerifier()).build();
            Migration m = Migration.builder(plan, store).build();
            m.inventory();
            m.production();

            // The conflict reaches every study of the patient: those filed under it, and those filed under
            // identities merged into it years ago, whose chain now leads into the conflict.
            Set<String> conflictedStudies = new HashSet<>();
            for (Study s : truth.studies()) {
                if (s.survivingPatientKey().equals(victim.survivingPatientKey())) {
                    conflictedStudies.add(s.studyInstanceUid());
                }
            }
            Map<String, PatientIdentity> bySurvivor = new HashMap<>();
            Map<PatientIdentity, String> survivorOf = new HashMap<>();
            for (Study s : truth.studies()) {
                StudyState state = store.study("identity", s.studyInstanceUid()).orElseThrow().state();
                if (conflictedStudies.contains(s.studyInstanceUid())) {
                    assertThat(state).as("study %s of the conflicted patient", s.key()).isEqualTo(StudyState.EXCEPTION);
                    assertThat(destination.describe(s.studyInstanceUid())).as("nothing guessed").isEmpty();
                    continue;
                }
                assertThat(state).as("study %s: %s", s.key(), store.study("identity", s.studyInstanceUid()).orElseThrow()
                        .lastDetail()).isEqualTo(StudyState.DONE);
                PatientIdentity expected = PatientIdentity.of(s.expectedPatientId(), s.expectedIssuer());
                for (PatientIdentity there : headers(destination, s.studyInstanceUid())) {
                    assertThat(there).as("an instance of study %s", s.key()).isEqualTo(expected);
                }
                PatientIdentity before = bySurvivor.putIfAbsent(s.survivingPatientKey(), expected);
                assertThat(before == null || before.equals(expected)).as("patient %s split", s.survivingPatientKey())
                        .isTrue();
                String owner = survivorOf.putIfAbsent(expected, s.survivingPatientKey());
                assertThat(owner == null || owner.equals(s.survivingPatientKey())).as("two patients merged").isTrue();
            }
            assertThat(truth.studies().stream().filter(Study::filedUnderRetiredPatient).count())
                    .as("studies filed under a retired identity, moved to their survivor").isPositive();
            List<ExceptionRecord> exceptions = m.exceptions(Set.of(ExceptionRecord.Status.OPEN));
            assertThat(exceptions).extracting(ExceptionRecord::studyInstanceUid)
                    .containsExactlyInAnyOrderElementsOf(conflictedStudies);
            assertThat(exceptions).allSatisfy(e -> {
                assertThat(e.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
                assertThat(e.detail()).doesNotContain(victim.headerPatientId());
            });
        }
    }

    private static List<PatientIdentity> headers(InMemoryArchive archive, String study) throws IOException {
        List<PatientIdentity> ids = new ArrayList<>();
        archive.retrieve(RetrieveRequest.study(study), (DicomInstance i) -> ids.add(PatientIdentity.of(
                i.header().getString(Tag.PatientID, ""), i.header().getString(Tag.IssuerOfPatientID, ""))));
        assertThat(ids).as("instances of %s on the destination", study).isNotEmpty();
        return ids;
    }

    private static AdtEvent a40(String controlId, String day, PatientIdentity survivor, PatientIdentity merged) {
        return new AdtEvent(new Origin("conflicts.hl7", 1), controlId, "A40", "ADT_A39", "2.5.1",
                Instant.parse(day + "T10:00:00Z"), EventKind.MERGE,
                List.of(new AdtPatient(List.of(survivor), List.of(merged), null, null)), List.of());
    }
}
