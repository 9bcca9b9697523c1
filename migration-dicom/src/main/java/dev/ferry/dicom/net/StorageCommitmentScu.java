package dev.ferry.dicom.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.NActionRq;
import dev.ferry.dicom.net.dimse.NActionRsp;
import dev.ferry.dicom.net.dimse.NEventReportRq;
import dev.ferry.dicom.net.dimse.NEventReportRsp;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.pdu.Abort;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model as SCU (PS3.4 Annex J.3): asks a peer to take responsibility for
 * instances sent to it, and collects its answer, the Storage Commitment Result.
 *
 * <p>The request is an N-ACTION-RQ (Action Type 1) on the well-known SOP instance with a new
 * Transaction UID and the Referenced SOP Sequence; its success only means that the SCP took the
 * request. The result comes later as an N-EVENT-REPORT-RQ (Event Type 1: all committed; 2: failures
 * exist), which PS3.4 J.3.3.1 lets the SCP send on the same association or on one it opens to the SCU
 * (proposing the SCP role for itself). Both are supported:
 * <ul>
 *   <li>{@link #requestCommitment(Association, List, Duration)} waits for the report on the same
 *   association, as SCPs do that report at once;</li>
 *   <li>{@link #requestCommitmentAsync} registers the transaction with a {@link ReportListener}
 *   served by the SCU's own {@link DicomServer}, which completes a future when the SCP calls back
 *   (Orthanc does so, for example); the caller may release the association at once.</li>
 * </ul>
 *
 * <p>An instance is committed only if the SCP listed it as committed: one the SCP left out of both
 * lists is reported in {@link CommitResult#unreported()}, never taken as committed. Stateless and
 * thread-safe; a {@link ReportListener} is thread-safe. Logs carry transaction UIDs and counts, never
 * instance UIDs.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part04/sect_J.3.html">PS3.4 J.3</a>
 */
public final class StorageCommitmentScu {
    private static final Logger LOG = LoggerFactory.getLogger(StorageCommitmentScu.class);

    /** What both roles propose and accept for the commitment SOP class: Explicit, then Implicit VR Little Endian. */
    public static final List<String> TRANSFER_SYNTAXES = List.of(UID.ExplicitVRLittleEndian,
            UID.ImplicitVRLittleEndian);
    /** Event Type ID 1: Storage Commitment Request Successful. */
    public static final int EVENT_SUCCESSFUL = 1;
    /** Event Type ID 2: Storage Commitment Request Complete - Failures Exist. */
    public static final int EVENT_FAILURES_EXIST = 2;

    /** 0110H: processing failure, the answer to a report that could not be taken. */
    static final Status PROCESSING_FAILURE = Status.of(0x0110);
    /** 0113H: no such event type. */
    static final Status NO_SUCH_EVENT_TYPE = Status.of(0x0113);

    private static final DicomReader READER = DicomReader.standard();

    private StorageCommitmentScu() {}

    /**
     * An instance whose commitment is asked for: Referenced SOP Class UID (0008,1150) and Referenced
     * SOP Instance UID (0008,1155).
     */
    public record Reference(String sopClassUid, String sopInstanceUid) {
        public Reference {
            sopClassUid = requireUid(sopClassUid, "sopClassUid");
            sopInstanceUid = requireUid(sopInstanceUid, "sopInstanceUid");
        }

        private static String requireUid(String uid, String field) {
            Objects.requireNonNull(uid, field);
            String u = uid.strip();
            if (u.isEmpty() || u.length() > 64) {
                throw new IllegalArgumentException(field + " must be 1 to 64 characters, was " + u.length());
            }
            return u;
        }
    }

    /**
     * The defined terms of Failure Reason (0008,1197), PS3.3 C.14.1.1: why an SCP did not commit to
     * an instance.
     */
    public enum FailureReason {
        /** 0110H: a general failure in processing the operation. */
        PROCESSING_FAILURE(0x0110, "processing failure"),
        /** 0112H: the SCP does not hold the instance. */
        NO_SUCH_OBJECT_INSTANCE(0x0112, "no such object instance"),
        /** 0119H: the instance is held under another SOP class. */
        CLASS_INSTANCE_CONFLICT(0x0119, "class-instance conflict"),
        /** 0122H: the SCP does not commit to instances of this SOP class. */
        REFERENCED_SOP_CLASS_NOT_SUPPORTED(0x0122, "referenced SOP class not supported"),
        /** 0131H: the Transaction UID is in use already. */
        DUPLICATE_TRANSACTION_UID(0x0131, "duplicate transaction UID"),
        /** 0213H: the SCP lacks the resources now; trying again later may succeed. */
        RESOURCE_LIMITATION(0x0213, "resource limitation");

        private final int code;
        private final String wording;

        FailureReason(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value of Failure Reason (0008,1197). */
        public int code() {
            return code;
        }

        /** The PS3.3 wording, e.g. {@code no such object instance}. */
        public String describe() {
            return wording;
        }

        /** The reason with this code, if PS3.3 defines it. */
        public static Optional<FailureReason> forCode(int code) {
            for (FailureReason r : values()) {
                if (r.code == code) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * An instance the SCP did not commit to.
     *
     * @param reference the instance
     * @param reasonCode Failure Reason (0008,1197) as sent; -1 if the SCP sent none
     */
    public record Failure(Reference reference, int reasonCode) {
        public Failure {
            Objects.requireNonNull(reference, "reference");
            if (reasonCode < -1 || reasonCode > 0xFFFF) {
                throw new IllegalArgumentException("reasonCode must be a US value or -1: " + reasonCode);
            }
        }

        /** A failure for one of the reasons PS3.3 defines. */
        public Failure(Reference reference, FailureReason reason) {
            this(reference, reason.code());
        }

        /** The reason, if the code is one PS3.3 defines. */
        public Optional<FailureReason> reason() {
            return FailureReason.forCode(reasonCode);
        }
    }

    /**
     * A Storage Commitment Result (PS3.4 J.3.3): what the SCP committed to and what it did not.
     *
     * @param transactionUid Transaction UID (0008,1195), as in the request
     * @param committed Referenced SOP Sequence (0008,1199) of the report
     * @param failed Failed SOP Sequence (0008,1198) of the report, with the reasons
     * @param unreported instances requested but in neither list: not committed
     * @param retrieveAeTitle Retrieve AE Title (0008,0054) if the SCP sent one, else {@code null}
     */
    public record CommitResult(String transactionUid, List<Reference> committed, List<Failure> failed,
                               List<Reference> unreported, String retrieveAeTitle) {
        public CommitResult {
            Objects.requireNonNull(transactionUid, "transactionUid");
            committed = List.copyOf(committed);
            failed = List.copyOf(failed);
            unreported = List.copyOf(unreported);
        }

        /** Whether the SCP committed to every instance requested. */
        public boolean allCommitted() {
            return failed.isEmpty() && unreported.isEmpty();
        }

        /** Whether the SCP committed to {@code reference}. */
        public boolean isCommitted(Reference reference) {
            return committed.contains(reference);
        }

        /** The Event Type ID that reports this result: 1 when nothing failed, else 2. */
        public int eventTypeId() {
            return failed.isEmpty() ? EVENT_SUCCESSFUL : EVENT_FAILURES_EXIST;
        }

        /** This result with the requested instances that it lists nowhere as {@link #unreported()}. */
        CommitResult against(List<Reference> requested) {
            Set<Reference> seen = new LinkedHashSet<>(committed);
            failed.forEach(f -> seen.add(f.reference()));
            List<Reference> missing = requested.stream().filter(r -> !seen.contains(r)).distinct().toList();
            return new CommitResult(transactionUid, committed, failed, missing, retrieveAeTitle);
        }
    }

    /**
     * A new Transaction UID: a UUID as a {@code 2.25} UID (PS3.5 B.2), so that no registry is needed
     * and a transaction is never reused.
     */
    public static String newTransactionUid() {
        UUID u = UUID.randomUUID();
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, b);
    }

    /** Proposes the Storage Commitment Push Model with {@link #TRANSFER_SYNTAXES}; returns the context ID. */
    public static int propose(AssociationRequest.Builder request) {
        return request.addContext(UID.StorageCommitmentPushModel, TRANSFER_SYNTAXES);
    }

    /**
     * Requests commitment for {@code references} and waits on the same association for the result.
     * A report for another transaction meanwhile is answered with processing failure (0110H), as
     * nothing here can take it; see {@link #requestCommitment(Association, List, Duration, ReportListener)}.
     *
     * @param waitForReport how long to wait for the N-EVENT-REPORT after the N-ACTION-RSP
     * @throws AssociationTimeoutException if no report comes in time (the association is then aborted)
     * @throws AssociationAbortedException if the peer releases or aborts before reporting
     * @throws TransientMigrationException if the SCP refuses the request for now (0213H, A7xxH)
     * @throws PermanentMigrationException if the SCP refuses the request otherwise
     * @throws IllegalStateException if the Storage Commitment Push Model was not accepted
     */
    public static CommitResult requestCommitment(Association as, List<Reference> references, Duration waitForReport)
            throws IOException {
        return requestCommitment(as, references, waitForReport, null);
    }

    /**
     * As {@link #requestCommitment(Association, List, Duration)}, handing a report for another
     * transaction (an SCP may report an earlier one on the next association the SCU opens) to
     * {@code others}.
     *
     * @param others takes reports of other transactions; {@code null} to answer them 0110H
     */
    public static CommitResult requestCommitment(Association as, List<Reference> references, Duration waitForReport,
                                                 ReportListener others) throws IOException {
        Objects.requireNonNull(waitForReport, "waitForReport");
        if (waitForReport.isNegative() || waitForReport.isZero()) {
            throw new IllegalArgumentException("waitForReport must be positive: " + waitForReport);
        }
        List<Reference> refs = requireReferences(references);
        String tx = newTransactionUid();
        Waiter waiter = new Waiter(tx, refs, others);
        as.operationLock.lock();
        try {
            sendAction(as, tx, refs, waiter);
            long deadline = System.nanoTime() + waitForReport.toNanos();
            while (waiter.result == null) {
                long left = deadline - System.nanoTime();
                Association.Incoming in;
                try {
                    in = as.receive(Duration.ofNanos(Math.max(left, 1_000_000)));
                } catch (AssociationTimeoutException e) {
                    throw new AssociationTimeoutException(as + ": no storage commitment report for transaction " + tx
                            + " within " + waitForReport.toMillis() + " ms (the association is aborted)", e);
                }
                if (in == null) {
                    throw new AssociationAbortedException(as + ": the peer released the association before reporting"
                            + " storage commitment transaction " + tx, null, true, null);
                }
                if (!(in.message() instanceof DimseRequest)) {
                    Abort abort = Abort.byServiceUser();
                    as.abortLocally(abort, null);
                    throw new AssociationAbortedException(as + ": aborted, the peer sent a " + in.message().commandField()
                            + " while the storage commitment report for transaction " + tx + " was awaited", abort, false,
                            null);
                }
                ScpRequest request = new ScpRequest(as, in);
                waiter.handle(request);
                if (in.data() != null) {
                    in.data().close();
                }
                request.finish(PROCESSING_FAILURE);
            }
            return waiter.result;
        } finally {
            as.operationLock.unlock();
        }
    }

    /**
     * Requests commitment for {@code references}, the result to come on an association the SCP opens
     * to {@code listener}'s server. Returns once the SCP has taken the request (N-ACTION-RSP); the
     * association may be released then. The future completes, on the server's thread, when the
     * report arrives; bound the wait with {@link CompletableFuture#orTimeout}, which also forgets the
     * transaction.
     *
     * <p>For SCPs that call back (PS3.4 J.3.3.1.2 requires every SCP to be able to). One that reports
     * at once on the same association loses its report if this association is released: use
     * {@link #requestCommitment(Association, List, Duration, ReportListener)} with such a peer.
     *
     * @throws TransientMigrationException if the SCP refuses the request for now (0213H, A7xxH)
     * @throws PermanentMigrationException if the SCP refuses the request otherwise
     * @throws IllegalStateException if the Storage Commitment Push Model was not accepted
     */
    public static CompletableFuture<CommitResult> requestCommitmentAsync(Association as, List<Reference> references,
                                                                         ReportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        List<Reference> refs = requireReferences(references);
        String tx = newTransactionUid();
        // Registered first: the SCP may call back before its N-ACTION-RSP is read here.
        CompletableFuture<CommitResult> future = listener.expect(tx, refs);
        Waiter waiter = new Waiter(tx, refs, listener);
        as.operationLock.lock();
        try {
            sendAction(as, tx, refs, waiter);
        } catch (IOException | RuntimeException e) {
            future.cancel(false);
            throw e;
        } finally {
            as.operationLock.unlock();
        }
        if (waiter.result != null) {
            future.complete(waiter.result); // reported on this association before its N-ACTION-RSP
        }
        return future;
    }

    private static List<Reference> requireReferences(List<Reference> references) {
        List<Reference> refs = List.copyOf(references);
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("references: a storage commitment request names at least one instance");
        }
        return refs;
    }

    /** Sends the N-ACTION-RQ and checks its response; requests arriving meanwhile go to {@code waiter}. */
    private static void sendAction(Association as, String tx, List<Reference> refs, Waiter waiter) throws IOException {
        PresentationContext pc = as.presentationContext(UID.StorageCommitmentPushModel).orElseThrow(
                () -> new IllegalStateException(as + ": the Storage Commitment Push Model SOP Class was not accepted"));
        int id = as.nextMessageId();
        as.send(pc, NActionRq.requestStorageCommitment(id), writer(actionInformation(tx, refs), pc));
        Association.Incoming in = as.awaitResponse(id, waiter);
        if (in.data() != null) {
            in.data().close();
        }
        if (!(in.message() instanceof NActionRsp rsp)) {
            Abort abort = Abort.byServiceUser();
            as.abortLocally(abort, null);
            throw new AssociationAbortedException(as + ": aborted, the peer answered the storage commitment N-ACTION-RQ "
                    + id + " with a " + in.message().commandField(), abort, false, null);
        }
        Status status = rsp.status();
        if (status.isFailure()) {
            String detail = as + ": the peer refused storage commitment transaction " + tx + " for " + refs.size()
                    + " instances: " + status + " " + status.describe();
            if (status.isRetryable()) {
                throw new TransientMigrationException(ReasonCode.PEER_BUSY, ItemRef.NONE, detail);
            }
            throw new PermanentMigrationException(ReasonCode.REFUSED, ItemRef.NONE, detail);
        }
        LOG.debug("{}: storage commitment transaction {} for {} instances accepted ({})", as, tx, refs.size(), status);
    }

    /** Takes the requests arriving while an SCU waits: its own report, others' reports, anything else. */
    private static final class Waiter implements DimseHandler {
        private final String transactionUid;
        private final List<Reference> requested;
        private final ReportListener others;
        CommitResult result;

        Waiter(String transactionUid, List<Reference> requested, ReportListener others) {
            this.transactionUid = transactionUid;
            this.requested = requested;
            this.others = others;
        }

        @Override
        public void handle(ScpRequest request) throws IOException {
            CommitResult report = readReport(request);
            if (report == null) {
                return; // answered already
            }
            if (report.transactionUid().equals(transactionUid)) {
                result = report.against(requested);
                request.respond(NEventReportRsp.to((NEventReportRq) request.request(), Status.SUCCESS));
            } else if (others != null) {
                others.deliver(request, report);
            } else {
                LOG.info("{}: a storage commitment report for transaction {}, not the one awaited ({}), cannot be"
                        + " taken here", request.association(), report.transactionUid(), transactionUid);
                request.respond(NEventReportRsp.to((NEventReportRq) request.request(),
                        PROCESSING_FAILURE.withErrorComment("no storage commitment transaction awaited with this UID")));
            }
        }
    }

    /**
     * Reads a Storage Commitment Result from an N-EVENT-REPORT-RQ, or answers a request that is not
     * one (unrecognized operation, no such event type, processing failure) and returns {@code null}.
     */
    static CommitResult readReport(ScpRequest request) throws IOException {
        Association as = request.association();
        if (!(request.request() instanceof NEventReportRq rq)
                || !UID.StorageCommitmentPushModel.equals(request.context().abstractSyntax())) {
            request.finish(Responses.UNRECOGNIZED_OPERATION);
            return null;
        }
        if (rq.eventTypeId() != EVENT_SUCCESSFUL && rq.eventTypeId() != EVENT_FAILURES_EXIST) {
            LOG.warn("{}: a storage commitment report with event type {}, which PS3.4 does not define", as,
                    rq.eventTypeId());
            request.respond(NEventReportRsp.to(rq, NO_SUCH_EVENT_TYPE));
            return null;
        }
        if (request.data() == null) {
            LOG.warn("{}: a storage commitment report without event information", as);
            request.respond(NEventReportRsp.to(rq, PROCESSING_FAILURE.withErrorComment("no event information")));
            return null;
        }
        CommitResult report;
        try (DicomObject obj = READER.read(request.data(), TransferSyntax.of(request.context().transferSyntax()),
                "N-EVENT-REPORT " + rq.messageId() + " from " + as.remoteAeTitle())) {
            report = eventInformation(obj.header());
        } catch (AssociationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (!as.isOpen()) {
                throw e;
            }
            LOG.warn("{}: a storage commitment report that cannot be read: {}", as, e.getMessage());
            request.respond(NEventReportRsp.to(rq, PROCESSING_FAILURE.withErrorComment("event information cannot be"
                    + " read")));
            return null;
        }
        if (report == null) {
            LOG.warn("{}: a storage commitment report without Transaction UID", as);
            request.respond(NEventReportRsp.to(rq, PROCESSING_FAILURE.withErrorComment("no Transaction UID")));
            return null;
        }
        if ((rq.eventTypeId() == EVENT_SUCCESSFUL) != report.failed().isEmpty()) {
            LOG.info("{}: storage commitment transaction {} reported with event type {} and {} failures; the lists"
                    + " are taken as they are", as, report.transactionUid(), rq.eventTypeId(), report.failed().size());
        }
        LOG.debug("{}: storage commitment transaction {} reported: {} committed, {} failed", as,
                report.transactionUid(), report.committed().size(), report.failed().size());
        return report;
    }

    // ---------------------------------------------------------------- the data sets (PS3.4 Tables J.3-1, J.3-2)

    /** Action Information of a request: Transaction UID and Referenced SOP Sequence. */
    static Dataset actionInformation(String transactionUid, List<Reference> refs) {
        Dataset ds = new Dataset();
        ds.setString(Tag.TransactionUID, VR.UI, transactionUid);
        references(ds, Tag.ReferencedSOPSequence, refs);
        return ds;
    }

    /** Event Information of a report: Transaction UID, Retrieve AE Title, and the two sequences when not empty. */
    static Dataset eventInformation(CommitResult result) {
        Dataset ds = new Dataset();
        if (result.retrieveAeTitle() != null) {
            ds.setString(Tag.RetrieveAETitle, VR.AE, result.retrieveAeTitle());
        }
        ds.setString(Tag.TransactionUID, VR.UI, result.transactionUid());
        if (!result.committed().isEmpty()) {
            references(ds, Tag.ReferencedSOPSequence, result.committed());
        }
        if (!result.failed().isEmpty()) {
            Dataset.Sequence seq = ds.newSequence(Tag.FailedSOPSequence);
            for (Failure f : result.failed()) {
                Dataset item = seq.addItem();
                item.setString(Tag.ReferencedSOPClassUID, VR.UI, f.reference().sopClassUid());
                item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, f.reference().sopInstanceUid());
                if (f.reasonCode() >= 0) {
                    item.setInts(Tag.FailureReason, VR.US, f.reasonCode());
                }
            }
        }
        return ds;
    }

    private static void references(Dataset ds, int tag, List<Reference> refs) {
        Dataset.Sequence seq = ds.newSequence(tag);
        for (Reference r : refs) {
            Dataset item = seq.addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, r.sopClassUid());
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
        }
    }

    /** The Transaction UID of Action or Event Information, or {@code null} if absent or empty. */
    static String transactionUid(Dataset ds) {
        String tx = ds.getString(Tag.TransactionUID, "").strip();
        return tx.isEmpty() ? null : tx;
    }

    /**
     * The items of a Referenced or Failed SOP Sequence, each with its Failure Reason (-1 if absent).
     *
     * @throws IllegalArgumentException if an item lacks a UID
     */
    static List<Failure> items(Dataset ds, int tag) {
        Dataset.Sequence seq = ds.getSequence(tag);
        if (seq == null) {
            return List.of();
        }
        List<Failure> list = new ArrayList<>(seq.size());
        for (Dataset item : seq) {
            Reference ref = new Reference(item.getString(Tag.ReferencedSOPClassUID, ""),
                    item.getString(Tag.ReferencedSOPInstanceUID, ""));
            list.add(new Failure(ref, item.getInt(Tag.FailureReason, -1)));
        }
        return list;
    }

    /** The result an N-EVENT-REPORT's Event Information holds, or {@code null} without Transaction UID. */
    static CommitResult eventInformation(Dataset ds) {
        String tx = transactionUid(ds);
        if (tx == null) {
            return null;
        }
        List<Reference> committed = items(ds, Tag.ReferencedSOPSequence).stream().map(Failure::reference).toList();
        String retrieve = ds.getString(Tag.RetrieveAETitle, "").strip();
        return new CommitResult(tx, committed, items(ds, Tag.FailedSOPSequence), List.of(),
                retrieve.isEmpty() ? null : retrieve);
    }

    // ---------------------------------------------------------------- reports on an association the SCP opens

    /**
     * Receives Storage Commitment Results that SCPs send on associations they open (PS3.4 J.3.3.1.3):
     * register it on the SCU's {@link DicomServer} ({@link #registerOn}); the server then accepts
     * the Storage Commitment Push Model, with the SCP role for the requestor that proposes it (the
     * server keeps the roles proposed), and each N-EVENT-REPORT-RQ completes the future of its
     * transaction ({@link StorageCommitmentScu#requestCommitmentAsync}).
     *
     * <p>A report whose transaction nobody waits for (it came too late, or after a restart) goes to
     * the {@code unmatched} consumer if one was given, and is then answered with success; without
     * one it is answered with processing failure (0110H), so that the SCP knows it was not taken. Any
     * other request on the SOP class is answered with unrecognized operation (0211H).
     *
     * <p>Thread-safe. Futures complete, and the consumer runs, on the server's association thread.
     */
    public static final class ReportListener implements DimseHandler {
        private record Pending(List<Reference> requested, CompletableFuture<CommitResult> future) {}

        private final Map<String, Pending> pending = new ConcurrentHashMap<>();
        private final Consumer<CommitResult> unmatched;

        /** A listener that refuses reports nobody waits for. */
        public ReportListener() {
            this(null);
        }

        /** @param unmatched takes reports nobody waits for; {@code null} to refuse them */
        public ReportListener(Consumer<CommitResult> unmatched) {
            this.unmatched = unmatched;
        }

        /** Serves the Storage Commitment Push Model on {@code server} with this listener. */
        public DicomServer.Builder registerOn(DicomServer.Builder server) {
            return server.service(UID.StorageCommitmentPushModel, TRANSFER_SYNTAXES, this);
        }

        /** How many transactions wait for their report. */
        public int pendingTransactions() {
            return pending.size();
        }

        /** Registers a transaction; the future is forgotten when it completes, whichever way. */
        CompletableFuture<CommitResult> expect(String transactionUid, List<Reference> requested) {
            CompletableFuture<CommitResult> future = new CompletableFuture<>();
            if (pending.putIfAbsent(transactionUid, new Pending(requested, future)) != null) {
                throw new IllegalStateException("storage commitment transaction " + transactionUid
                        + " is awaited already");
            }
            future.whenComplete((r, e) -> pending.remove(transactionUid));
            return future;
        }

        @Override
        public void handle(ScpRequest request) throws IOException {
            if (request.request() instanceof NEventReportRq
                    && !request.association().requestorIsScp(UID.StorageCommitmentPushModel)) {
                // PS3.4 J.3.3.1.3 has the SCP propose the SCP role; taken anyway from those that do not.
                LOG.debug("{}: a storage commitment report on an association without the SCP role negotiated",
                        request.association());
            }
            CommitResult report = readReport(request);
            if (report != null) {
                deliver(request, report);
            }
        }

        /** Completes the transaction of {@code report} and answers the request accordingly. */
        void deliver(ScpRequest request, CommitResult report) throws IOException {
            NEventReportRq rq = (NEventReportRq) request.request();
            // Removed before it is completed: a caller woken by the future sees it gone.
            Pending p = pending.remove(report.transactionUid());
            Status answer = Status.SUCCESS;
            if (p != null) {
                p.future().complete(report.against(p.requested()));
            } else if (unmatched != null) {
                unmatched.accept(report);
            } else {
                LOG.info("{}: a storage commitment report for transaction {}, which nobody awaits, is refused",
                        request.association(), report.transactionUid());
                answer = PROCESSING_FAILURE.withErrorComment("no storage commitment transaction awaited with this UID");
            }
            request.respond(NEventReportRsp.to(rq, answer));
        }
    }

    /** The final N-EVENT-REPORT-RSP status the peer answered a report with. */
    static Status reportAnswer(Association.Incoming in, int messageId, Association as) throws IOException {
        if (in.data() != null) {
            in.data().close();
        }
        if (!(in.message() instanceof NEventReportRsp rsp)) {
            Abort abort = Abort.byServiceUser();
            as.abortLocally(abort, null);
            throw new AssociationAbortedException(as + ": aborted, the peer answered the storage commitment"
                    + " N-EVENT-REPORT-RQ " + messageId + " with a " + in.message().commandField(),
                    abort, false, null);
        }
        return rsp.status();
    }

    /** Writes {@code ds} in {@code pc}'s transfer syntax. */
    static Association.DataWriter writer(Dataset ds, PresentationContext pc) {
        TransferSyntax ts = TransferSyntax.of(pc.transferSyntax());
        return out -> DicomWriter.writeDataset(ds, ts, out);
    }

    /** Reads the data set of a request on {@code pc}. */
    static Dataset read(InputStream data, PresentationContext pc, String source) throws IOException {
        try (DicomObject obj = READER.read(data, TransferSyntax.of(pc.transferSyntax()), source)) {
            return obj.header();
        }
    }
}
