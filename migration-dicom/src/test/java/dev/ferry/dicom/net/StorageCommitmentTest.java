package dev.ferry.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.StorageCommitmentScu.CommitResult;
import dev.ferry.dicom.net.StorageCommitmentScu.FailureReason;
import dev.ferry.dicom.net.StorageCommitmentScu.Reference;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.dicom.net.dimse.NActionRq;
import dev.ferry.dicom.net.dimse.NActionRsp;
import dev.ferry.dicom.net.dimse.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Storage Commitment Push Model: Ferry SCU against Ferry SCP, in process on loopback. */
@Timeout(60)
class StorageCommitmentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private Path spool;
    private List<StoreScu.FileInfo> files;
    private ExecutorService reporter;

    @BeforeEach
    void setUp() throws Exception {
        spool = tmp.resolve("spool");
        files = List.of(StoreScu.inspect(NetTestFiles.corpus("CT_small.dcm")),
                StoreScu.inspect(NetTestFiles.corpus("MR_small.dcm")));
        reporter = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-commitment-reporter"));
    }

    @AfterEach
    void tearDown() throws Exception {
        reporter.shutdownNow();
        assertThat(reporter.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private DicomServer archive(StorageCommitmentScp scp) throws Exception {
        DicomServer.Builder b = DicomServer.builder().aeTitle("ARCHIVE")
                .storage(new StorageScp(new SpoolFolderSink(spool)));
        return scp.registerOn(b).build().start();
    }

    private static RemoteAe at(DicomServer server, String ae) {
        return new RemoteAe(ae, "127.0.0.1", server.port());
    }

    /** Stores the files and proposes Storage Commitment with {@code commitmentSyntaxes}. */
    private Association storeAndConnect(DicomServer server, String... commitmentSyntaxes) throws Exception {
        AssociationRequest.Builder rq = AssociationRequest.builder("ARCHIVE", "FERRYSCU");
        StoreScu.propose(rq, files);
        if (commitmentSyntaxes.length == 0) {
            StorageCommitmentScu.propose(rq);
        } else {
            rq.addContext(UID.StorageCommitmentPushModel, commitmentSyntaxes);
        }
        rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        Association as = Association.connect(at(server, "ARCHIVE"), rq.build(), AssociationOptions.defaults());
        for (StoreScu.FileInfo f : files) {
            assertThat(StoreScu.store(as, f).status()).isEqualTo(Status.SUCCESS);
        }
        return as;
    }

    private List<Reference> stored() {
        List<Reference> refs = new ArrayList<>();
        for (StoreScu.FileInfo f : files) {
            refs.add(new Reference(f.sopClassUid(), f.sopInstanceUid()));
        }
        return refs;
    }

    @Test
    void everythingStoredIsCommittedOnTheSameAssociation() throws Exception {
        try (DicomServer server = archive(new StorageCommitmentScp(StorageCommitmentScp.spoolFolder(spool)));
             Association as = storeAndConnect(server)) {
            CommitResult result = StorageCommitmentScu.requestCommitment(as, stored(), WAIT);
            assertThat(result.allCommitted()).isTrue();
            assertThat(result.eventTypeId()).isEqualTo(StorageCommitmentScu.EVENT_SUCCESSFUL);
            assertThat(result.committed()).containsExactlyInAnyOrderElementsOf(stored());
            assertThat(result.failed()).isEmpty();
            assertThat(result.transactionUid()).startsWith("2.25.");
            assertThat(as.echo().isSuccess()).as("the association goes on").isTrue();
        }
    }

    @Test
    void aMissingInstanceFailsWithNoSuchObjectInstanceAndAWrongClassWithAConflict() throws Exception {
        Reference missing = new Reference(UID.CTImageStorage, "1.2.826.0.1.3680043.2.1143.999.1");
        Reference ct = stored().get(0);
        Reference wrongClass = new Reference(UID.SecondaryCaptureImageStorage, stored().get(1).sopInstanceUid());
        try (DicomServer server = archive(new StorageCommitmentScp(StorageCommitmentScp.spoolFolder(spool)));
             // Implicit VR: the sequences go without VRs, with the lengths Ferry writes.
             Association as = storeAndConnect(server, UID.ImplicitVRLittleEndian)) {
            CommitResult result = StorageCommitmentScu.requestCommitment(as, List.of(ct, missing, wrongClass), WAIT);
            assertThat(result.allCommitted()).isFalse();
            assertThat(result.eventTypeId()).isEqualTo(StorageCommitmentScu.EVENT_FAILURES_EXIST);
            assertThat(result.committed()).containsExactly(ct);
            assertThat(result.unreported()).isEmpty();
            assertThat(result.failed()).hasSize(2);
            assertThat(result.failed().get(0).reference()).isEqualTo(missing);
            assertThat(result.failed().get(0).reasonCode()).isEqualTo(0x0112);
            assertThat(result.failed().get(0).reason()).contains(FailureReason.NO_SUCH_OBJECT_INSTANCE);
            assertThat(result.failed().get(1).reference()).isEqualTo(wrongClass);
            assertThat(result.failed().get(1).reason()).contains(FailureReason.CLASS_INSTANCE_CONFLICT);
        }
    }

    @Test
    void theReportCanComeOnAnAssociationTheScpOpensWithTheScpRole() throws Exception {
        ReportListener listener = new ReportListener();
        List<Boolean> scpRole = new CopyOnWriteArrayList<>();
        DimseHandler recording = request -> {
            scpRole.add(request.association().requestorIsScp(UID.StorageCommitmentPushModel));
            listener.handle(request);
        };
        try (DicomServer scu = DicomServer.builder().aeTitle("FERRYSCU")
                .service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, recording)
                .build().start();
             DicomServer server = archive(StorageCommitmentScp.builder(StorageCommitmentScp.spoolFolder(spool))
                     .reportChannel(StorageCommitmentScp.ReportChannel.NEW_ASSOCIATION)
                     .scuAddresses(ae -> ae.equals("FERRYSCU") ? Optional.of(at(scu, ae)) : Optional.empty(),
                             AssociationOptions.defaults(), reporter)
                     .retrieveAeTitle("ARCHIVE")
                     .build())) {
            CompletableFuture<CommitResult> future;
            try (Association as = storeAndConnect(server)) {
                future = StorageCommitmentScu.requestCommitmentAsync(as, stored(), listener);
            }
            CommitResult result = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result.allCommitted()).isTrue();
            assertThat(result.committed()).containsExactlyInAnyOrderElementsOf(stored());
            assertThat(result.retrieveAeTitle()).isEqualTo("ARCHIVE");
            assertThat(scpRole).containsExactly(true);
            assertThat(listener.pendingTransactions()).isZero();
        }
    }

    @Test
    void aReportTheScuCannotTakeOnTheSameAssociationGoesOnANewOne() throws Exception {
        ReportListener listener = new ReportListener();
        try (DicomServer scu = listener.registerOn(DicomServer.builder().aeTitle("FERRYSCU")).build().start();
             DicomServer server = archive(StorageCommitmentScp.builder(StorageCommitmentScp.spoolFolder(spool))
                     .scuAddresses(ae -> Optional.of(at(scu, ae)), AssociationOptions.defaults(), reporter)
                     .build())) {
            CompletableFuture<CommitResult> future;
            try (Association as = storeAndConnect(server)) {
                // The SCP reports at once on this association; releasing it drops that report (PS3.8 Sta7).
                future = StorageCommitmentScu.requestCommitmentAsync(as, stored(), listener);
            }
            assertThat(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).allCommitted()).isTrue();
            assertThat(scu.acceptedAssociations()).isEqualTo(1);
        }
    }

    @Test
    void aReportNobodyAwaitsIsRefusedOrHandedToTheUnmatchedConsumer() throws Exception {
        List<CommitResult> unmatched = new CopyOnWriteArrayList<>();
        ReportListener elsewhere = new ReportListener();
        ReportListener late = new ReportListener(unmatched::add);
        try (DicomServer scu = late.registerOn(DicomServer.builder()).build().start();
             DicomServer server = archive(StorageCommitmentScp.builder(StorageCommitmentScp.spoolFolder(spool))
                     .reportChannel(StorageCommitmentScp.ReportChannel.NEW_ASSOCIATION)
                     .scuAddresses(ae -> Optional.of(at(scu, ae)), AssociationOptions.defaults(), reporter)
                     .build())) {
            CompletableFuture<CommitResult> future;
            try (Association as = storeAndConnect(server)) {
                future = StorageCommitmentScu.requestCommitmentAsync(as, stored(), elsewhere);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (unmatched.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(unmatched).hasSize(1);
            assertThat(unmatched.get(0).committed()).containsExactlyInAnyOrderElementsOf(stored());
            assertThat(future).isNotDone();
            assertThat(elsewhere.pendingTransactions()).isEqualTo(1);
            assertThatThrownBy(() -> future.orTimeout(50, TimeUnit.MILLISECONDS).join())
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(elsewhere.pendingTransactions()).as("a timed-out transaction is forgotten").isZero();
        }
    }

    @Test
    void anScpThatNeverReportsTimesOutTheScuWithinTheWait() throws Exception {
        DimseHandler silent = request -> {
            NActionRq rq = (NActionRq) request.request();
            request.data().close();
            request.respond(new NActionRsp(rq.messageId(), rq.requestedSopClassUid(), rq.requestedSopInstanceUid(),
                    rq.actionTypeId(), Status.SUCCESS, false));
        };
        try (DicomServer server = DicomServer.builder().storage(new StorageScp(new SpoolFolderSink(spool)))
                .service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, silent)
                .build().start();
             Association as = storeAndConnect(server)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> StorageCommitmentScu.requestCommitment(as, stored(), Duration.ofMillis(300)))
                    .isInstanceOf(AssociationTimeoutException.class)
                    .hasMessageContaining("no storage commitment report for transaction 2.25.")
                    .hasMessageContaining("ARCHIVE");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(3));
            assertThat(as.isOpen()).isFalse();
        }
    }

    @Test
    void aRefusedRequestIsATypedFailureNamingThePeerAndTheTransaction() throws Exception {
        DimseHandler busy = request -> {
            NActionRq rq = (NActionRq) request.request();
            request.data().close();
            request.respond(new NActionRsp(rq.messageId(), rq.requestedSopClassUid(), rq.requestedSopInstanceUid(),
                    rq.actionTypeId(), Status.of(0x0213), false));
        };
        try (DicomServer server = DicomServer.builder().storage(new StorageScp(new SpoolFolderSink(spool)))
                .service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, busy)
                .build().start();
             Association as = storeAndConnect(server)) {
            assertThatThrownBy(() -> StorageCommitmentScu.requestCommitment(as, stored(), WAIT))
                    .isInstanceOf(TransientMigrationException.class)
                    .hasMessageContaining("refused storage commitment transaction 2.25.")
                    .hasMessageContaining("0213");
            assertThat(as.echo().isSuccess()).as("the association goes on").isTrue();
        }
    }

    @Test
    void theScpRefusesWhatIsNotAStorageCommitmentRequest() throws Exception {
        try (DicomServer server = archive(new StorageCommitmentScp(StorageCommitmentScp.spoolFolder(spool)));
             Association as = storeAndConnect(server)) {
            PresentationContext pc = as.presentationContext(UID.StorageCommitmentPushModel).orElseThrow();
            Dataset noTransaction = new Dataset();
            Dataset.Sequence seq = noTransaction.newSequence(Tag.ReferencedSOPSequence);
            seq.addItem().setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage)
                    .setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
            Dataset ok = StorageCommitmentScu.actionInformation(StorageCommitmentScu.newTransactionUid(),
                    List.of(new Reference(UID.CTImageStorage, "1.2.3")));
            assertThat(action(as, pc, new NActionRq(as.nextMessageId(), UID.StorageCommitmentPushModel,
                    UID.StorageCommitmentPushModelInstance, 1, true), noTransaction)).isEqualTo(0x0115);
            assertThat(action(as, pc, new NActionRq(as.nextMessageId(), UID.StorageCommitmentPushModel,
                    UID.StorageCommitmentPushModelInstance, 2, true), ok)).isEqualTo(0x0123);
            assertThat(action(as, pc, new NActionRq(as.nextMessageId(), UID.StorageCommitmentPushModel,
                    "1.2.3.4", 1, true), ok)).isEqualTo(0x0112);
            assertThat(as.echo().isSuccess()).as("no report was sent, the association goes on").isTrue();
        }
    }

    private static int action(Association as, PresentationContext pc, NActionRq rq, Dataset info) throws Exception {
        as.send(pc, rq, StorageCommitmentScu.writer(info, pc));
        Association.Incoming in = as.awaitResponse(rq.messageId(), null);
        return ((NActionRsp) in.message()).status().code();
    }

    @Test
    void transactionUidsAreUuidDerivedAndDistinct() {
        String a = StorageCommitmentScu.newTransactionUid();
        String b = StorageCommitmentScu.newTransactionUid();
        assertThat(a).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64).isNotEqualTo(b);
    }
}
