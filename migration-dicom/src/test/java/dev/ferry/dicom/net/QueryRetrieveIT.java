package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.QueryRetrieveScu.FindResult;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.QueryRetrieveScu.RetrieveResult;
import dev.ferry.dicom.net.QueryRetrieveTest.Archive;
import dev.ferry.dicom.net.QueryRetrieveTest.Received;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmqrscp;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Orthanc;
import dev.ferry.dicom.net.peer.Storescp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query/Retrieve against real peers on loopback: Ferry's SCU against dcmtk's {@code dcmqrscp} and
 * Orthanc, and dcmtk's {@code findscu}, {@code movescu} and {@code getscu} against Ferry's SCP.
 *
 * <p>{@code mvn -B -o verify -Pinterop -pl migration-dicom -Dit.test=QueryRetrieveIT -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Timeout(120)
class QueryRetrieveIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final InformationModel MODEL = InformationModel.STUDY_ROOT;
    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
    private static final String CT_INSTANCE = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
    private static final String RTPLAN_INSTANCE = "1.2.777.777.77.7.7777.7777.20030903150023";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("dcmqrscp", "dcmqridx", "storescu", "storescp", "findscu", "movescu", "getscu");
    }

    private static Path file(String name) {
        return NetTestFiles.corpus(name);
    }

    /** Contexts for C-FIND, C-MOVE and C-GET of the Study Root model, and the storage classes a C-GET brings back. */
    private static AssociationRequest request(String called) {
        AssociationRequest.Builder b = AssociationRequest.builder(called, "FERRYSCU");
        b.addContext(MODEL.find(), NATIVE);
        b.addContext(MODEL.move(), NATIVE);
        QueryRetrieveScu.proposeGet(b, MODEL.get(), List.of(UID.CTImageStorage, UID.MRImageStorage,
                UID.RTPlanStorage), NATIVE);
        return b.build();
    }

    private static Dataset studyKeys(String studyInstanceUid) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("StudyInstanceUID", studyInstanceUid);
        keys.put("PatientID", "");
        keys.put("StudyDate", "");
        keys.put("ModalitiesInStudy", "");
        return QueryRetrieveScu.keys("STUDY", keys);
    }

    private static List<String> studies(Association as) throws IOException {
        List<String> uids = new ArrayList<>();
        FindResult r = QueryRetrieveScu.find(as, MODEL.find(), studyKeys(""), Priority.MEDIUM,
                m -> uids.add(m.getString(Tag.StudyInstanceUID)));
        assertThat(r.status()).isEqualTo(Status.SUCCESS);
        assertThat(r.matches()).isEqualTo(uids.size());
        return uids;
    }

    @Test
    void ferryFindsMovesAndGetsFromDcmqrscp() throws Exception {
        Received moved = new Received();
        try (DicomServer store = DicomServer.builder().aeTitle("FERRYSTORE").storage(new StorageScp(moved)).build()
                .start();
             Dcmqrscp qr = Dcmqrscp.builder().aeTitle("QRSCP").moveDestination("FERRYSTORE", store.port())
                     .preload(file(QueryRetrieveTest.CT), file(QueryRetrieveTest.MR), file(QueryRetrieveTest.RTPLAN))
                     .directory(tmp).start();
             Association as = Association.connect(new RemoteAe("QRSCP", "127.0.0.1", qr.port()), request("QRSCP"),
                     AssociationOptions.defaults())) {
            assertThat(studies(as)).containsExactlyInAnyOrder(QueryRetrieveTest.CT_STUDY, QueryRetrieveTest.MR_STUDY,
                    QueryRetrieveTest.RTPLAN_STUDY);

            int before = as.nextMessageId();
            RetrieveResult move = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE",
                    studyKeys(QueryRetrieveTest.CT_STUDY), Priority.MEDIUM, p -> { });
            assertThat(move.status()).isEqualTo(Status.SUCCESS);
            assertThat(move.last().completed()).isEqualTo(1);
            assertThat(moved.instances).singleElement().satisfies(i -> {
                assertThat(i.sopInstanceUid()).isEqualTo(CT_INSTANCE);
                assertThat(i.callingAeTitle()).isEqualTo("QRSCP");
                assertThat(i.moveOriginatorAeTitle()).isEqualTo("FERRYSCU");
                assertThat(i.moveOriginatorMessageId()).isEqualTo(before + 1);
            });

            RetrieveResult unknown = QueryRetrieveScu.move(as, MODEL.move(), "NOWHERE",
                    studyKeys(QueryRetrieveTest.CT_STUDY), Priority.MEDIUM, p -> { });
            assertThat(unknown.status().code()).isEqualTo(0xA801);

            Received got = new Received();
            RetrieveResult get = QueryRetrieveScu.get(as, MODEL.get(), studyKeys(QueryRetrieveTest.RTPLAN_STUDY),
                    Priority.MEDIUM, got, p -> { });
            assertThat(get.status()).isEqualTo(Status.SUCCESS);
            assertThat(get.last().completed()).isEqualTo(1);
            assertThat(got.instances).singleElement().satisfies(i -> {
                assertThat(i.sopInstanceUid()).isEqualTo(RTPLAN_INSTANCE);
                assertThat(i.isMoveSubOperation()).isFalse();
            });
        }
    }

    @Test
    void ferryFindsInOrthancAndOrthancMovesToFerry() throws Exception {
        Dcmtk.requireTools("Orthanc");
        Received moved = new Received();
        try (DicomServer store = DicomServer.builder().aeTitle("FERRYSTORE").storage(new StorageScp(moved)).build()
                .start();
             Orthanc orthanc = Orthanc.builder().modality("ferry", "FERRYSTORE", store.port()).dicomWeb(false)
                     .directory(tmp).start()) {
            orthanc.upload(file(QueryRetrieveTest.CT));
            orthanc.upload(file(QueryRetrieveTest.MR));
            AssociationRequest.Builder b = AssociationRequest.builder(orthanc.aeTitle(), "FERRYSCU");
            b.addContext(MODEL.find(), NATIVE);
            b.addContext(MODEL.move(), NATIVE);
            try (Association as = Association.connect(new RemoteAe(orthanc.aeTitle(), "127.0.0.1",
                    orthanc.dicomPort()), b.build(), AssociationOptions.defaults())) {
                assertThat(studies(as)).containsExactlyInAnyOrder(QueryRetrieveTest.CT_STUDY,
                        QueryRetrieveTest.MR_STUDY);

                List<Dataset> one = new ArrayList<>();
                Map<String, String> byPatient = new LinkedHashMap<>();
                byPatient.put("PatientID", "4MR1");
                QueryRetrieveScu.find(as, MODEL.find(), QueryRetrieveScu.keys("STUDY", byPatient), Priority.MEDIUM,
                        one::add);
                assertThat(one).singleElement().satisfies(m -> assertThat(m.getString(Tag.StudyInstanceUID))
                        .isEqualTo(QueryRetrieveTest.MR_STUDY));

                int before = as.nextMessageId();
                RetrieveResult move = QueryRetrieveScu.move(as, MODEL.move(), "FERRYSTORE",
                        studyKeys(QueryRetrieveTest.MR_STUDY), Priority.MEDIUM, p -> { });
                assertThat(move.status()).isEqualTo(Status.SUCCESS);
                assertThat(moved.instances).singleElement().satisfies(i -> {
                    assertThat(i.sopInstanceUid()).isEqualTo(QueryRetrieveTest.MR_INSTANCE);
                    assertThat(i.callingAeTitle()).isEqualTo(orthanc.aeTitle());
                    assertThat(i.moveOriginatorAeTitle()).isEqualTo("FERRYSCU");
                    assertThat(i.moveOriginatorMessageId()).isEqualTo(before + 1);
                });
            }
        }
    }

    @Test
    void dcmtkFindsMovesAndGetsFromFerry() throws Exception {
        try (Storescp dest = Storescp.builder().aeTitle("DEST").directory(tmp).start();
             DicomServer qr = QueryRetrieveTest.qrServer(QueryRetrieveTest.archive(),
                     Map.of("DEST", new RemoteAe("DEST", "127.0.0.1", dest.port())))) {
            String port = Integer.toString(qr.port());

            Dcmtk.Result found = Dcmtk.run(tmp, "findscu", "-S", "-aec", "FERRYQR", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID", "-k", "PatientID", "127.0.0.1", port).requireSuccess();
            assertThat(found.output()).contains(QueryRetrieveTest.CT_STUDY, QueryRetrieveTest.MR_STUDY,
                    QueryRetrieveTest.RTPLAN_STUDY);
            Dcmtk.Result filtered = Dcmtk.run(tmp, "findscu", "-S", "-aec", "FERRYQR", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID", "-k", "PatientID=1CT1", "127.0.0.1", port).requireSuccess();
            assertThat(filtered.output()).contains(QueryRetrieveTest.CT_STUDY)
                    .doesNotContain(QueryRetrieveTest.MR_STUDY);

            Dcmtk.run(tmp, "movescu", "-S", "-aec", "FERRYQR", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=" + QueryRetrieveTest.CT_STUDY, "127.0.0.1", port).requireSuccess();
            assertThat(dest.awaitReceived(1, WAIT)).singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("CT." + CT_INSTANCE));

            Dcmtk.Result unknown = Dcmtk.run(tmp, "movescu", "-S", "-aec", "FERRYQR", "-aem", "NOWHERE",
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + QueryRetrieveTest.CT_STUDY,
                    "127.0.0.1", port);
            assertThat(unknown.output()).contains("MoveDestinationUnknown");

            Path got = Files.createDirectory(tmp.resolve("got"));
            Dcmtk.run(tmp, "getscu", "-S", "-aec", "FERRYQR", "-od", got.toString(), "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "StudyInstanceUID=" + QueryRetrieveTest.MR_STUDY + "\\" + QueryRetrieveTest.RTPLAN_STUDY,
                    "127.0.0.1", port).requireSuccess();
            try (Stream<Path> files = Files.list(got)) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                        "MR." + QueryRetrieveTest.MR_INSTANCE, "RP." + RTPLAN_INSTANCE);
            }
        }
    }
}
