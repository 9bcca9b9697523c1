package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.json.DicomJson;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DICOMweb side as a plain HTTP client sees it: QIDO-RS parameters, WADO-RS types, metadata, 404s. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebServiceTest {
    @TempDir
    static Path archive;
    private final List<SyntheticStudy> studies = new ArrayList<>();
    private LegacyPacsSimulator sim;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        for (int i = 0; i < 5; i++) {
            SyntheticStudy s = TestInstances.study(9500 + i).patientName(i % 2 == 0 ? "EVEN^PATIENT" : "ODD^PATIENT")
                    .studyDate(LocalDate.of(2024, 7, 1 + i)).series("CT", 2).build();
            studies.add(s);
            ArchiveFolders.write(s, archive);
        }
        sim = LegacyPacsSimulator.builder().archive(archive).http(0).build().start();
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(sim.dicomWebBase() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private List<Dataset> json(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as("status of %s", path).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/dicom+json");
        List<Dataset> out = new ArrayList<>();
        DicomJson.standard().readArray(new ByteArrayInputStream(r.body()), out::add);
        return out;
    }

    @Test
    void qidoMatchesPagesAndIncludesFields() throws Exception {
        List<Dataset> all = json("studies");
        assertThat(all).hasSize(5);
        assertThat(json("studies?PatientName=even*")).hasSize(3);
        assertThat(json("studies?00100010=ODD%5EPATIENT")).hasSize(2);
        assertThat(json("studies?StudyDate=20240702-20240703&fuzzymatching=true")).hasSize(2);
        List<Dataset> page = json("studies?limit=2&offset=3");
        assertThat(page).extracting(d -> d.getString(Tag.StudyInstanceUID))
                .containsExactly(all.get(3).getString(Tag.StudyInstanceUID), all.get(4).getString(Tag.StudyInstanceUID));
        Dataset withDescription = json("studies?limit=1&includefield=StudyDescription,00080080").get(0);
        assertThat(withDescription.getString(Tag.StudyDescription)).isEqualTo("SYNTHETIC STUDY");
        assertThat(withDescription.getString(Tag.InstitutionName)).isEqualTo("General Hospital");
        assertThat(withDescription.getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("2");
        String study = studies.get(0).studyInstanceUid();
        assertThat(json("studies/" + study + "/series")).hasSize(1);
        assertThat(json("studies/" + study + "/instances")).hasSize(2);
        assertThat(json("series?StudyInstanceUID=" + study)).hasSize(1);
        assertThat(get("studies?NoSuchKeyword=1").statusCode()).isEqualTo(400);
    }

    @Test
    void wadoAnswersMultipartAsStoredAndMetadataAsJson() throws Exception {
        String study = studies.get(1).studyInstanceUid();
        HttpResponse<byte[]> r = get("studies/" + study);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow())
                .startsWith("multipart/related; type=\"application/dicom\"; boundary=");
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("transfer-syntax=1.2.840.10008.1.2.1").contains("DICM");
        List<Dataset> metadata = json("studies/" + study + "/metadata");
        assertThat(metadata).hasSize(2).allSatisfy(d -> assertThat(d.getString(Tag.StudyInstanceUID)).isEqualTo(study));
        assertThat(get("studies/1.2.3.4.5").statusCode()).isEqualTo(404);
        assertThat(get("nonsense/path").statusCode()).isEqualTo(404);
        assertThat(sim.stats().wadoRequests()).isGreaterThanOrEqualTo(3);
    }
}
