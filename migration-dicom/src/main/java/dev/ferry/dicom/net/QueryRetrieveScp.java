package dev.ferry.dicom.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.net.dimse.CFindRq;
import dev.ferry.dicom.net.dimse.CFindRsp;
import dev.ferry.dicom.net.dimse.CGetRq;
import dev.ferry.dicom.net.dimse.CGetRsp;
import dev.ferry.dicom.net.dimse.CMoveRq;
import dev.ferry.dicom.net.dimse.CMoveRsp;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.DimseResponse;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.dimse.SubOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Query/Retrieve Service Class as SCP (PS3.4 Annex C): {@link DimseHandler}s for C-FIND, C-MOVE
 * and C-GET to register on a {@link DicomServer} under the SOP classes of the information models
 * served ({@link QueryRetrieveScu.InformationModel}). What matches comes from the caller's
 * {@link QueryProvider} and {@link RetrieveProvider}; this class does the DIMSE side: pending
 * responses, sub-operations, counts, C-CANCEL, and the final status PS3.4 C.4 prescribes.
 *
 * <pre>{@code
 * DicomServer.builder().aeTitle("FERRYQR")
 *     .service(UID.StudyRootQueryRetrieveInformationModelFind, ts, QueryRetrieveScp.find(index))
 *     .service(UID.StudyRootQueryRetrieveInformationModelMove, ts, QueryRetrieveScp.move(index, peers::get, options))
 *     .service(UID.StudyRootQueryRetrieveInformationModelGet, ts, QueryRetrieveScp.get(index))
 *     .build().start();
 * }</pre>
 *
 * <p>An Identifier that cannot be parsed is answered C000H, one without a known Query/Retrieve Level
 * A900H (Identifier does not match SOP Class); a provider's I/O failure is A700H (C-FIND) or A701H
 * (C-MOVE, C-GET: unable to calculate the matches), which callers may retry. The handlers are
 * stateless and thread-safe if the providers are.
 */
public final class QueryRetrieveScp {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRetrieveScp.class);
    private static final DicomReader READER = DicomReader.standard();
    private static final Set<String> LEVELS = Set.of("PATIENT", "STUDY", "SERIES", "IMAGE");

    /** A700H: Refused, out of resources (C-FIND). */
    public static final Status OUT_OF_RESOURCES = Status.of(0xA700);
    /** A701H: Refused, out of resources, unable to calculate number of matches (C-MOVE, C-GET). */
    public static final Status UNABLE_TO_CALCULATE_MATCHES = Status.of(0xA701);
    /** A702H: Refused, out of resources, unable to perform sub-operations (C-MOVE, C-GET). */
    public static final Status UNABLE_TO_PERFORM_SUB_OPERATIONS = Status.of(0xA702);
    /** A801H: Refused, Move Destination unknown (C-MOVE). */
    public static final Status MOVE_DESTINATION_UNKNOWN = Status.of(0xA801);
    /** A900H: Error, Identifier does not match SOP Class. */
    public static final Status IDENTIFIER_DOES_NOT_MATCH = Status.of(0xA900);
    /** C000H: Error, unable to process. */
    public static final Status UNABLE_TO_PROCESS = Status.of(0xC000);
    /** B000H: Sub-operations complete, one or more failures or warnings (C-MOVE, C-GET). */
    public static final Status SUB_OPERATIONS_WITH_FAILURES = Status.of(0xB000);

    /** An explicit VR UI value holds at most this many bytes (a 16-bit length, even). */
    private static final int MAX_UI_LIST_BYTES = 0xFFFE;

    private QueryRetrieveScp() {}

    /** What answers a C-FIND: the matches for an Identifier. */
    @FunctionalInterface
    public interface QueryProvider {
        /**
         * Finds what {@code keys} match (PS3.4 C.2.2) and hands each match to {@code emit}, which
         * sends it as a pending response: an Identifier with the keys' attributes filled in (the
         * Query/Retrieve Level is added if missing; Specific Character Set is the provider's to set
         * when a value is not in the default repertoire). {@code emit} returns {@code false} once
         * the requestor has cancelled: stop then.
         *
         * @param keys the request's Identifier, Query/Retrieve Level checked
         * @param request the request, for its SOP class ({@code request.request()}) and association
         * @throws IOException if the matches cannot be found: answered A700H (out of resources)
         */
        void find(Dataset keys, ScpRequest request, Predicate<Dataset> emit) throws IOException;
    }

    /** What answers a C-MOVE or C-GET: the instances an Identifier names. */
    @FunctionalInterface
    public interface RetrieveProvider {
        /**
         * The instances {@code keys} match (PS3.4 C.4.2.2 and C.4.3.2), in the order to send them.
         *
         * @throws IOException if they cannot be found: answered A701H (unable to calculate the matches)
         */
        List<RetrieveItem> locate(Dataset keys) throws IOException;

        /**
         * Called before each C-STORE sub-operation of a C-MOVE or C-GET, on the association's
         * thread, once the item's file was inspected: a provider that paces its retrievals (a
         * bandwidth cap) waits here. Does nothing by default.
         *
         * @param request the C-MOVE or C-GET being served
         * @param item the instance about to be sent
         * @throws IOException to end the retrieval and its association, as a failure of the association does
         */
        default void beforeSubOperation(ScpRequest request, RetrieveItem item) throws IOException {
            // nothing by default
        }

        /**
         * Called after each sub-operation of a C-MOVE or C-GET, before its pending response, on the
         * association's thread: what a simulator hooks to inject faults (it may abort
         * {@code request.association()}, and the retrieval then ends as after any abort). Does
         * nothing by default.
         *
         * @param status the sub-operation's C-STORE status, or {@code null} if it could not be sent
         * @throws IOException to end the retrieval and its association, as a failure of the association does
         */
        default void afterSubOperation(ScpRequest request, RetrieveItem item, Status status) throws IOException {
            // nothing by default
        }
    }

    /**
     * One instance to send as a sub-operation: a Part 10 file, sent as it is when the destination
     * accepts its transfer syntax (re-encoded between uncompressed syntaxes otherwise, never
     * decompressed; see {@link StoreScu}).
     *
     * @param sopClassUid its SOP Class UID
     * @param sopInstanceUid its SOP Instance UID: what the Failed SOP Instance UID List names
     * @param file the file
     */
    public record RetrieveItem(String sopClassUid, String sopInstanceUid, Path file) {
        public RetrieveItem {
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            Objects.requireNonNull(file, "file");
        }
    }

    // ---------------------------------------------------------------- C-FIND

    /**
     * The C-FIND SCP (PS3.4 C.4.1): a pending response (FF00H) with each match {@code provider}
     * emits, then Success, or Cancel (FE00H) if the requestor sent C-CANCEL-RQ.
     */
    public static DimseHandler find(QueryProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return request -> {
            if (!(request.request() instanceof CFindRq rq)) {
                request.finish(Responses.UNRECOGNIZED_OPERATION);
                return;
            }
            Dataset keys = identifier(request);
            if (keys == null) {
                return;
            }
            String level = keys.getString(Tag.QueryRetrieveLevel).strip();
            PresentationContext pc = request.context();
            int[] matches = {0};
            boolean[] cancelled = {false};
            Predicate<Dataset> emit = match -> {
                try {
                    if (cancelled[0] || request.isCancelled()) {
                        cancelled[0] = true;
                        return false;
                    }
                    Dataset out = match;
                    if (!out.contains(Tag.QueryRetrieveLevel)) {
                        out = match.copy();
                        out.setString(Tag.QueryRetrieveLevel, VR.CS, level);
                    }
                    request.respond(new CFindRsp(rq.messageId(), rq.affectedSopClassUid(), Status.PENDING, true),
                            QueryRetrieveScu.identifierWriter(out, pc));
                    matches[0]++;
                    cancelled[0] = request.isCancelled();
                    return !cancelled[0];
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            try {
                provider.find(keys, request, emit);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (AssociationException e) {
                throw e;
            } catch (IOException e) {
                LOG.warn("{}: C-FIND {} failed, the query provider failed: {}", request.association(), rq.messageId(),
                        e.toString());
                request.respond(new CFindRsp(rq.messageId(), rq.affectedSopClassUid(),
                        OUT_OF_RESOURCES.withErrorComment("query failed"), false));
                return;
            }
            boolean wasCancelled = cancelled[0] || request.isCancelled();
            request.respond(new CFindRsp(rq.messageId(), rq.affectedSopClassUid(),
                    wasCancelled ? Status.CANCEL : Status.SUCCESS, false));
            LOG.debug("{}: C-FIND {} answered {} matches{}", request.association(), rq.messageId(), matches[0],
                    wasCancelled ? ", cancelled" : "");
        };
    }

    // ---------------------------------------------------------------- C-MOVE

    /**
     * The C-MOVE SCP (PS3.4 C.4.2): opens an association to the Move Destination, looked up by AE
     * title in {@code directory} (unknown: A801H), calling it with the AE title the requestor
     * called, and stores each item with the requestor's AE title and the C-MOVE's Message ID as
     * Move Originator; a pending response with the counts follows each sub-operation. The final
     * status is Success, B000H if some sub-operations failed or warned, A702H if all failed (the
     * destination refusing the association, say), or Cancel (FE00H) after a C-CANCEL-RQ; the last
     * three with the Failed SOP Instance UID List when something failed.
     *
     * <p>An item whose file cannot be read, or that the destination accepted no context for, fails
     * alone. If the destination's association breaks, the next item opens a new one; if that fails,
     * the items left fail.
     *
     * @param directory the Move Destinations this SCP knows, by AE title; {@code null} for unknown
     * @param options for the associations to the destinations
     */
    public static DimseHandler move(RetrieveProvider provider, Function<String, RemoteAe> directory,
                                    AssociationOptions options) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        return request -> {
            if (!(request.request() instanceof CMoveRq rq)) {
                request.finish(Responses.UNRECOGNIZED_OPERATION);
                return;
            }
            Dataset keys = identifier(request);
            if (keys == null) {
                return;
            }
            Association as = request.association();
            RemoteAe destination = directory.apply(rq.moveDestination());
            if (destination == null) {
                LOG.info("{}: C-MOVE {} refused, Move Destination {} unknown", as, rq.messageId(), rq.moveDestination());
                request.respond(new CMoveRsp(rq.messageId(), rq.affectedSopClassUid(),
                        MOVE_DESTINATION_UNKNOWN.withErrorComment("Move Destination unknown"), SubOperations.NONE,
                        false));
                return;
            }
            List<RetrieveItem> items = locate(provider, keys, request);
            if (items == null) {
                return;
            }
            Retrieval r = new Retrieval(request, items);
            // Every file is inspected first: the association to the destination proposes them all.
            List<StoreScu.FileInfo> files = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                files.add(r.inspect(i));
            }
            Destination dest = new Destination(destination, as.localAeTitle(), options);
            try {
                for (int i = 0; i < items.size() && !r.cancelled(); i++) {
                    StoreScu.FileInfo file = files.get(i);
                    if (file != null) {
                        provider.beforeSubOperation(request, items.get(i));
                    }
                    Status status = file == null ? null
                            : dest.store(file, files.subList(i, files.size()), as.remoteAeTitle(), rq.messageId());
                    r.record(i, status);
                    provider.afterSubOperation(request, items.get(i), status);
                    r.pending(i);
                }
            } finally {
                dest.close();
            }
            r.finish();
        };
    }

    // ---------------------------------------------------------------- C-GET

    /**
     * The C-GET SCP (PS3.4 C.4.3): sends each item as a C-STORE sub-operation on the requestor's own
     * association, on a context for its SOP class where the requestor accepted the SCP role
     * (PS3.7 D.3.3.4); an item without one fails alone. Pending responses, cancel and the final
     * status are as for {@link #move}. The {@link DicomServer} accepts the storage contexts a C-GET
     * requestor proposes with the SCP role when a C-GET service is registered.
     */
    public static DimseHandler get(RetrieveProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return request -> {
            if (!(request.request() instanceof CGetRq rq)) {
                request.finish(Responses.UNRECOGNIZED_OPERATION);
                return;
            }
            Dataset keys = identifier(request);
            if (keys == null) {
                return;
            }
            List<RetrieveItem> items = locate(provider, keys, request);
            if (items == null) {
                return;
            }
            Association as = request.association();
            Retrieval r = new Retrieval(request, items);
            for (int i = 0; i < items.size() && !r.cancelled(); i++) {
                StoreScu.FileInfo file = r.inspect(i);
                Status status = null;
                if (file == null) {
                    r.record(i, null);
                } else if (!as.requestorIsScp(file.sopClassUid())) {
                    LOG.debug("{}: C-GET {} sub-operation {} failed: the requestor is not SCP of {}", as,
                            rq.messageId(), i + 1, file.sopClassUid());
                    r.record(i, null);
                } else {
                    provider.beforeSubOperation(request, items.get(i));
                    status = storeBack(as, file, rq.messageId(), i);
                    r.record(i, status);
                }
                provider.afterSubOperation(request, items.get(i), status);
                r.pending(i);
            }
            r.finish();
        };
    }

    private static Status storeBack(Association as, StoreScu.FileInfo file, int messageId, int index)
            throws IOException {
        try {
            return StoreScu.store(as, file).status();
        } catch (AssociationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!as.isOpen()) {
                // The file failed half-way through its data set: the association had to be aborted.
                throw new AssociationAbortedException(as + ": C-GET " + messageId + " sub-operation " + (index + 1)
                        + " failed while its data set was sent, which ends the association: " + e.getMessage(),
                        null, false, e);
            }
            LOG.debug("{}: C-GET {} sub-operation {} failed: {}", as, messageId, index + 1, e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * The request's Identifier with a known Query/Retrieve Level, or {@code null} after answering
     * the failure.
     */
    private static Dataset identifier(ScpRequest request) throws IOException {
        DimseRequest rq = request.request();
        Dataset keys;
        try (DicomObject obj = READER.read(request.data(), TransferSyntax.of(request.context().transferSyntax()),
                rq.commandField() + " " + rq.messageId() + " from " + request.association().remoteAeTitle())) {
            keys = obj.header();
        } catch (DicomParseException e) {
            LOG.info("{}: {} {} refused, its Identifier cannot be parsed: {}", request.association(),
                    rq.commandField(), rq.messageId(), e.getMessage());
            request.respond(finalResponse(rq, UNABLE_TO_PROCESS.withErrorComment("Identifier cannot be parsed"),
                    SubOperations.NONE));
            return null;
        }
        String level = keys.getString(Tag.QueryRetrieveLevel, "").strip();
        if (!LEVELS.contains(level)) {
            LOG.info("{}: {} {} refused, Query/Retrieve Level missing or unknown", request.association(),
                    rq.commandField(), rq.messageId());
            request.respond(finalResponse(rq, IDENTIFIER_DOES_NOT_MATCH
                    .withErrorComment("Query/Retrieve Level missing or unknown")
                    .withOffendingElements(Tag.QueryRetrieveLevel), SubOperations.NONE));
            return null;
        }
        return keys;
    }

    /** The provider's items, or {@code null} after answering A701H. */
    private static List<RetrieveItem> locate(RetrieveProvider provider, Dataset keys, ScpRequest request)
            throws IOException {
        try {
            return List.copyOf(provider.locate(keys));
        } catch (AssociationException e) {
            throw e;
        } catch (IOException e) {
            DimseRequest rq = request.request();
            LOG.warn("{}: {} {} failed, the retrieve provider failed: {}", request.association(), rq.commandField(),
                    rq.messageId(), e.toString());
            request.respond(finalResponse(rq, UNABLE_TO_CALCULATE_MATCHES.withErrorComment("lookup failed"),
                    SubOperations.NONE));
            return null;
        }
    }

    /** A final response without an Identifier. */
    private static DimseResponse finalResponse(DimseRequest rq, Status status, SubOperations counts) {
        if (rq instanceof CMoveRq m) {
            return new CMoveRsp(m.messageId(), m.affectedSopClassUid(), status, counts, false);
        }
        if (rq instanceof CGetRq g) {
            return new CGetRsp(g.messageId(), g.affectedSopClassUid(), status, counts, false);
        }
        return new CFindRsp(rq.messageId(), ((CFindRq) rq).affectedSopClassUid(), status, false);
    }

    /** The counts, pending responses and final response of one C-MOVE or C-GET. */
    private static final class Retrieval {
        private final ScpRequest request;
        private final DimseRequest rq;
        private final String sopClass;
        private final List<RetrieveItem> items;
        private final List<String> failedUids = new ArrayList<>();
        private int completed;
        private int failed;
        private int warning;
        private int done;
        private boolean cancelled;

        Retrieval(ScpRequest request, List<RetrieveItem> items) {
            this.request = request;
            this.rq = request.request();
            this.sopClass = rq instanceof CMoveRq m ? m.affectedSopClassUid() : ((CGetRq) rq).affectedSopClassUid();
            this.items = items;
            LOG.debug("{}: {} {}: {} sub-operations", request.association(), rq.commandField(), rq.messageId(),
                    items.size());
        }

        /** Whether the requestor cancelled; checked before each sub-operation. */
        boolean cancelled() throws IOException {
            if (!cancelled && request.isCancelled()) {
                cancelled = true;
            }
            return cancelled;
        }

        /** The item's file as {@link StoreScu} needs it, or {@code null} if it cannot be read. */
        StoreScu.FileInfo inspect(int i) {
            RetrieveItem item = items.get(i);
            try {
                return StoreScu.inspect(item.file());
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: {} {} sub-operation {} failed, its file cannot be read: {}", request.association(),
                        rq.commandField(), rq.messageId(), i + 1, e.getClass().getSimpleName());
                return null;
            }
        }

        /** Counts sub-operation {@code i}: its C-STORE status, or {@code null} if it could not be sent. */
        void record(int i, Status status) {
            done++;
            if (status != null && status.isSuccess()) {
                completed++;
            } else if (status != null && status.isWarning()) {
                warning++;
            } else {
                failed++;
                failedUids.add(items.get(i).sopInstanceUid());
            }
        }

        /** A pending response after sub-operation {@code i}, unless it was the last. */
        void pending(int i) throws IOException {
            if (i < items.size() - 1) {
                SubOperations counts = SubOperations.of(items.size() - done, completed, failed, warning);
                request.respond(rq instanceof CMoveRq m
                        ? new CMoveRsp(m.messageId(), sopClass, Status.PENDING, counts, false)
                        : new CGetRsp(rq.messageId(), sopClass, Status.PENDING, counts, false));
            }
        }

        /** The final response: Success, B000H, A702H or Cancel, with the failed UIDs if any. */
        void finish() throws IOException {
            Status status;
            SubOperations counts;
            if (cancelled) {
                status = Status.CANCEL;
                counts = SubOperations.of(items.size() - done, completed, failed, warning);
            } else {
                counts = SubOperations.done(completed, failed, warning);
                if (failed == 0 && warning == 0) {
                    status = Status.SUCCESS;
                } else if (completed == 0 && warning == 0) {
                    status = UNABLE_TO_PERFORM_SUB_OPERATIONS.withErrorComment("all sub-operations failed");
                } else {
                    status = SUB_OPERATIONS_WITH_FAILURES;
                }
            }
            Dataset identifier = null;
            if (!failedUids.isEmpty()) {
                identifier = new Dataset();
                identifier.setString(Tag.FailedSOPInstanceUIDList, VR.UI, failedList());
            }
            boolean hasIdentifier = identifier != null;
            DimseResponse rsp = rq instanceof CMoveRq m
                    ? new CMoveRsp(m.messageId(), sopClass, status, counts, hasIdentifier)
                    : new CGetRsp(rq.messageId(), sopClass, status, counts, hasIdentifier);
            request.respond(rsp, hasIdentifier ? QueryRetrieveScu.identifierWriter(identifier, request.context()) : null);
            LOG.info("{}: {} {} ended {}: {} completed, {} failed, {} warning{}", request.association(),
                    rq.commandField(), rq.messageId(), status, completed, failed, warning,
                    cancelled ? ", cancelled with " + (items.size() - done) + " left" : "");
        }

        /** The failed UIDs, backslash-separated, cut to what a UI value can hold. */
        private String failedList() {
            StringBuilder sb = new StringBuilder();
            int listed = 0;
            for (String uid : failedUids) {
                if (sb.length() + uid.length() + 1 > MAX_UI_LIST_BYTES) {
                    break;
                }
                sb.append(listed++ == 0 ? "" : "\\").append(uid);
            }
            if (listed < failedUids.size()) {
                LOG.warn("{}: {} {}: the Failed SOP Instance UID List holds {} of {} UIDs, as much as one value can",
                        request.association(), rq.commandField(), rq.messageId(), listed, failedUids.size());
            }
            return sb.toString();
        }
    }

    /** The association to a C-MOVE destination, opened when needed and again after it breaks. */
    private static final class Destination {
        private final RemoteAe peer;
        private final String callingAeTitle;
        private final AssociationOptions options;
        private Association association;
        private boolean unreachable;

        Destination(RemoteAe peer, String callingAeTitle, AssociationOptions options) {
            this.peer = peer;
            this.callingAeTitle = callingAeTitle;
            this.options = options;
        }

        /**
         * Stores one file; {@code null} if it could not be sent.
         *
         * @param toPropose the files left (this one first, {@code null} for unreadable ones): what a
         *     new association proposes contexts for, up to the 128 PS3.8 allows
         */
        Status store(StoreScu.FileInfo file, List<StoreScu.FileInfo> toPropose, String originatorAeTitle,
                     int originatorMessageId) {
            if (unreachable) {
                return null;
            }
            boolean connecting = association == null || !association.isOpen();
            try {
                if (connecting) {
                    association = open(toPropose);
                    connecting = false;
                }
                return StoreScu.store(association, file, originatorAeTitle, originatorMessageId).status();
            } catch (AssociationException e) {
                if (connecting) {
                    unreachable = true;
                    LOG.warn("C-MOVE destination {} cannot be reached: {}", peer, e.getMessage());
                } else {
                    LOG.warn("{}: a C-STORE sub-operation failed: {}", association, e.getMessage());
                }
                return null;
            } catch (PermanentMigrationException e) {
                LOG.debug("{}: a C-STORE sub-operation was not sent: {}", association, e.getMessage());
                return null;
            } catch (IOException e) {
                LOG.warn("{}: a C-STORE sub-operation failed: {}", association, e.toString());
                return null;
            }
        }

        private Association open(List<StoreScu.FileInfo> files) throws IOException {
            AssociationRequest.Builder b = AssociationRequest.builder(peer.aeTitle(), callingAeTitle);
            for (StoreScu.FileInfo f : files) {
                if (f == null) {
                    continue;
                }
                try {
                    StoreScu.propose(b, List.of(f));
                } catch (IllegalArgumentException full) {
                    break; // 128 contexts: files needing others fail on this association
                }
            }
            return Association.connect(peer, b.build(), options);
        }

        void close() {
            if (association != null) {
                association.close();
            }
        }
    }
}
