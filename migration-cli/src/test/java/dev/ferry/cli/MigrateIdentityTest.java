package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.Tag;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.testkit.generator.ArchiveGenerator;
import dev.ferry.testkit.generator.DirtProfile;
import dev.ferry.testkit.generator.GeneratorSettings;
import dev.ferry.testkit.generator.GroundTruth;
import dev.ferry.testkit.generator.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry migrate --adt-history}: a generated archive whose patients were merged in the HIS
 * is migrated with its ADT folder, and every study arrives under its surviving patient; the identity
 * options' errors name the file and the line.
 */
class MigrateIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void studiesFiledUnderMergedPatientsArriveUnderTheirSurvivor() throws Exception {
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(5).studies(16).deltaStudies(0)
                .sizes(Sizes.MINIMAL).dirt(DirtProfile.builder().noFaults().duplicatePatients(0.6).build()).build())
                .writeTo(tmp.resolve("gen"));
        Path dst = tmp.resolve("dst");
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + tmp.resolve("gen/archive"),
                "--dest", "folder:" + dst, "--state", tmp.resolve("state").toString(), "--no-progress",
                "--adt-history", tmp.resolve("gen/hl7").toString(), "--verify", "counts,identity-continuity");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("ADT history: " + truth.hl7Messages().size() + " events", "0 conflicts");
        assertThat(truth.studies().stream().filter(GroundTruth.Study::filedUnderRetiredPatient).count()).isPositive();
        try (FolderSource destination = FolderSource.builder(dst).build()) {
            for (GroundTruth.Study s : truth.studies()) {
                List<PatientIdentity> there = new ArrayList<>();
                destination.retrieve(RetrieveRequest.study(s.studyInstanceUid()), (DicomInstance i) -> there.add(
                        PatientIdentity.of(i.header().getString(Tag.PatientID, ""),
                                i.header().getString(Tag.IssuerOfPatientID, ""))));
                assertThat(there).as("study %s", s.key()).isNotEmpty()
                        .containsOnly(PatientIdentity.of(s.expectedPatientId(), s.expectedIssuer()));
            }
        }
    }

    @Test
    void accessionNumbersAreNormalisedIntoEveryHeaderOrRefusedAsExceptions() throws Exception {
        GroundTruth truth = new ArchiveGenerator(GeneratorSettings.builder().seed(9).studies(10).deltaStudies(0)
                .sizes(Sizes.MINIMAL).dirt(DirtProfile.builder().noFaults().build()).build())
                .writeTo(tmp.resolve("gen"));
        int limit = 12;
        Path rules = Files.writeString(tmp.resolve("accession.csv"), "# the new RIS's format\nadd-prefix,Z\n"
                + "max-length," + limit + "\nover-length,refuse\n");
        Path dst = tmp.resolve("dst");
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + tmp.resolve("gen/archive"),
                "--dest", "folder:" + dst, "--state", tmp.resolve("state").toString(), "--no-progress",
                "--accession-rules", rules.toString(), "--verify", "counts");
        assertThat(r.code()).as(r.err()).isZero();
        int normalised = 0;
        int refused = 0;
        try (FolderSource destination = FolderSource.builder(dst).build()) {
            for (GroundTruth.Study s : truth.studies()) {
                List<String> there = new ArrayList<>();
                destination.retrieve(RetrieveRequest.study(s.studyInstanceUid()),
                        (DicomInstance i) -> there.add(i.header().getString(Tag.AccessionNumber, "")));
                String original = s.headerAccession();
                if (original == null || original.isEmpty()) {
                    continue;
                }
                if (original.length() + 1 <= limit) {
                    assertThat(there).as("study %s", s.key()).isNotEmpty().containsOnly("Z" + original);
                    normalised++;
                } else {
                    assertThat(there).as("study %s: refused, not truncated", s.key()).isEmpty();
                    refused++;
                }
            }
        }
        assertThat(normalised + refused).isPositive();
        if (refused > 0) {
            NetworkCommandsTest.Run exceptions = run("exceptions", "--state", tmp.resolve("state").toString());
            assertThat(exceptions.out()).contains("INVALID_VALUE", "cannot be normalised: TOO_LONG");
        }
    }

    @Test
    void aBrokenRulesFileIsACommandLineErrorNamingItsLine() throws Exception {
        Path rules = Files.writeString(tmp.resolve("mrn.csv"), "source,issuer,operation,argument,replacement\n"
                + "*,HOSP_A,no-such-operation,,\n");
        Files.createDirectories(tmp.resolve("src"));
        NetworkCommandsTest.Run r = run("migrate", "--source", "folder:" + tmp.resolve("src"), "--dest",
                "folder:" + tmp.resolve("dst"), "--state", tmp.resolve("state").toString(), "--mrn-rules",
                rules.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mrn.csv:2");
    }
}
