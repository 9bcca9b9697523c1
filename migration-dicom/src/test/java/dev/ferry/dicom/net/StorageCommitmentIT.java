package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.StorageCommitmentScu.CommitResult;
import dev.ferry.dicom.net.StorageCommitmentScu.FailureReason;
import dev.ferry.dicom.net.StorageCommitmentScu.Reference;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage Commitment Push Model between Ferry and Orthanc (1.6.0 and later implement both roles and
 * report asynchronously, on an association the SCP opens with the SCP role): Ferry's SCU against
 * Orthanc's SCP, and Orthanc's SCU (its REST API) against Ferry's SCP.
 */
@Timeout(120)
class StorageCommitmentIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Reference MISSING = new Reference(UID.CTImageStorage, "1.2.826.0.1.3680043.2.1143.999.7");

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("Orthanc");
    }

    private static List<StoreScu.FileInfo> files() throws IOException {
        return List.of(StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm")),
                StoreScu.inspect(NetTestFiles.corpus("MR_small.dcm")));
    }

    private static Reference ref(StoreScu.FileInfo f) {
        return new Reference(f.sopClassUid(), f.sopInstanceUid());
    }

    @Test
    void orthancCommitsWhatFerryStoredAndReportsOnANewAssociation() throws Exception {
        List<StoreScu.FileInfo> files = files();
        ReportListener listener = new ReportListener();
        try (DicomServer ferry = listener.registerOn(DicomServer.builder().aeTitle("FERRYSCU")).build().start();
             Orthanc orthanc = Orthanc.builder().modality("ferry", "FERRYSCU", ferry.port()).directory(tmp).start()) {
            AssociationRequest.Builder rq = AssociationRequest.builder(orthanc.aeTitle(), "FERRYSCU");
            StoreScu.propose(rq, files);
            StorageCommitmentScu.propose(rq);
            CompletableFuture<CommitResult> future;
            try (Association as = Association.connect(new RemoteAe(orthanc.aeTitle(), "127.0.0.1",
                    orthanc.dicomPort()), rq.build(), AssociationOptions.defaults())) {
                for (StoreScu.FileInfo f : files) {
                    assertThat(StoreScu.store(as, f).status()).isEqualTo(Status.SUCCESS);
                }
                future = StorageCommitmentScu.requestCommitmentAsync(as,
                        List.of(ref(files.get(0)), ref(files.get(1)), MISSING), listener);
            }
            CommitResult result = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.committed()).containsExactlyInAnyOrder(ref(files.get(0)), ref(files.get(1)));
            assertThat(result.failed()).singleElement().satisfies(f -> {
                assertThat(f.reference()).isEqualTo(MISSING);
                assertThat(f.reason()).contains(FailureReason.NO_SUCH_OBJECT_INSTANCE);
            });
            assertThat(result.unreported()).isEmpty();
            assertThat(ferry.acceptedAssociations()).as("Orthanc called back").isEqualTo(1);
        }
    }

    @Test
    void ferryCommitsForOrthancAndReportsOnANewAssociation() throws Exception {
        StoreScu.FileInfo ct = files().get(0);
        StoreScu.FileInfo mr = files().get(1);
        Path spool = tmp.resolve("spool");
        AtomicInteger orthancPort = new AtomicInteger();
        ExecutorService reporter = Executors.newSingleThreadExecutor(r -> new Thread(r, "it-commitment-reporter"));
        StorageCommitmentScp scp = StorageCommitmentScp.builder(StorageCommitmentScp.spoolFolder(spool))
                .reportChannel(StorageCommitmentScp.ReportChannel.NEW_ASSOCIATION)
                .scuAddresses(ae -> Optional.of(new RemoteAe(ae, "127.0.0.1", orthancPort.get())),
                        AssociationOptions.defaults(), reporter)
                .build();
        try (DicomServer ferry = scp.registerOn(DicomServer.builder().aeTitle("FERRYSCP")
                     .storage(new StorageScp(new SpoolFolderSink(spool)))).build().start();
             Orthanc orthanc = Orthanc.builder().modality("ferry", "FERRYSCP", ferry.port()).directory(tmp).start()) {
            orthancPort.set(orthanc.dicomPort());
            // Only the CT reaches Ferry's spool; Orthanc asks for the MR too.
            AssociationRequest.Builder rq = AssociationRequest.builder("FERRYSCP", "FERRYSCU");
            StoreScu.propose(rq, List.of(ct));
            try (Association as = Association.connect(new RemoteAe("FERRYSCP", "127.0.0.1", ferry.port()),
                    rq.build(), AssociationOptions.defaults())) {
                assertThat(StoreScu.store(as, ct).status()).isEqualTo(Status.SUCCESS);
            }
            String body = "{\"DicomInstances\": [" + instance(ct) + ", " + instance(mr) + "]}";
            Map<?, ?> started = (Map<?, ?>) json(orthanc.post("/modalities/ferry/storage-commitment",
                    HttpRequest.BodyPublishers.ofString(body)));
            String path = (String) started.get("Path");
            Map<?, ?> report = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                report = (Map<?, ?>) json(orthanc.get(path));
                if (!"Pending".equals(report.get("Status"))) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(report).as("Orthanc's view of the transaction").isNotNull();
            assertThat(report.get("Status")).as("%s", report).isEqualTo("Failure");
            assertThat(uids(report.get("Success"))).containsExactly(ct.sopInstanceUid());
            List<?> failures = (List<?>) report.get("Failures");
            assertThat(failures).singleElement().satisfies(f -> {
                Map<?, ?> m = (Map<?, ?>) f;
                assertThat(m.get("SOPInstanceUID")).isEqualTo(mr.sopInstanceUid());
                assertThat(((Number) m.get("FailureReason")).intValue()).isEqualTo(0x0112);
            });
        } finally {
            reporter.shutdownNow();
            assertThat(reporter.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String instance(StoreScu.FileInfo f) {
        return "{\"SOPClassUID\": \"" + f.sopClassUid() + "\", \"SOPInstanceUID\": \"" + f.sopInstanceUid() + "\"}";
    }

    private static List<String> uids(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add((String) ((Map<?, ?>) o).get("SOPInstanceUID"));
        }
        return out;
    }

    /** Plain Java values (Map, List, String, Number, Boolean, null) from Orthanc's JSON. */
    private static Object json(String text) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(text)) {
            p.nextToken();
            return value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return t == JsonToken.VALUE_TRUE;
            default:
                return null;
        }
    }
}
