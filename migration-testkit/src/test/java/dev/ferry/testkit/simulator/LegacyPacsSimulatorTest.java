package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.dicom.archive.web.DicomWebSource;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's C-FIND as a legacy PACS answers it (levels, models, matching, computed attributes,
 * character sets), what it serves of a folder with junk in it, and the delta.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyPacsSimulatorTest {
    @TempDir
    static Path root;
    private SyntheticStudy ct;
    private SyntheticStudy mixed;
    private SyntheticStudy latin1;
    private SyntheticStudy utf8;
    private LegacyPacsSimulator sim;

    @BeforeAll
    void start() throws IOException {
        Path archive = root.resolve("archive");
        ct = TestInstances.study(9301).patient("MRN-S1", "HOSP_A").patientName("DOE^JOHN")
                .studyDate(LocalDate.of(2024, 3, 1)).studyTime(LocalTime.of(9, 15)).series("CT", 3).build();
        mixed = TestInstances.study(9302).patient("MRN-S1", "HOSP_A").patientName("DOE^JOHN")
                .studyDate(LocalDate.of(2024, 3, 9)).studyTime(LocalTime.of(14, 0)).series("MR", 2).series("SR", 1)
                .build();
        latin1 = TestInstances.study(9303).patient("MRN-S2", "HOSP_A").patientName("M\u00fcller^J\u00fcrgen")
                .studyDate(LocalDate.of(2024, 3, 2)).series("CR", 1)
                .eachInstance(b -> b.header(h -> charset(h, "ISO_IR 100"))).build();
        utf8 = TestInstances.study(9304).patient("MRN-S3", "HOSP_A").patientName("\u5c71\u7530^\u592a\u90ce")
                .studyDate(LocalDate.of(2024, 3, 3)).series("US", 1)
                .eachInstance(b -> b.header(h -> charset(h, "ISO_IR 192"))).build();
        for (SyntheticStudy s : List.of(ct, mixed, latin1, utf8)) {
            ArchiveFolders.write(s, archive);
        }
        sim = LegacyPacsSimulator.builder().archive(archive).build().start();
    }

    /** Declares the character set and re-sets the name so that it is encoded in it. */
    private static void charset(Dataset h, String scs) {
        String name = h.getString(Tag.PatientName);
        h.setString(Tag.SpecificCharacterSet, VR.CS, scs);
        h.setTextCodec(SpecificCharacterSet.of(scs));
        h.setString(Tag.PatientName, VR.PN, name);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    private List<Dataset> find(InformationModel model, String level, Map<String, String> keys) throws IOException {
        AssociationRequest.Builder rq = AssociationRequest.builder(sim.dimse().aeTitle(), "FERRY");
        rq.addContext(model.find(), dev.ferry.dicom.UID.ExplicitVRLittleEndian);
        List<Dataset> out = new ArrayList<>();
        try (Association as = Association.connect(sim.dimse(), rq.build(), AssociationOptions.defaults())) {
            QueryRetrieveScu.FindResult r = QueryRetrieveScu.find(as, model.find(), QueryRetrieveScu.keys(level, keys),
                    Priority.MEDIUM, out::add);
            assertThat(r.status()).isEqualTo(Status.SUCCESS);
        }
        return out;
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Set<String> values(List<Dataset> matches, int tag) {
        return matches.stream().map(d -> d.getString(tag, "")).collect(Collectors.toSet());
    }

    @Test
    void studyLevelWithComputedAttributes() throws IOException {
        List<Dataset> m = find(InformationModel.STUDY_ROOT, "STUDY", keys("StudyInstanceUID", mixed.studyInstanceUid(),
                "ModalitiesInStudy", "", "NumberOfStudyRelatedSeries", "", "NumberOfStudyRelatedInstances", "",
                "SOPClassesInStudy", "", "PatientName", "", "RetrieveAETitle", "", "AccessionNumber", ""));
        assertThat(m).hasSize(1);
        Dataset d = m.get(0);
        assertThat(d.getStrings(Tag.ModalitiesInStudy)).containsExactlyInAnyOrder("MR", "SR");
        assertThat(d.getString(Tag.NumberOfStudyRelatedSeries)).isEqualTo("2");
        assertThat(d.getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("3");
        assertThat(d.getStrings(Tag.SOPClassesInStudy)).hasSize(2);
        assertThat(d.getString(Tag.PatientName)).isEqualTo("DOE^JOHN");
        assertThat(d.getString(Tag.RetrieveAETitle)).isEqualTo("LEGACY");
        assertThat(d.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(d.contains(Tag.AccessionNumber)).isTrue();
    }

    @Test
    void matchingByModalityDateRangeTimeRangeAndUidList() throws IOException {
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("ModalitiesInStudy", "SR")),
                Tag.StudyInstanceUID)).containsExactly(mixed.studyInstanceUid());
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("StudyDate", "20240301-20240302")),
                Tag.StudyInstanceUID)).containsExactlyInAnyOrder(ct.studyInstanceUid(), latin1.studyInstanceUid());
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("StudyDate", "20240303-")),
                Tag.StudyInstanceUID)).containsExactlyInAnyOrder(utf8.studyInstanceUid(), mixed.studyInstanceUid());
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("StudyDate", "20240301",
                "StudyTime", "090000-095959")), Tag.StudyInstanceUID)).containsExactly(ct.studyInstanceUid());
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("StudyInstanceUID",
                ct.studyInstanceUid() + "\\" + utf8.studyInstanceUid())), Tag.StudyInstanceUID))
                .containsExactlyInAnyOrder(ct.studyInstanceUid(), utf8.studyInstanceUid());
    }

    @Test
    void wildcardNamesMatchWithoutRegardToCase() throws IOException {
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("PatientName", "doe*")),
                Tag.StudyInstanceUID)).containsExactlyInAnyOrder(ct.studyInstanceUid(), mixed.studyInstanceUid());
        assertThat(values(find(InformationModel.STUDY_ROOT, "STUDY", keys("PatientName", "D?E^JOHN")),
                Tag.StudyInstanceUID)).hasSize(2);
        assertThat(find(InformationModel.STUDY_ROOT, "STUDY", keys("PatientName", "SMITH*"))).isEmpty();
    }

    @Test
    void namesInOtherCharacterSetsComeBackAsStored() throws IOException {
        List<Dataset> m = find(InformationModel.STUDY_ROOT, "STUDY", keys("PatientName", "M\u00dcLLER*",
                "SpecificCharacterSet", ""));
        assertThat(m).hasSize(1);
        assertThat(m.get(0).getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(m.get(0).getString(Tag.PatientName)).isEqualTo("M\u00fcller^J\u00fcrgen");
        List<Dataset> j = find(InformationModel.STUDY_ROOT, "STUDY", keys("PatientID", "MRN-S3", "PatientName", ""));
        assertThat(j).hasSize(1);
        assertThat(j.get(0).getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(j.get(0).getString(Tag.PatientName)).isEqualTo("\u5c71\u7530^\u592a\u90ce");
    }

    @Test
    void patientRootAnswersEveryLevel() throws IOException {
        List<Dataset> patients = find(InformationModel.PATIENT_ROOT, "PATIENT", keys("PatientID", "MRN-S1",
                "PatientName", "", "NumberOfPatientRelatedStudies", "", "NumberOfPatientRelatedInstances", ""));
        assertThat(patients).hasSize(1);
        assertThat(patients.get(0).getString(Tag.NumberOfPatientRelatedStudies)).isEqualTo("2");
        assertThat(patients.get(0).getString(Tag.NumberOfPatientRelatedInstances)).isEqualTo("6");
        assertThat(values(find(InformationModel.PATIENT_ROOT, "STUDY", keys("PatientID", "MRN-S1")),
                Tag.StudyInstanceUID)).containsExactlyInAnyOrder(ct.studyInstanceUid(), mixed.studyInstanceUid());
        List<Dataset> series = find(InformationModel.PATIENT_ROOT, "SERIES", keys("PatientID", "MRN-S1",
                "StudyInstanceUID", mixed.studyInstanceUid(), "Modality", "", "NumberOfSeriesRelatedInstances", ""));
        assertThat(values(series, Tag.Modality)).containsExactlyInAnyOrder("MR", "SR");
        List<Dataset> images = find(InformationModel.PATIENT_ROOT, "IMAGE", keys("PatientID", "MRN-S1",
                "StudyInstanceUID", ct.studyInstanceUid(), "SeriesInstanceUID", "", "SOPClassUID", ""));
        assertThat(values(images, Tag.SOPInstanceUID)).isEqualTo(ct.sopInstanceUids());
        // The Study Root model has no patient level.
        assertThat(find(InformationModel.STUDY_ROOT, "PATIENT", keys("PatientID", "MRN-S1"))).isEmpty();
    }

    @Test
    void seriesAndImageLevelsInTheStudyRoot() throws IOException {
        List<Dataset> series = find(InformationModel.STUDY_ROOT, "SERIES", keys("StudyInstanceUID",
                mixed.studyInstanceUid(), "Modality", "MR", "NumberOfSeriesRelatedInstances", ""));
        assertThat(series).hasSize(1);
        assertThat(series.get(0).getString(Tag.NumberOfSeriesRelatedInstances)).isEqualTo("2");
        List<Dataset> images = find(InformationModel.STUDY_ROOT, "IMAGE", keys("StudyInstanceUID",
                mixed.studyInstanceUid(), "SeriesInstanceUID", series.get(0).getString(Tag.SeriesInstanceUID)));
        assertThat(images).hasSize(2);
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aFolderWithJunkServesWhatItCanAndCountsTheRest() throws IOException {
        Path junk = root.resolve("junk");
        SyntheticStudy s = TestInstances.study(9310).studyDate(LocalDate.of(2024, 4, 1)).series("CT", 3)
                .pixels(64, 64, 1).build();
        List<SyntheticInstance> is = s.instances();
        Path a = ArchiveFolders.write(is.get(0), junk.resolve("a/IM1"));
        ArchiveFolders.write(is.get(1), junk.resolve("a/IM2"));
        // A truncated file: its header reads, its pixel data stops half-way.
        Path full = ArchiveFolders.write(is.get(2), junk.resolve("tmp/full"));
        byte[] bytes = Files.readAllBytes(full);
        Files.write(junk.resolve("a/IM3"), java.util.Arrays.copyOf(bytes, bytes.length - 4000));
        Files.delete(full);
        Files.delete(junk.resolve("tmp"));
        // A duplicate, later in path order than the original.
        Files.copy(a, junk.resolve("b-copy-of-IM1"));
        Files.writeString(junk.resolve("README.txt"), "exported by a PACS that is not DICOM at all\n".repeat(10));
        Files.write(junk.resolve("garbage.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        try (LegacyPacsSimulator j = LegacyPacsSimulator.builder().archive(junk).http(0).build().start();
             DimseSource source = DimseSource.builder(j.dimse()).callingAeTitle("FERRY").build();
             DicomWebSource web = DicomWebSource.builder(j.dicomWebBase()).build()) {
            SimulatorStats st = j.stats();
            assertThat(st.filesServed()).as("files served").isEqualTo(3);
            assertThat(st.filesUnreadable()).as("files that are not DICOM").isEqualTo(2);
            assertThat(st.filesTruncated()).as("truncated files, served as they are").isEqualTo(1);
            assertThat(st.duplicates()).as("duplicate SOP Instance UIDs").isEqualTo(1);
            assertThat(source.describe(s.studyInstanceUid())).hasValueSatisfying(m ->
                    assertThat(m.instances()).hasSize(3));
            Collected got = new Collected();
            RetrieveResult r = source.retrieve(RetrieveRequest.study(s.studyInstanceUid()), got);
            // The truncated file goes out as it is, as a real PACS sends it: over C-GET it arrives as a
            // data set whose pixel data is 4,000 bytes short. DimseSource follows the remainder as it
            // streams and reports it CORRUPT_OBJECT: never delivered as if complete.
            assertThat(r.delivered()).isEqualTo(2);
            assertThat(got.remainderBytes.get(is.get(0).sopInstanceUid())).isEqualTo(is.get(0).remainderLength());
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.item().sopInstanceUid()).isEqualTo(is.get(2).sopInstanceUid());
                assertThat(f.reason()).isEqualTo(dev.ferry.api.ReasonCode.CORRUPT_OBJECT);
                assertThat(f.detail()).contains("truncated", "(7FE0,0010)", "4000 missing");
            });

            // Over WADO-RS the same: the part ends where the file does, and it is CORRUPT_OBJECT.
            Collected overWeb = new Collected();
            RetrieveResult w = web.retrieve(RetrieveRequest.study(s.studyInstanceUid()), overWeb);
            assertThat(w.delivered()).isEqualTo(2);
            assertThat(overWeb.remainderBytes).doesNotContainKey(is.get(2).sopInstanceUid());
            assertThat(w.failures()).singleElement().satisfies(f -> {
                assertThat(f.item().sopInstanceUid()).isEqualTo(is.get(2).sopInstanceUid());
                assertThat(f.reason()).isEqualTo(dev.ferry.api.ReasonCode.CORRUPT_OBJECT);
                assertThat(f.detail()).contains("truncated", "(7FE0,0010)");
            });
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void deltaStudiesArriveWhileServing() throws Exception {
        Path archive = root.resolve("delta-archive");
        Path delta = archive.resolve("delta");
        SyntheticStudy old = TestInstances.study(9320).studyDate(LocalDate.of(2024, 5, 1)).series("CT", 1).build();
        SyntheticStudy new1 = TestInstances.study(9321).studyDate(LocalDate.of(2024, 5, 2)).series("CT", 1).build();
        SyntheticStudy new2 = TestInstances.study(9322).studyDate(LocalDate.of(2024, 5, 3)).series("CT", 2).build();
        ArchiveFolders.write(old, archive.resolve("old"));
        ArchiveFolders.write(new1, delta.resolve("d1"));
        ArchiveFolders.write(new2, delta.resolve("d2"));
        StudyQuery may = StudyQuery.builder().dates(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 31)).build();
        try (LegacyPacsSimulator d = LegacyPacsSimulator.builder().archive(archive).delta(delta, Duration.ZERO)
                .build().start();
             DimseSource source = DimseSource.builder(d.dimse()).callingAeTitle("FERRY").build()) {
            assertThat(studies(source, may)).containsExactly(old.studyInstanceUid());
            assertThat(d.releaseNextDeltaStudy()).contains(new1.studyInstanceUid());
            assertThat(studies(source, may)).containsExactlyInAnyOrder(old.studyInstanceUid(),
                    new1.studyInstanceUid());
            assertThat(d.releaseNextDeltaStudy()).contains(new2.studyInstanceUid());
            assertThat(d.releaseNextDeltaStudy()).isEmpty();
            assertThat(d.stats().deltaStudiesReleased()).isEqualTo(2);
            assertThat(source.retrieve(RetrieveRequest.study(new2.studyInstanceUid()), new Collected()).delivered())
                    .isEqualTo(2);
        }
        // On a schedule: both arrive by themselves.
        try (LegacyPacsSimulator d = LegacyPacsSimulator.builder().archive(archive)
                .delta(delta, Duration.ofMillis(50)).build().start();
             DimseSource source = DimseSource.builder(d.dimse()).callingAeTitle("FERRY").build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (studies(source, may).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(studies(source, may)).hasSize(3);
            assertThat(d.releaseNextDeltaStudy()).isEqualTo(Optional.empty());
        }
    }

    private static List<String> studies(DimseSource source, StudyQuery q) throws IOException {
        List<String> out = new ArrayList<>();
        source.query(q, (StudyDescriptor d) -> out.add(d.studyInstanceUid()));
        return out;
    }

    @Test
    void theDimseSideIsWhereItSaysItIs() {
        RemoteAe ae = sim.dimse();
        assertThat(ae.aeTitle()).isEqualTo("LEGACY");
        assertThat(ae.host()).isEqualTo("127.0.0.1");
        assertThat(ae.port()).isPositive();
    }
}
