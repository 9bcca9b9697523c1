package dev.ferry.dicom.archive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.web.ScriptedServer;
import dev.ferry.dicom.web.ScriptedServer.Request;
import dev.ferry.dicom.web.ScriptedServer.Response;
import dev.ferry.dicom.web.WebTestObjects;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DicomWebSourceTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.7.1";
    private static final String SERIES = STUDY + ".1";

    private ScriptedServer server;
    private DicomWebSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(ScriptedServer.Script script) throws IOException {
        server = new ScriptedServer(script);
        source = DicomWebSource.builder(server.uri()).pageSize(50).build();
    }

    private static Dataset study(String uid, String date, String modalities) {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyInstanceUID, VR.UI, uid);
        ds.setString(Tag.PatientID, VR.LO, "MRN-1");
        if (date != null) {
            ds.setString(Tag.StudyDate, VR.DA, date);
        }
        if (modalities != null) {
            ds.setString(Tag.ModalitiesInStudy, VR.CS, modalities);
        }
        return ds;
    }

    private List<String> query(StudyQuery q) throws IOException {
        List<String> out = new ArrayList<>();
        source.query(q, d -> out.add(d.studyInstanceUid()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // query

    @Test
    void everyResultIsCheckedAgainstTheQueryWhateverTheServerMatched() throws IOException {
        // A server that matches dates as text, as Orthanc does: 20241345 is "in" 2024, and a study
        // without a date is returned too.
        start(r -> Response.json(List.of(study("1.1", "20240115", "CT"), study("1.2", "20241345", "CT"),
                study("1.3", null, "CT"), study("1.4", "20240201", "CT"))));
        assertThat(query(StudyQuery.builder().dates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build()))
                .containsExactly("1.1");
        assertThat(server.requests().get(0).param("00080020")).isEqualTo("20240101-20240131");
        assertThat(query(StudyQuery.builder().dates(null, LocalDate.of(2024, 12, 31)).build()))
                .containsExactly("1.1", "1.4");
        assertThat(server.requests().get(1).param("00080020")).isEqualTo("-20241231");
        assertThat(query(StudyQuery.builder().dates(LocalDate.of(2024, 1, 20), null).build())).containsExactly("1.4");
        assertThat(server.requests().get(2).param("00080020")).isEqualTo("20240120-");
        assertThat(query(StudyQuery.ALL)).containsExactly("1.1", "1.2", "1.3", "1.4");
        assertThat(server.requests().get(3).param("00080020")).isNull();
    }

    @Test
    void sendsPatientAndIssuerAndAsksForTheFieldsItNeeds() throws IOException {
        start(r -> Response.json(List.of()));
        query(StudyQuery.builder().patient(PatientIdentity.of("MRN-1", "HOSP_A")).build());
        Request r = server.requests().get(0);
        assertThat(r.param("00100020")).isEqualTo("MRN-1");
        assertThat(r.param("00100021")).isEqualTo("HOSP_A");
        assertThat(r.query().get("includefield")).contains("00080061", "00201206", "00201208", "00100021", "00080050");
    }

    @Test
    void modalitiesAreMatchedHereUnlessTheServerIsTrustedToPageThem() throws IOException {
        start(r -> Response.json(List.of(study("2.1", "20240101", "CT\\MR"), study("2.2", "20240101", "US"))));
        assertThat(query(StudyQuery.builder().modality("MR").build())).containsExactly("2.1");
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.param("00080061")).isNull());
    }

    @Test
    void severalModalitiesAndStudiesAreOneSearchEachAndStudiesAreListedOnce() throws IOException {
        server = new ScriptedServer(r -> Response.json(List.of(study("2.1", "20240101", "CT\\MR"))));
        source = DicomWebSource.builder(server.uri()).matchModalitiesOnServer(true).build();
        assertThat(query(StudyQuery.builder().modality("CT", "MR").study("2.1", "2.2").build())).containsExactly("2.1");
        assertThat(server.requests()).hasSize(4);
        assertThat(server.requests()).extracting(r -> r.param("00080061") + " " + r.param("0020000D"))
                .containsExactlyInAnyOrder("CT 2.1", "MR 2.1", "CT 2.2", "MR 2.2");
    }

    @Test
    void modalitiesMissingFromAStudyResultAreTakenFromItsSeries() throws IOException {
        start(r -> {
            if (r.path().equals("studies")) {
                return Response.json(List.of(study("3.1", "20240101", null)));
            }
            Dataset series = new Dataset();
            series.setString(Tag.SeriesInstanceUID, VR.UI, "3.1.1");
            series.setString(Tag.Modality, VR.CS, "MR");
            return Response.json(List.of(series));
        });
        List<StudyDescriptor> listed = new ArrayList<>();
        source.query(StudyQuery.builder().modality("MR").build(), listed::add);
        assertThat(listed).extracting(StudyDescriptor::modalities).containsExactly(Set.of("MR"));
        assertThat(server.requests().get(1).path()).isEqualTo("studies/3.1/series");
        assertThat(query(StudyQuery.builder().modality("CT").build())).isEmpty();
        assertThat(query(StudyQuery.ALL)).as("no series search without a modality criterion").containsExactly("3.1");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aSinkExceptionStopsTheQuery() throws IOException {
        start(r -> Response.json(List.of(study("4.1", null, null), study("4.2", null, null))));
        IllegalStateException boom = new IllegalStateException("sink refuses");
        assertThatThrownBy(() -> source.query(StudyQuery.ALL, d -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void nameHasNoCredentials() throws IOException {
        server = new ScriptedServer(r -> Response.json(List.of()));
        source = DicomWebSource.builder(URI.create(server.uri().toString().replace("//", "//u:secret@"))).build();
        assertThat(source.name()).isEqualTo("dicomweb:" + server.uri()).doesNotContain("secret");
    }

    // ---------------------------------------------------------------------------------------------
    // describe and retrieve

    /** A study of four CT instances; WADO-RS answers are scripted per test. */
    private static final class FakeStudy implements ScriptedServer.Script {
        final Map<String, byte[]> objects = new LinkedHashMap<>();
        List<byte[]> studyParts = new ArrayList<>();
        final Map<String, byte[]> singleAnswers = new LinkedHashMap<>();

        FakeStudy() {
            for (int k = 1; k <= 4; k++) {
                String sop = SERIES + "." + k;
                objects.put(sop, WebTestObjects.part10(STUDY, SERIES, sop, 2000 * k, k));
            }
            studyParts.addAll(objects.values());
            singleAnswers.putAll(objects);
        }

        String sop(int k) {
            return SERIES + "." + k;
        }

        @Override
        public Response answer(Request r) {
            String p = r.path();
            if (p.equals("studies")) {
                return Response.json(STUDY.equals(r.param("0020000D")) ? List.of(study(STUDY, "20240101", "CT"))
                        : List.of());
            }
            if (p.equals("studies/" + STUDY + "/series")) {
                Dataset s = new Dataset();
                s.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
                s.setString(Tag.Modality, VR.CS, "CT");
                return Response.json(List.of(s));
            }
            if (p.equals("studies/" + STUDY + "/series/" + SERIES + "/instances")) {
                List<Dataset> out = new ArrayList<>();
                for (String sop : objects.keySet()) {
                    Dataset i = new Dataset();
                    i.setString(Tag.SOPInstanceUID, VR.UI, sop);
                    i.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
                    out.add(i);
                }
                return Response.json(out);
            }
            if (p.equals("studies/" + STUDY)) {
                return Response.multipart("wado-b", studyParts);
            }
            String prefix = "studies/" + STUDY + "/series/" + SERIES + "/instances/";
            if (p.startsWith(prefix)) {
                byte[] one = singleAnswers.get(p.substring(prefix.length()));
                return one == null ? Response.status(404) : Response.multipart("wado-1", List.of(one));
            }
            if (p.startsWith("studies/")) {
                return Response.status(404);
            }
            return Response.status(400);
        }
    }

    @Test
    void describeListsSeriesAndInstancesWithCountsFromTheInstanceSearch() throws IOException {
        FakeStudy fake = new FakeStudy();
        start(fake);
        StudyManifest m = source.describe(STUDY).orElseThrow();
        assertThat(m.instances()).hasSize(4).allSatisfy(i -> {
            assertThat(i.seriesInstanceUid()).isEqualTo(SERIES);
            assertThat(i.sopClassUid()).isEqualTo(UID.CTImageStorage);
        });
        assertThat(m.series()).singleElement().satisfies(s -> {
            assertThat(s.instanceCount()).isEqualTo(4);
            assertThat(s.modality()).isEqualTo("CT");
        });
        assertThat(m.study().seriesCount()).isEqualTo(1);
        assertThat(m.study().instanceCount()).isEqualTo(4);
        assertThat(source.describe("9.9.9")).isEmpty();
    }

    @Test
    void retrieveDeliversEachInstanceOnceWithItsRemainder() throws IOException {
        FakeStudy fake = new FakeStudy();
        start(fake);
        Map<String, Integer> delivered = new LinkedHashMap<>();
        List<Thread> threads = new ArrayList<>();
        RetrieveResult r = source.retrieve(RetrieveRequest.study(STUDY), i -> {
            threads.add(Thread.currentThread());
            delivered.put(i.descriptor().sopInstanceUid(), i.remainder().readAllBytes().length);
        });
        assertThat(r.isComplete()).isTrue();
        assertThat(r.delivered()).isEqualTo(4);
        assertThat(delivered).containsOnlyKeys(fake.objects.keySet());
        assertThat(delivered.get(fake.sop(2))).isEqualTo(WebTestObjects.remainder(4000, 2).length);
        assertThat(threads).containsOnly(Thread.currentThread());
        assertThat(server.requests()).extracting(Request::path).last().isEqualTo("studies/" + STUDY);
    }

    @Test
    void oneBadPartNeverStopsTheOthersAndEveryShortfallIsNamed() throws IOException {
        FakeStudy fake = new FakeStudy();
        byte[] garbage = "this is not a DICOM object at all, just text".repeat(10).getBytes(StandardCharsets.US_ASCII);
        byte[] altered = fake.objects.get(fake.sop(1)).clone();
        altered[altered.length - 1] ^= 0x55;
        // Part 2 arrives corrupt (and again when asked alone), part 4 never (404 alone), part 1 twice, differently.
        fake.studyParts = List.of(fake.objects.get(fake.sop(1)), garbage, fake.objects.get(fake.sop(3)), altered);
        fake.singleAnswers.put(fake.sop(2), garbage);
        fake.singleAnswers.remove(fake.sop(4));
        start(fake);
        List<String> delivered = new ArrayList<>();
        RetrieveResult r = source.retrieve(RetrieveRequest.study(STUDY), i -> {
            delivered.add(i.descriptor().sopInstanceUid());
            i.remainder().readNBytes(10); // and leaves the rest
        });
        assertThat(delivered).containsExactly(fake.sop(1), fake.sop(3));
        assertThat(r.delivered()).isEqualTo(2);
        assertThat(r.expected()).isEqualTo(4);
        assertThat(r.failures()).extracting(f -> f.item().sopInstanceUid() + " " + f.reason()).containsExactlyInAnyOrder(
                fake.sop(2) + " " + ReasonCode.CORRUPT_OBJECT,
                fake.sop(4) + " " + ReasonCode.MISSING_INSTANCE,
                fake.sop(1) + " " + ReasonCode.DUPLICATE_CONFLICT);
        assertThat(r.failures()).extracting(Finding::detail).noneMatch(d -> d.contains("MRN"));
    }

    @Test
    void theSameInstanceSentTwiceIdenticallyIsDeliveredOnceWithoutAFinding() throws IOException {
        FakeStudy fake = new FakeStudy();
        List<byte[]> twice = new ArrayList<>(fake.objects.values());
        twice.add(fake.objects.get(fake.sop(3)));
        fake.studyParts = twice;
        start(fake);
        List<String> delivered = new ArrayList<>();
        RetrieveResult r = source.retrieve(RetrieveRequest.study(STUDY), i -> delivered.add(i.descriptor().sopInstanceUid()));
        assertThat(delivered).hasSize(4).doesNotHaveDuplicates();
        assertThat(r.isComplete()).isTrue();
    }

    @Test
    void aSubsetIsRetrievedInstanceByInstanceAndUnknownNamesAreMissing() throws IOException {
        FakeStudy fake = new FakeStudy();
        start(fake);
        List<String> delivered = new ArrayList<>();
        RetrieveResult r = source.retrieve(RetrieveRequest.instances(STUDY, Set.of(fake.sop(2), fake.sop(3), "7.7.7")),
                i -> delivered.add(i.descriptor().sopInstanceUid()));
        assertThat(delivered).containsExactlyInAnyOrder(fake.sop(2), fake.sop(3));
        assertThat(r.expected()).isEqualTo(3);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
            assertThat(f.item().sopInstanceUid()).isEqualTo("7.7.7");
        });
        assertThat(server.requests()).extracting(Request::path).noneMatch(p -> p.equals("studies/" + STUDY));
    }

    @Test
    void aConsumerExceptionAbortsAndPropagates() throws IOException {
        start(new FakeStudy());
        IOException boom = new IOException("consumer cannot write");
        int[] calls = {0};
        assertThatThrownBy(() -> source.retrieve(RetrieveRequest.study(STUDY), i -> {
            calls[0]++;
            throw boom;
        })).isSameAs(boom);
        assertThat(calls[0]).isEqualTo(1);
        List<DicomInstance> none = new ArrayList<>();
        assertThat(source.retrieve(RetrieveRequest.study("9.9.9"), none::add).delivered()).isZero();
        assertThat(none).isEmpty();
    }
}
