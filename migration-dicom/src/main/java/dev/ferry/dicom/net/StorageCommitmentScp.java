package dev.ferry.dicom.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.StorageCommitmentScu.CommitResult;
import dev.ferry.dicom.net.StorageCommitmentScu.Failure;
import dev.ferry.dicom.net.StorageCommitmentScu.FailureReason;
import dev.ferry.dicom.net.StorageCommitmentScu.Reference;
import dev.ferry.dicom.net.dimse.NActionRq;
import dev.ferry.dicom.net.dimse.NActionRsp;
import dev.ferry.dicom.net.dimse.NEventReportRq;
import dev.ferry.dicom.net.dimse.Status;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model as SCP (PS3.4 Annex J.3): answers each N-ACTION-RQ (Request Storage
 * Commitment) with success, checks each referenced instance with a {@link StoredCheck}, and reports
 * the result in an N-EVENT-REPORT-RQ: Event Type 1 when every instance is committed, 2 with the
 * Failed SOP Sequence and a Failure Reason per instance otherwise.
 *
 * <p>Where the report goes ({@link ReportChannel}): by default on the same association, right after
 * the N-ACTION-RSP, as the SCU usually waits there; or on an association this SCP opens to the SCU,
 * proposing the SCP role for itself (PS3.4 J.3.3.1.2), which needs the SCU's address
 * ({@link Builder#scuAddresses}) and an executor, so that the request's association is free at once.
 * With both configured, a report that cannot be delivered on the same association (the SCU released
 * it first, as J.3.2.1.2 allows) is sent on a new one.
 *
 * <p>A request that is not a storage commitment request is answered with a failure status and no
 * report: 0211H for another operation, 0112H for another SOP instance than the well-known one, 0123H
 * for another action, 0115H for Action Information without Transaction UID or references. Register
 * with {@link #registerOn}. Thread-safe if the check is; logs carry transaction UIDs and counts only.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_J.3.2.html">PS3.4 J.3.2</a>
 */
public final class StorageCommitmentScp implements DimseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StorageCommitmentScp.class);
    private static final DicomReader READER = DicomReader.standard();

    /** 0112H: no such SOP instance (not the well-known storage commitment instance). */
    static final Status NO_SUCH_SOP_INSTANCE = Status.of(0x0112);
    /** 0115H: invalid argument value. */
    static final Status INVALID_ARGUMENT_VALUE = Status.of(0x0115);
    /** 0123H: no such action. */
    static final Status NO_SUCH_ACTION = Status.of(0x0123);

    /** Decides whether this SCP commits to storing an instance. */
    @FunctionalInterface
    public interface StoredCheck {
        /**
         * @return {@code null} if the instance is safely stored, else why this SCP does not commit to it
         * @throws IOException if the store cannot be checked: the instance fails with processing failure
         */
        FailureReason check(Reference reference) throws IOException;

        /** A check from a predicate: an instance it rejects fails with no such object instance (0112H). */
        static StoredCheck of(Predicate<Reference> isStored) {
            Objects.requireNonNull(isStored, "isStored");
            return r -> isStored.test(r) ? null : FailureReason.NO_SUCH_OBJECT_INSTANCE;
        }
    }

    /** Where the N-EVENT-REPORT goes. */
    public enum ReportChannel {
        /** On the association of the N-ACTION, right after its response. */
        SAME_ASSOCIATION,
        /** On an association this SCP opens to the SCU, proposing the SCP role. */
        NEW_ASSOCIATION
    }

    private final StoredCheck check;
    private final ReportChannel channel;
    private final Function<String, Optional<RemoteAe>> scuAddresses;
    private final AssociationOptions options;
    private final Executor executor;
    private final String retrieveAeTitle;

    private StorageCommitmentScp(Builder b) {
        this.check = b.check;
        this.channel = b.channel;
        this.scuAddresses = b.scuAddresses;
        this.options = b.options;
        this.executor = b.executor;
        this.retrieveAeTitle = b.retrieveAeTitle;
    }

    /** An SCP reporting on the same association, without fallback. */
    public StorageCommitmentScp(StoredCheck check) {
        this(builder(check));
    }

    public static Builder builder(StoredCheck check) {
        return new Builder(check);
    }

    /**
     * A check against a folder a {@link SpoolFolderSink} writes: an instance is committed when its
     * file is there (complete, as the sink renames a file only when written) and its File Meta names
     * the same SOP class; otherwise it fails with no such object instance (0112H) or class-instance
     * conflict (0119H).
     */
    public static StoredCheck spoolFolder(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return ref -> {
            Path file = folder.resolve(SpoolFolderSink.fileName(ref.sopInstanceUid()));
            if (!Files.isRegularFile(file)) {
                return FailureReason.NO_SUCH_OBJECT_INSTANCE;
            }
            try (DicomObject obj = READER.read(new BufferedInputStream(Files.newInputStream(file), 8192),
                    file.toString())) {
                String cls = obj.fileMeta().getString(Tag.MediaStorageSOPClassUID, "").strip();
                return cls.equals(ref.sopClassUid()) ? null : FailureReason.CLASS_INSTANCE_CONFLICT;
            }
        };
    }

    /** Serves the Storage Commitment Push Model on {@code server} with this SCP. */
    public DicomServer.Builder registerOn(DicomServer.Builder server) {
        return server.service(UID.StorageCommitmentPushModel, StorageCommitmentScu.TRANSFER_SYNTAXES, this);
    }

    @Override
    public void handle(ScpRequest request) throws IOException {
        Association as = request.association();
        if (!(request.request() instanceof NActionRq rq)) {
            request.finish(Responses.UNRECOGNIZED_OPERATION);
            return;
        }
        Status refusal = null;
        if (!UID.StorageCommitmentPushModelInstance.equals(rq.requestedSopInstanceUid())) {
            refusal = NO_SUCH_SOP_INSTANCE.withErrorComment("not the well-known storage commitment SOP instance");
        } else if (rq.actionTypeId() != NActionRq.REQUEST_STORAGE_COMMITMENT) {
            refusal = NO_SUCH_ACTION;
        } else if (request.data() == null) {
            refusal = INVALID_ARGUMENT_VALUE.withErrorComment("no Action Information");
        }
        String tx = null;
        List<Reference> refs = List.of();
        if (refusal == null) {
            try {
                Dataset info = StorageCommitmentScu.read(request.data(), request.context(),
                        "N-ACTION " + rq.messageId() + " from " + as.remoteAeTitle());
                tx = StorageCommitmentScu.transactionUid(info);
                refs = StorageCommitmentScu.items(info, Tag.ReferencedSOPSequence).stream()
                        .map(Failure::reference).toList();
            } catch (AssociationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (!as.isOpen()) {
                    throw e;
                }
                LOG.warn("{}: a storage commitment request whose Action Information cannot be read: {}", as,
                        e.getMessage());
                refusal = INVALID_ARGUMENT_VALUE.withErrorComment("Action Information cannot be read");
            }
            if (refusal == null && (tx == null || refs.isEmpty())) {
                refusal = INVALID_ARGUMENT_VALUE.withErrorComment(tx == null ? "no Transaction UID"
                        : "no Referenced SOP Sequence items");
            }
        }
        if (refusal != null) {
            LOG.info("{}: storage commitment request {} refused: {}", as, rq.messageId(), refusal);
            request.respond(new NActionRsp(rq.messageId(), rq.requestedSopClassUid(), rq.requestedSopInstanceUid(),
                    rq.actionTypeId(), refusal, false));
            return;
        }
        request.respond(new NActionRsp(rq.messageId(), rq.requestedSopClassUid(), rq.requestedSopInstanceUid(),
                rq.actionTypeId(), Status.SUCCESS, false));
        CommitResult result = commit(as, tx, refs);
        if (channel == ReportChannel.SAME_ASSOCIATION) {
            try {
                report(as, request.context(), result);
                return;
            } catch (AssociationException e) {
                if (scuAddresses == null) {
                    throw e;
                }
                LOG.info("{}: the storage commitment report for transaction {} could not be sent on this association"
                        + " ({}); sending it on a new one", as, tx, e.getMessage());
            }
        }
        String scu = as.remoteAeTitle();
        String local = as.localAeTitle();
        try {
            executor.execute(() -> reportOnNewAssociation(scu, local, result));
        } catch (RejectedExecutionException e) {
            LOG.warn("{}: the storage commitment report for transaction {} cannot be scheduled: {}", as, tx,
                    e.toString());
        }
    }

    /** Checks each reference; a check that fails counts as processing failure for that instance. */
    private CommitResult commit(Association as, String tx, List<Reference> refs) {
        List<Reference> committed = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (Reference ref : refs) {
            FailureReason reason;
            try {
                reason = check.check(ref);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: storage commitment transaction {}: an instance could not be checked: {}", as, tx,
                        e.toString());
                reason = FailureReason.PROCESSING_FAILURE;
            }
            if (reason == null) {
                committed.add(ref);
            } else {
                failed.add(new Failure(ref, reason));
            }
        }
        LOG.info("{}: storage commitment transaction {}: {} committed, {} failed", as, tx, committed.size(),
                failed.size());
        return new CommitResult(tx, committed, failed, List.of(), retrieveAeTitle);
    }

    /** Sends the report on {@code pc} of {@code as} and waits for its response. */
    private static void report(Association as, PresentationContext pc, CommitResult result) throws IOException {
        int id = as.nextMessageId();
        NEventReportRq rq = new NEventReportRq(id, UID.StorageCommitmentPushModel,
                UID.StorageCommitmentPushModelInstance, result.eventTypeId(), true);
        as.send(pc, rq, StorageCommitmentScu.writer(StorageCommitmentScu.eventInformation(result), pc));
        Status status = StorageCommitmentScu.reportAnswer(as.awaitResponse(id, null), id, as);
        if (status.isFailure()) {
            LOG.warn("{}: the SCU answered the storage commitment report for transaction {} with {} {}", as,
                    result.transactionUid(), status, status.describe());
        } else {
            LOG.debug("{}: storage commitment transaction {} reported ({})", as, result.transactionUid(), status);
        }
    }

    private void reportOnNewAssociation(String scuAeTitle, String localAeTitle, CommitResult result) {
        Optional<RemoteAe> address;
        try {
            address = scuAddresses.apply(scuAeTitle);
        } catch (RuntimeException e) {
            LOG.warn("storage commitment transaction {}: the address of {} cannot be looked up: {}",
                    result.transactionUid(), scuAeTitle, e.toString());
            return;
        }
        if (address.isEmpty()) {
            LOG.warn("storage commitment transaction {}: no address is known for {}, the report is not sent",
                    result.transactionUid(), scuAeTitle);
            return;
        }
        RemoteAe to = address.get();
        AssociationRequest.Builder rq = AssociationRequest.builder(to.aeTitle(), localAeTitle);
        StorageCommitmentScu.propose(rq);
        rq.role(UID.StorageCommitmentPushModel, false, true);
        try (Association as = Association.connect(to, rq.build(), options)) {
            if (!as.requestorIsScp(UID.StorageCommitmentPushModel)) {
                LOG.debug("{}: the SCU did not accept the SCP role; reporting all the same", as);
            }
            PresentationContext pc = as.presentationContext(UID.StorageCommitmentPushModel).orElseThrow();
            report(as, pc, result);
        } catch (IOException | RuntimeException e) {
            LOG.warn("storage commitment transaction {}: the report to {} failed: {}", result.transactionUid(), to,
                    e.getMessage());
        }
    }

    /** Builder of {@link StorageCommitmentScp}; not thread-safe. */
    public static final class Builder {
        private final StoredCheck check;
        private ReportChannel channel = ReportChannel.SAME_ASSOCIATION;
        private Function<String, Optional<RemoteAe>> scuAddresses;
        private AssociationOptions options = AssociationOptions.defaults();
        private Executor executor;
        private String retrieveAeTitle;

        private Builder(StoredCheck check) {
            this.check = Objects.requireNonNull(check, "check");
        }

        /** Default {@link ReportChannel#SAME_ASSOCIATION}. */
        public Builder reportChannel(ReportChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Where to open an association to an SCU, by its AE title (the calling AE title of its
         * request), and what to run it on: needed for {@link ReportChannel#NEW_ASSOCIATION}, a
         * fallback for {@link ReportChannel#SAME_ASSOCIATION}.
         *
         * @param addresses the SCU's address, or empty if unknown (the report is then not sent)
         * @param options the options of the new association (timeouts, TLS)
         * @param executor runs each delivery; the caller owns it and shuts it down
         */
        public Builder scuAddresses(Function<String, Optional<RemoteAe>> addresses, AssociationOptions options,
                                    Executor executor) {
            this.scuAddresses = Objects.requireNonNull(addresses, "addresses");
            this.options = Objects.requireNonNull(options, "options");
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Retrieve AE Title (0008,0054) to put in each report; none by default. */
        public Builder retrieveAeTitle(String aeTitle) {
            this.retrieveAeTitle = aeTitle == null ? null : RemoteAe.requireAeTitle(aeTitle, "retrieveAeTitle");
            return this;
        }

        /** @throws IllegalArgumentException if {@link ReportChannel#NEW_ASSOCIATION} lacks {@link #scuAddresses} */
        public StorageCommitmentScp build() {
            if (channel == ReportChannel.NEW_ASSOCIATION && scuAddresses == null) {
                throw new IllegalArgumentException("scuAddresses: reporting on a new association needs the SCU's"
                        + " address and an executor");
            }
            return new StorageCommitmentScp(this);
        }
    }
}
