package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Storescp;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmtk's findscu, movescu and getscu against the simulator: what they receive is what the
 * simulator serves.
 *
 * <p>{@code TCP_NODELAY=1 mvn -o -pl migration-testkit verify -Pinterop -Dit.test=LegacyPacsSimulatorDcmtkIT
 * -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyPacsSimulatorDcmtkIT {
    @TempDir
    static Path root;
    private SyntheticStudy doe;
    private SyntheticStudy mueller;
    private Storescp storescp;
    private LegacyPacsSimulator sim;

    @BeforeAll
    void start() throws IOException {
        Dcmtk.requireTools("findscu", "movescu", "getscu", "storescp");
        Path archive = root.resolve("archive");
        doe = TestInstances.study(9401).patient("MRN-D1", "HOSP_A").patientName("DOE^JANE")
                .studyDate(LocalDate.of(2024, 6, 1)).series("CT", 3).series("SR", 1).build();
        mueller = TestInstances.study(9402).patient("MRN-D2", "HOSP_A").patientName("M\u00fcller^Anna")
                .studyDate(LocalDate.of(2024, 6, 2)).series("MR", 2)
                .eachInstance(b -> b.header(h -> {
                    String name = h.getString(Tag.PatientName);
                    h.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
                    h.setTextCodec(SpecificCharacterSet.of("ISO_IR 100"));
                    h.setString(Tag.PatientName, VR.PN, name);
                })).build();
        ArchiveFolders.write(doe, archive);
        ArchiveFolders.write(mueller, archive);
        storescp = Storescp.builder().aeTitle("DCMSTORE").directory(root).start();
        sim = LegacyPacsSimulator.builder().archive(archive)
                .moveDestination("DCMSTORE", new RemoteAe("DCMSTORE", "127.0.0.1", storescp.port()))
                .build().start();
    }

    @AfterAll
    void stop() {
        if (sim != null) {
            sim.close();
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    private List<String> peer(String... more) {
        List<String> args = new ArrayList<>(List.of("-aet", "FERRY", "-aec", sim.dimse().aeTitle(), "127.0.0.1",
                Integer.toString(sim.dimse().port())));
        args.addAll(List.of(more));
        return args;
    }

    /** Runs findscu with {@code -X} into a new folder and reads the responses it wrote. */
    private List<Dataset> findscu(String model, String... keys) throws IOException {
        Path out = Files.createTempDirectory(root, "findscu");
        List<String> args = peer(model, "-X", "-od", out.toString());
        for (String k : keys) {
            args.add("-k");
            args.add(k);
        }
        Dcmtk.run(out, "findscu", args).requireSuccess();
        List<Dataset> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                try (DicomObject o = DicomReader.standard().read(new BufferedInputStream(Files.newInputStream(f)),
                        f.toString())) {
                    found.add(o.header());
                }
            }
        }
        return found;
    }

    @Test
    void findscuStudyRootWithAWildcardName() throws IOException {
        List<Dataset> m = findscu("-S", "QueryRetrieveLevel=STUDY", "PatientName=doe*", "StudyInstanceUID",
                "ModalitiesInStudy", "NumberOfStudyRelatedInstances");
        assertThat(m).hasSize(1);
        assertThat(m.get(0).getString(Tag.StudyInstanceUID)).isEqualTo(doe.studyInstanceUid());
        assertThat(m.get(0).getString(Tag.PatientName)).isEqualTo("DOE^JANE");
        assertThat(m.get(0).getStrings(Tag.ModalitiesInStudy)).containsExactlyInAnyOrder("CT", "SR");
        assertThat(m.get(0).getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("4");
    }

    @Test
    void findscuPatientRootWithANameInLatin1() throws IOException {
        List<Dataset> m = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientName=M*", "PatientID",
                "SpecificCharacterSet", "NumberOfPatientRelatedStudies");
        assertThat(m).hasSize(1);
        assertThat(m.get(0).getString(Tag.PatientID)).isEqualTo("MRN-D2");
        assertThat(m.get(0).getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(m.get(0).getString(Tag.PatientName)).isEqualTo("M\u00fcller^Anna");
        assertThat(m.get(0).getString(Tag.NumberOfPatientRelatedStudies)).isEqualTo("1");
        List<Dataset> studies = findscu("-P", "QueryRetrieveLevel=STUDY", "PatientID=MRN-D2", "StudyInstanceUID");
        assertThat(studies).extracting(d -> d.getString(Tag.StudyInstanceUID))
                .containsExactly(mueller.studyInstanceUid());
    }

    @Test
    void movescuIntoStorescp() throws IOException {
        int before = storescp.receivedFiles().size();
        Path dir = Files.createTempDirectory(root, "movescu");
        Dcmtk.run(dir, "movescu", peer("-S", "-aem", "DCMSTORE", "-k", "QueryRetrieveLevel=STUDY", "-k",
                "StudyInstanceUID=" + doe.studyInstanceUid())).requireSuccess();
        List<Path> received = storescp.awaitReceived(before + 4, Duration.ofSeconds(30));
        List<String> names = received.stream().map(p -> p.getFileName().toString()).toList();
        for (String sop : doe.sopInstanceUids()) {
            assertThat(names).anySatisfy(n -> assertThat(n).endsWith(sop));
        }
        assertThat(sim.stats().moveRequests()).isPositive();
    }

    @Test
    void getscuIntoAFolder() throws IOException {
        Path dir = Files.createTempDirectory(root, "getscu");
        Dcmtk.run(dir, "getscu", peer("-S", "-od", dir.toString(), "-k", "QueryRetrieveLevel=STUDY", "-k",
                "StudyInstanceUID=" + mueller.studyInstanceUid())).requireSuccess();
        List<String> sops = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().endsWith(".log")).toList()) {
                try (DicomObject o = DicomReader.standard().read(new BufferedInputStream(Files.newInputStream(f)),
                        f.toString())) {
                    sops.add(o.header().getString(Tag.SOPInstanceUID));
                    assertThat(o.header().getString(Tag.PatientName)).isEqualTo("M\u00fcller^Anna");
                }
            }
        }
        assertThat(sops).containsExactlyInAnyOrderElementsOf(mueller.sopInstanceUids());
    }
}
