package dev.ferry.dicom.verify;

import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.VerificationResult;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.AssociationTimeoutException;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.StorageCommitmentScu;
import dev.ferry.dicom.net.StorageCommitmentScu.CommitResult;
import dev.ferry.dicom.net.StorageCommitmentScu.Failure;
import dev.ferry.dicom.net.StorageCommitmentScu.FailureReason;
import dev.ferry.dicom.net.StorageCommitmentScu.Reference;
import dev.ferry.dicom.net.StorageCommitmentScu.ReportListener;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage commitment: the destination confirms, through the Storage Commitment Push Model (PS3.4
 * Annex J), that it has taken responsibility for every instance of the study. A C-STORE success
 * only says an instance arrived; a commitment says the archive holds it safely (on its long-term
 * storage, by its own policy), which is what a hospital wants before it deletes the only other copy.
 *
 * <p>For the study's instances (the source manifest's SOP Class and SOP Instance UIDs) it sends
 * N-ACTION requests of at most {@link Builder#batchSize batchSize} instances each, on one
 * association it opens to the destination AE, and collects the N-EVENT-REPORTs, all within
 * {@link Builder#timeout timeout} of the first request. PS3.4 J.3.3.1 lets the SCP report on the same
 * association or on one it opens to the SCU; both are supported, chosen when the verifier is built:
 * <ul>
 *   <li>{@linkplain Builder#reportsOnSameAssociation() on the same association} (the default): each
 *   batch waits for its report before the next is sent;</li>
 *   <li>{@linkplain Builder#reportsTo(ReportListener) on a new association} (what Orthanc does): every
 *   batch is requested at once, the association is released, and the reports arrive at a
 *   {@link ReportListener} that the caller serves on its own {@link dev.ferry.dicom.net.DicomServer}
 *   (at the local AE title and port the destination is configured to call back), e.g.
 *   {@code listener.registerOn(DicomServer.builder().aeTitle("FERRY").bind("0.0.0.0", 11113)).build().start()}.
 *   One listener and one server serve any number of verifiers and studies.</li>
 * </ul>
 *
 * <p>Verdicts: PASSED only when the SCP listed every instance as committed. FAILED when it listed
 * instances as failed: a finding per instance with its Failure Reason (0008,1197) code and PS3.3
 * wording ({@link ReasonCode#MISSING_INSTANCE} for 0112H, no such object instance;
 * {@link ReasonCode#VERIFICATION_FAILED} otherwise). INCONCLUSIVE ("not committed yet") when no
 * report came within the timeout, the SCP reported a resource limitation (0213H, which may pass
 * later), left instances out of both lists, refused the request permanently or does not accept the
 * SOP class, or the manifest lacks an instance's SOP Class UID. A transient refusal (busy) or a
 * connection failure propagates (retryable). Findings name UIDs, status codes and the AE title.
 *
 * <p>Reads nothing through the context's archive: the destination AE is configured here, since the
 * SPI does not expose an archive's DICOM peer. Immutable and thread-safe; each verification opens
 * its own association.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part04/chapter_J.html">PS3.4 Annex J</a>
 */
public final class StorageCommitmentVerifier implements Verifier {
    /** The name results carry. */
    public static final String NAME = "storage-commitment";
    /** Instances per N-ACTION request by default. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** How long, by default, all reports of one study may take from the first request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(StorageCommitmentVerifier.class);

    private final RemoteAe destination;
    private final String callingAeTitle;
    private final AssociationOptions options;
    private final int batchSize;
    private final Duration timeout;
    private final ReportListener listener;

    private StorageCommitmentVerifier(Builder b) {
        this.destination = b.destination;
        this.callingAeTitle = b.callingAeTitle;
        this.options = b.options;
        this.batchSize = b.batchSize;
        this.timeout = b.timeout;
        this.listener = b.listener;
    }

    /**
     * @param destination the destination's Storage Commitment SCP (usually its storage AE)
     * @param callingAeTitle Ferry's AE title, which the destination knows (and, for reports on a new
     *     association, calls back)
     */
    public static Builder builder(RemoteAe destination, String callingAeTitle) {
        return new Builder(destination, callingAeTitle);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What the reports of one study said, gathered batch by batch. */
    private static final class Tally {
        final String study;
        final List<Finding> failed = new ArrayList<>();
        final List<Finding> undecided = new ArrayList<>();
        int committed;
        int unanswered;
        int unreported;

        Tally(String study) {
            this.study = study;
        }
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        Map<String, InstanceDescriptor> bySop = new LinkedHashMap<>();
        List<Reference> refs = new ArrayList<>();
        int unrequestable = 0;
        for (InstanceDescriptor i : source.instances()) {
            if (bySop.putIfAbsent(i.sopInstanceUid(), i) != null) {
                continue;
            }
            try {
                refs.add(new Reference(i.sopClassUid(), i.sopInstanceUid()));
            } catch (IllegalArgumentException e) {
                unrequestable++; // no SOP Class UID, or a UID longer than 64 characters
            }
        }
        Tally tally = new Tally(study);
        if (unrequestable > 0) {
            tally.undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, unrequestable
                    + " instances have no SOP Class UID or an invalid UID in the source manifest: their commitment"
                    + " was not requested"));
        }
        if (!refs.isEmpty()) {
            List<List<Reference>> batches = new ArrayList<>();
            for (int from = 0; from < refs.size(); from += batchSize) {
                batches.add(refs.subList(from, Math.min(refs.size(), from + batchSize)));
            }
            try {
                if (listener == null) {
                    onSameAssociation(batches, bySop, tally);
                } else {
                    onNewAssociation(batches, bySop, tally);
                }
            } catch (PermanentMigrationException e) {
                tally.undecided.add(new Finding(ItemRef.study(study), ReasonCode.REFUSED, e.getMessage()));
            }
        }
        summarize(study, tally);
        LOG.info("study {}: storage commitment by {}: {} of {} instances committed, {} failed, {} unanswered", study,
                destination.aeTitle(), tally.committed, bySop.size(), tally.failed.size(), tally.unanswered);
        if (!tally.failed.isEmpty()) {
            return VerificationResult.failed(NAME, tally.failed);
        }
        return tally.undecided.isEmpty() ? VerificationResult.passed(NAME)
                : VerificationResult.inconclusive(NAME, tally.undecided);
    }

    private Association connect() throws IOException {
        AssociationRequest.Builder rq = AssociationRequest.builder(destination.aeTitle(), callingAeTitle);
        StorageCommitmentScu.propose(rq);
        // Verification too, so that a peer without storage commitment still accepts the association
        // and the verdict can say so, rather than a rejection that reads as a network fault.
        rq.addContext(UID.Verification, UID.ImplicitVRLittleEndian);
        return Association.connect(destination, rq.build(), options);
    }

    private void onSameAssociation(List<List<Reference>> batches, Map<String, InstanceDescriptor> bySop, Tally tally)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Association as = connect()) {
            if (!acceptsCommitment(as, tally)) {
                return;
            }
            for (int b = 0; b < batches.size(); b++) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    unanswered(batches, b, tally);
                    return;
                }
                CommitResult result;
                try {
                    result = StorageCommitmentScu.requestCommitment(as, batches.get(b), Duration.ofNanos(left));
                } catch (AssociationTimeoutException e) {
                    // The association is aborted: what was not answered stays uncommitted for now.
                    LOG.info("{}: {}", destination.aeTitle(), e.getMessage());
                    unanswered(batches, b, tally);
                    return;
                }
                take(result, bySop, tally);
            }
        }
    }

    private void onNewAssociation(List<List<Reference>> batches, Map<String, InstanceDescriptor> bySop, Tally tally)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<CommitResult>> futures = new ArrayList<>();
        try {
            try (Association as = connect()) {
                if (!acceptsCommitment(as, tally)) {
                    return;
                }
                for (List<Reference> batch : batches) {
                    futures.add(StorageCommitmentScu.requestCommitmentAsync(as, batch, listener));
                }
            }
            for (int b = 0; b < futures.size(); b++) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    take(futures.get(b).get(left, TimeUnit.NANOSECONDS), bySop, tally);
                } catch (TimeoutException e) {
                    tally.unanswered += batches.get(b).size();
                } catch (ExecutionException e) {
                    throw new IOException("storage commitment report from " + destination.aeTitle() + " failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while awaiting storage commitment reports from "
                    + destination.aeTitle());
        } finally {
            // A transaction nobody waits for any longer is forgotten, so a late report is refused.
            futures.forEach(f -> f.cancel(false));
        }
    }

    /** Whether the destination accepted the SOP class; if not, says so in {@code tally}. */
    private boolean acceptsCommitment(Association as, Tally tally) {
        if (as.presentationContext(UID.StorageCommitmentPushModel).isPresent()) {
            return true;
        }
        tally.undecided.add(new Finding(ItemRef.study(tally.study), ReasonCode.REFUSED, destination.aeTitle()
                + " did not accept the Storage Commitment Push Model SOP class"));
        return false;
    }

    private static void unanswered(List<List<Reference>> batches, int from, Tally tally) {
        for (int b = from; b < batches.size(); b++) {
            tally.unanswered += batches.get(b).size();
        }
    }

    private void take(CommitResult result, Map<String, InstanceDescriptor> bySop, Tally tally) {
        tally.committed += result.committed().size();
        tally.unreported += result.unreported().size();
        for (Failure f : result.failed()) {
            InstanceDescriptor i = bySop.get(f.reference().sopInstanceUid());
            ItemRef item = i != null ? i.ref() : new ItemRef(null, null, f.reference().sopInstanceUid());
            String code = f.reasonCode() < 0 ? "no failure reason"
                    : String.format("failure reason %04XH", f.reasonCode())
                    + f.reason().map(r -> " (" + r.describe() + ")").orElse("");
            String detail = "not committed by " + destination.aeTitle() + ": " + code;
            if (f.reason().orElse(null) == FailureReason.RESOURCE_LIMITATION) {
                tally.undecided.add(new Finding(item, ReasonCode.PEER_BUSY, detail));
            } else {
                tally.failed.add(new Finding(item, f.reason().orElse(null) == FailureReason.NO_SUCH_OBJECT_INSTANCE
                        ? ReasonCode.MISSING_INSTANCE : ReasonCode.VERIFICATION_FAILED, detail));
            }
        }
    }

    private void summarize(String study, Tally tally) {
        if (tally.unanswered > 0) {
            tally.undecided.add(new Finding(ItemRef.study(study), ReasonCode.TIMEOUT, "not committed yet: "
                    + destination.aeTitle() + " sent no storage commitment report for " + tally.unanswered
                    + " instances within " + timeout.toMillis() + " ms"));
        }
        if (tally.unreported > 0) {
            tally.undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, "not committed yet: "
                    + destination.aeTitle() + " listed " + tally.unreported
                    + " instances neither as committed nor as failed"));
        }
    }

    @Override
    public String toString() {
        return "StorageCommitmentVerifier[" + destination + ", calling " + callingAeTitle + ", batches of " + batchSize
                + ", " + (listener == null ? "reports on the same association" : "reports on a new association") + "]";
    }

    /** Builder of {@link StorageCommitmentVerifier}; not thread-safe. */
    public static final class Builder {
        private final RemoteAe destination;
        private final String callingAeTitle;
        private AssociationOptions options = AssociationOptions.defaults();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private ReportListener listener;

        private Builder(RemoteAe destination, String callingAeTitle) {
            this.destination = Objects.requireNonNull(destination, "destination");
            this.callingAeTitle = RemoteAe.requireAeTitle(callingAeTitle, "callingAeTitle");
        }

        /** Instances per N-ACTION request, 1 to 10,000; default {@value StorageCommitmentVerifier#DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1 to 10000, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** How long all reports of one study may take from the first request; default two minutes. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Options of the association to the destination (timeouts, TLS). */
        public Builder options(AssociationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Reports come on an association the destination opens to {@code listener}'s server (Orthanc,
         * and most archives that report later than at once). The caller runs the server.
         */
        public Builder reportsTo(ReportListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Reports come on the association of the request (the default). */
        public Builder reportsOnSameAssociation() {
            this.listener = null;
            return this;
        }

        public StorageCommitmentVerifier build() {
            return new StorageCommitmentVerifier(this);
        }
    }
}
