package dev.ferry.dicom.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ReasonCode;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.dicom.net.StoreScu;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.peer.Dcmtk;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage commitment verifier against Orthanc's Storage Commitment SCP, which reports on an
 * association it opens to the SCU (its modality entry for Ferry's AE title): what Orthanc holds
 * passes, an instance it lacks fails by name.
 */
@Timeout(120)
class StorageCommitmentVerifierIT {
    private static final String STUDY = "1.2.826.0.1.3680043.10.3001";
    private static final String LACKING = "1.2.826.0.1.3680043.10.3001.9.9";

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        Dcmtk.requireTools("Orthanc");
    }

    private static Path corpus(String name) {
        URL url = StorageCommitmentVerifierIT.class.getResource("/dev/ferry/dicom/io/corpus/pydicom/test_files/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no corpus file " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<StoreScu.FileInfo> files() throws IOException {
        List<StoreScu.FileInfo> out = new ArrayList<>();
        for (String name : List.of("CT_small.dcm", "MR_small.dcm", "test-SR.dcm")) {
            out.add(StoreScu.inspect(corpus(name)));
        }
        return out;
    }

    @Test
    void orthancCommitsWhatItHoldsAndFailsAnInstanceItLacks() throws Exception {
        List<StoreScu.FileInfo> files = files();
        ReportListener listener = new ReportListener();
        try (DicomServer ferry = listener.registerOn(DicomServer.builder().aeTitle("FERRYSCU")).build().start();
             Orthanc orthanc = Orthanc.builder().modality("ferry", "FERRYSCU", ferry.port()).directory(tmp).start()) {
            RemoteAe peer = new RemoteAe(orthanc.aeTitle(), "127.0.0.1", orthanc.dicomPort());
            AssociationRequest.Builder rq = AssociationRequest.builder(orthanc.aeTitle(), "FERRYSCU");
            StoreScu.propose(rq, files);
            try (Association as = Association.connect(peer, rq.build(), AssociationOptions.defaults())) {
                for (StoreScu.FileInfo f : files) {
                    assertThat(StoreScu.store(as, f).status()).isEqualTo(Status.SUCCESS);
                }
            }
            List<String> held = new ArrayList<>();
            for (StoreScu.FileInfo f : files) {
                held.add(f.sopClassUid() + ":" + f.sopInstanceUid());
            }
            StorageCommitmentVerifier verifier = StorageCommitmentVerifier.builder(peer, "FERRYSCU")
                    .batchSize(2).timeout(Duration.ofSeconds(30)).reportsTo(listener).build();

            VerificationResult passed = verifier.verify(Studies.context(STUDY, held));
            assertThat(passed.verdict()).as("%s", passed.findings()).isEqualTo(Verdict.PASSED);

            List<String> withLacking = new ArrayList<>(held);
            withLacking.add(files.get(0).sopClassUid() + ":" + LACKING);
            VerificationResult failed = verifier.verify(Studies.context(STUDY, withLacking));
            assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(failed.findings()).singleElement().satisfies(f -> {
                assertThat(f.item().sopInstanceUid()).isEqualTo(LACKING);
                assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
                assertThat(f.detail()).contains("0112H");
            });
            assertThat(listener.pendingTransactions()).isZero();
            assertThat(ferry.acceptedAssociations()).as("Orthanc called back once per N-ACTION").isEqualTo(4);
        }
    }
}
