package dev.ferry.testkit.archives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.Migration;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.dicom.verify.PixelDataVerifier;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixel integrity against a real destination: studies migrated into Orthanc over C-STORE with the
 * pixel-data verifier, read back by C-GET. An exact copy passes; a copy whose pixels Orthanc was
 * made to replace fails, naming the instance; a destination that compresses what it ingests
 * (Orthanc's IngestTranscoding) is reported as transcoded, not byte-comparable, never as passed.
 */
class PixelVerificationOrthancIT {
    /** JPEG Lossless, Non-Hierarchical, First-Order Prediction: what the transcoding Orthanc stores. */
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";

    @TempDir
    Path dir;
    private InMemoryArchive legacy;
    private SyntheticStudy ct;
    private SyntheticStudy mr;

    @BeforeEach
    void seed() throws IOException {
        legacy = new InMemoryArchive("legacy");
        ct = TestInstances.study(81_001).patient("MRN-PIX-1", "HOSP_A").series("CT", 3).series("SR", 1).build();
        mr = TestInstances.study(81_002).patient("MRN-PIX-2", "HOSP_A").series("MR", 2).build();
        for (SyntheticStudy s : List.of(ct, mr)) {
            for (DicomInstance i : s.newInstances()) {
                try (i) {
                    legacy.put(i);
                }
            }
        }
    }

    @Test
    void anExactCopyPassesAndAReplacedPixelFailsNamingTheInstance() throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.start(Map.of("OverwriteInstances", true));
                DimseDestination vna = DimseDestination.builder(orthanc.dicom()).maxAssociations(2).build();
                StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
            Migration m = Migration.builder(plan(vna), store).build();
            m.inventory();
            m.production();
            assertThat(m.counts().studies(StudyState.DONE)).isEqualTo(2);
            assertThat(m.exceptions(Set.of(ExceptionRecord.Status.OPEN))).isEmpty();

            PhaseReport clean = m.validation();
            assertThat(clean.number("passRate")).isEqualTo(1.0);
            assertThat(clean.figures().get("verifiers")).isEqualTo(Map.of(PixelDataVerifier.NAME, Map.of("passed", 2L)));

            // Orthanc replaces the instance with one whose pixels differ in one byte, same UIDs.
            SyntheticInstance victim = ct.instances().get(1);
            byte[] remainder;
            try (DicomInstance i = victim.newInstance()) {
                remainder = i.remainder().readAllBytes();
            }
            remainder[remainder.length / 2] ^= 0x01;
            try (DicomInstance altered = new DicomInstance(victim.descriptor(), victim.header(),
                    TestInstances.EXPLICIT_VR_LITTLE_ENDIAN, new ByteArrayInputStream(remainder), remainder.length)) {
                orthanc.upload(List.of(altered));
            }

            PhaseReport damaged = m.validation();
            assertThat(damaged.number("failed")).isEqualTo(1);
            assertThat(damaged.number("passed")).isEqualTo(1);
            List<ExceptionRecord> open = m.exceptions(Set.of(ExceptionRecord.Status.OPEN));
            assertThat(open).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(ReasonCode.VERIFICATION_FAILED);
                assertThat(e.studyInstanceUid()).isEqualTo(ct.studyInstanceUid());
                assertThat(e.sopInstanceUid()).isEqualTo(victim.sopInstanceUid());
                assertThat(e.detail()).startsWith("pixel-data failed: Pixel Data differs: source SHA-256:");
            });
        }
    }

    @Test
    void aDestinationThatCompressesOnIngestIsReportedAsTranscodedNeverPassed() throws Exception {
        try (OrthancPeer orthanc = OrthancPeer.start(Map.of("IngestTranscoding", JPEG_LOSSLESS_SV1));
                DimseDestination vna = DimseDestination.builder(orthanc.dicom()).maxAssociations(2).build();
                StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
            Migration m = Migration.builder(plan(vna), store).build();
            m.inventory();
            m.production();

            assertThat(m.counts().studies(StudyState.DONE)).as("stored, but not verified").isEqualTo(2);
            List<ExceptionRecord> open = m.exceptions(Set.of(ExceptionRecord.Status.OPEN));
            int images = 3 + 2;
            assertThat(open).hasSize(images).allSatisfy(e -> assertThat(e.detail())
                    .startsWith("pixel-data inconclusive: transcoded: not byte-comparable")
                    .contains(JPEG_LOSSLESS_SV1));
            PhaseReport validation = m.validation();
            assertThat(validation.number("inconclusive")).isEqualTo(2);
            assertThat(validation.number("passed")).isZero();
            assertThat(m.exceptions(Set.of(ExceptionRecord.Status.OPEN))).as("validation raises nothing twice")
                    .hasSize(images);
            assertThat(m.readiness().figures().get("ready")).isEqualTo(false);
        }
    }

    private MigrationPlan plan(DimseDestination destination) {
        return MigrationPlan.builder("pixels").source(legacy).destination(destination).maxStudies(2)
                .verifier(new PixelDataVerifier()).build();
    }
}
