package dev.ferry.dicom.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Finding;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.DimseHandler;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageCommitmentScp;
import dev.ferry.dicom.net.StorageCommitmentScp.StoredCheck;
import dev.ferry.dicom.net.StorageCommitmentScu;
import dev.ferry.dicom.net.StorageCommitmentScu.FailureReason;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.dicom.net.dimse.NActionRq;
import dev.ferry.dicom.net.dimse.NActionRsp;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.spi.VerificationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The storage commitment verifier against Ferry's own Storage Commitment SCP, in process on loopback. */
@Timeout(60)
class StorageCommitmentVerifierTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.2001";
    private static final String CT = UID.CTImageStorage;

    private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-sc-reporter"));
    private final AtomicInteger actions = new AtomicInteger();

    @AfterEach
    void stopReporter() throws InterruptedException {
        reporter.shutdownNow();
        assertThat(reporter.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> instances(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(CT + ":" + STUDY + ".1." + i);
        }
        return out;
    }

    /** An archive whose SCP commits what {@code check} says, counting the N-ACTIONs it takes. */
    private DicomServer archive(StorageCommitmentScp scp) throws Exception {
        DimseHandler counting = request -> {
            if (request.request() instanceof NActionRq) {
                actions.incrementAndGet();
            }
            scp.handle(request);
        };
        return DicomServer.builder().aeTitle("ARCHIVE")
                .service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, counting)
                .build().start();
    }

    private static RemoteAe at(DicomServer server, String ae) {
        return new RemoteAe(ae, "127.0.0.1", server.port());
    }

    private static StoredCheck holding(Set<String> missing) {
        return StoredCheck.of(r -> !missing.contains(r.sopInstanceUid()));
    }

    @Test
    void everythingCommittedOnTheSameAssociationPassesInBatches() throws Exception {
        try (DicomServer server = archive(new StorageCommitmentScp(holding(Set.of())))) {
            StorageCommitmentVerifier v = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY")
                    .batchSize(2).timeout(Duration.ofSeconds(10)).build();
            VerificationResult r = v.verify(Studies.context(STUDY, instances(5)));
            assertThat(r.verdict()).as("%s", r.findings()).isEqualTo(Verdict.PASSED);
            assertThat(r.verifier()).isEqualTo("storage-commitment");
            assertThat(actions.get()).as("N-ACTIONs of 2, 2 and 1 instances").isEqualTo(3);
        }
    }

    @Test
    void failedInstancesFailNamingEachWithItsReasonAndAResourceLimitIsInconclusive() throws Exception {
        StoredCheck check = r -> switch (r.sopInstanceUid().substring(STUDY.length())) {
            case ".1.2" -> FailureReason.NO_SUCH_OBJECT_INSTANCE;
            case ".1.3" -> FailureReason.REFERENCED_SOP_CLASS_NOT_SUPPORTED;
            case ".1.4" -> FailureReason.RESOURCE_LIMITATION;
            default -> null;
        };
        try (DicomServer server = archive(new StorageCommitmentScp(check))) {
            StorageCommitmentVerifier v = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY")
                    .batchSize(3).timeout(Duration.ofSeconds(10)).build();
            VerificationResult r = v.verify(Studies.context(STUDY, instances(4)));
            assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid() + " " + f.reason() + " " + f.detail())
                    .containsExactly(
                            STUDY + ".1.2 MISSING_INSTANCE not committed by ARCHIVE: failure reason 0112H"
                                    + " (no such object instance)",
                            STUDY + ".1.3 VERIFICATION_FAILED not committed by ARCHIVE: failure reason 0122H"
                                    + " (referenced SOP class not supported)");
            assertThat(r.findings()).allSatisfy(f -> assertThat(f.item().studyInstanceUid()).isEqualTo(STUDY));

            VerificationResult limited = v.verify(Studies.context(STUDY, List.of(CT + ":" + STUDY + ".1.4")));
            assertThat(limited.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(limited.findings()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(ReasonCode.PEER_BUSY);
                assertThat(f.detail()).contains("0213H");
            });
        }
    }

    @Test
    void anScpThatNeverReportsIsInconclusiveWithinTheTimeout() throws Exception {
        DimseHandler silent = request -> {
            NActionRq rq = (NActionRq) request.request();
            request.data().close();
            request.respond(new NActionRsp(rq.messageId(), rq.requestedSopClassUid(), rq.requestedSopInstanceUid(),
                    rq.actionTypeId(), Status.SUCCESS, false));
        };
        try (DicomServer server = DicomServer.builder().aeTitle("ARCHIVE")
                .service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, silent)
                .build().start()) {
            StorageCommitmentVerifier v = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY")
                    .batchSize(2).timeout(Duration.ofMillis(300)).build();
            VerificationResult r = v.verify(Studies.context(STUDY, instances(3)));
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(ReasonCode.TIMEOUT);
                assertThat(f.item().sopInstanceUid()).isNull();
                assertThat(f.detail()).startsWith("not committed yet").contains("for 3 instances within 300 ms");
            });
        }
    }

    @Test
    void reportsOnANewAssociationReachTheListenersServer() throws Exception {
        ReportListener listener = new ReportListener();
        try (DicomServer ferry = listener.registerOn(DicomServer.builder().aeTitle("FERRY")).build().start();
             DicomServer server = archive(StorageCommitmentScp.builder(holding(Set.of(STUDY + ".1.5")))
                     .reportChannel(StorageCommitmentScp.ReportChannel.NEW_ASSOCIATION)
                     .scuAddresses(ae -> Optional.of(at(ferry, ae)), AssociationOptions.defaults(), reporter)
                     .build())) {
            StorageCommitmentVerifier v = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY")
                    .batchSize(2).timeout(Duration.ofSeconds(10)).reportsTo(listener).build();
            assertThat(v.verify(Studies.context(STUDY, instances(4))).verdict()).isEqualTo(Verdict.PASSED);
            VerificationResult r = v.verify(Studies.context(STUDY, instances(5)));
            assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid()).containsExactly(STUDY + ".1.5");
            assertThat(ferry.acceptedAssociations()).as("one call back per N-ACTION").isEqualTo(5);
            assertThat(listener.pendingTransactions()).isZero();
        }
    }

    @Test
    void reportsThatNeverComeOnANewAssociationAreInconclusiveAndForgotten() throws Exception {
        ReportListener listener = new ReportListener();
        // The archive knows no address for FERRY: its reports never leave.
        try (DicomServer server = archive(StorageCommitmentScp.builder(holding(Set.of()))
                     .reportChannel(StorageCommitmentScp.ReportChannel.NEW_ASSOCIATION)
                     .scuAddresses(ae -> Optional.empty(), AssociationOptions.defaults(), reporter)
                     .build())) {
            StorageCommitmentVerifier v = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY")
                    .timeout(Duration.ofMillis(300)).reportsTo(listener).build();
            VerificationResult r = v.verify(Studies.context(STUDY, instances(2)));
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.findings()).extracting(Finding::detail).singleElement().asString()
                    .contains("for 2 instances within 300 ms");
            assertThat(listener.pendingTransactions()).as("a transaction nobody waits for is forgotten").isZero();
        }
    }

    @Test
    void aDestinationWithoutStorageCommitmentIsInconclusive() throws Exception {
        try (DicomServer server = DicomServer.builder().aeTitle("ARCHIVE")
                .service(UID.Verification, List.of(UID.ImplicitVRLittleEndian), request -> { })
                .build().start()) {
            VerificationResult r = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY").build()
                    .verify(Studies.context(STUDY, instances(1)));
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo(ReasonCode.REFUSED);
                assertThat(f.detail()).contains("did not accept the Storage Commitment Push Model");
            });
        }
    }

    @Test
    void anInstanceWithoutSopClassIsNotRequestedAndMakesTheResultInconclusive() throws Exception {
        try (DicomServer server = archive(new StorageCommitmentScp(holding(Set.of())))) {
            VerificationContext c = Studies.context(STUDY, List.of(CT + ":" + STUDY + ".1.1", ":" + STUDY + ".1.2"));
            VerificationResult r = StorageCommitmentVerifier.builder(at(server, "ARCHIVE"), "FERRY").build().verify(c);
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.findings()).extracting(Finding::detail).singleElement().asString()
                    .startsWith("1 instances have no SOP Class UID or an invalid UID");
        }
    }

    @Test
    void theBuilderRefusesNonsense() {
        RemoteAe peer = new RemoteAe("ARCHIVE", "127.0.0.1", 104);
        assertThatThrownBy(() -> StorageCommitmentVerifier.builder(peer, "FERRY").batchSize(0))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> StorageCommitmentVerifier.builder(peer, "FERRY").timeout(Duration.ZERO))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> StorageCommitmentVerifier.builder(peer, "")).hasMessageContaining("callingAeTitle");
    }
}
