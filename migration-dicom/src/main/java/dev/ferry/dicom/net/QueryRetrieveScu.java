package dev.ferry.dicom.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.dimse.CFindRq;
import dev.ferry.dicom.net.dimse.CFindRsp;
import dev.ferry.dicom.net.dimse.CGetRq;
import dev.ferry.dicom.net.dimse.CGetRsp;
import dev.ferry.dicom.net.dimse.CMoveRq;
import dev.ferry.dicom.net.dimse.CMoveRsp;
import dev.ferry.dicom.net.dimse.CStoreRq;
import dev.ferry.dicom.net.dimse.CStoreRsp;
import dev.ferry.dicom.net.dimse.DimseRequest;
import dev.ferry.dicom.net.dimse.DimseResponse;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.dimse.SubOperations;
import dev.ferry.dicom.net.pdu.Abort;
import dev.ferry.dicom.net.pdu.AbortReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Query/Retrieve Service Class as SCU (PS3.4 Annex C): C-FIND, C-MOVE and C-GET on an open
 * {@link Association} (PS3.7 sections 9.1.2 to 9.1.4), cancellation with C-CANCEL-RQ, the contexts a
 * C-GET needs, and a helper that builds an Identifier from keywords.
 *
 * <p>Each operation holds the association's operation lock from its request to its final response,
 * so one operation runs at a time on an association. The callbacks ({@code onMatch}, {@code progress},
 * the {@link StorageSink} of a C-GET) run on the calling thread. If one throws, or a response's
 * Identifier cannot be parsed, Ferry sends C-CANCEL-RQ, reads the responses to the final one (so the
 * association can go on) and rethrows; if that fails too, it aborts the association.
 *
 * <p>A final status that is not success comes back in the result, not as an exception: a failure of
 * the operation is the peer's answer. Exceptions are for the association failing
 * ({@link AssociationException}, an {@link IOException}), the peer breaking the protocol (the
 * association is then aborted), and a SOP class the peer did not accept
 * ({@link PermanentMigrationException} with {@link ReasonCode#REFUSED}).
 *
 * <p>Stateless and thread-safe; no method accepts {@code null} unless it says so.
 */
public final class QueryRetrieveScu {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRetrieveScu.class);
    private static final DicomReader READER = DicomReader.standard();
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    /** The syntaxes proposed for a C-FIND, C-MOVE or C-GET context: identifiers are small, uncompressed. */
    static final List<String> IDENTIFIER_SYNTAXES = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
    private static final String UTF8 = "ISO_IR 192";

    private QueryRetrieveScu() {}

    /**
     * The two Query/Retrieve information models every archive serves (PS3.4 C.6.1 and C.6.2), with
     * the SOP classes of their C-FIND, C-MOVE and C-GET services.
     */
    public enum InformationModel {
        /** Patient Root: PATIENT, STUDY, SERIES, IMAGE levels. */
        PATIENT_ROOT(UID.PatientRootQueryRetrieveInformationModelFind, UID.PatientRootQueryRetrieveInformationModelMove,
                UID.PatientRootQueryRetrieveInformationModelGet),
        /** Study Root: STUDY, SERIES, IMAGE levels (patient attributes are study attributes). */
        STUDY_ROOT(UID.StudyRootQueryRetrieveInformationModelFind, UID.StudyRootQueryRetrieveInformationModelMove,
                UID.StudyRootQueryRetrieveInformationModelGet);

        private final String find;
        private final String move;
        private final String get;

        InformationModel(String find, String move, String get) {
            this.find = find;
            this.move = move;
            this.get = get;
        }

        /** The SOP class UID of its C-FIND service. */
        public String find() {
            return find;
        }

        /** The SOP class UID of its C-MOVE service. */
        public String move() {
            return move;
        }

        /** The SOP class UID of its C-GET service. */
        public String get() {
            return get;
        }
    }

    /**
     * How a C-FIND ended.
     *
     * @param status the final status: success, cancel (FE00H), or a failure the peer reported
     * @param matches how many matches were given to {@code onMatch}
     * @param cancelled whether Ferry sent C-CANCEL-RQ ({@code onMatch} said stop); the peer may still
     *     have answered success if it had finished first
     */
    public record FindResult(Status status, int matches, boolean cancelled) {
        public FindResult {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * How a C-MOVE or C-GET ended.
     *
     * @param status the final status: success, warning B000H (some sub-operations failed or warned),
     *     cancel FE00H, or a failure (A701H, A702H, A801H, A900H, Cxxx...)
     * @param last the sub-operation counts of the final response, or of the last pending one when
     *     the final response has none; {@link SubOperations#NONE} if no response had any
     * @param failedSopInstanceUids Failed SOP Instance UID List (0008,0058) of the final response's
     *     Identifier; empty if it had none
     */
    public record RetrieveResult(Status status, SubOperations last, List<String> failedSopInstanceUids) {
        public RetrieveResult {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(last, "last");
            failedSopInstanceUids = List.copyOf(failedSopInstanceUids);
        }

        /** The status and counts; the failed UIDs by number only, as the list can be long. */
        @Override
        public String toString() {
            return "RetrieveResult[" + status + ", " + last + ", " + failedSopInstanceUids.size() + " failed UIDs]";
        }
    }

    // ---------------------------------------------------------------- C-FIND

    /**
     * C-FIND (PS3.4 C.4.1, PS3.7 9.1.2): sends {@code keys} as the Identifier, encoded in the
     * context's transfer syntax, and hands each match (the Identifier of a pending response, FF00H
     * or FF01H) to {@code onMatch}. When {@code onMatch} returns {@code false}, Ferry sends
     * C-CANCEL-RQ and reads on to the final response (usually Cancel, FE00H), giving no more matches.
     *
     * @param findSopClass the C-FIND SOP class, e.g. {@link InformationModel#find()}
     * @param onMatch told of each match, in order; {@code false} to stop
     * @throws PermanentMigrationException with {@link ReasonCode#REFUSED} if the peer accepted no
     *     context for {@code findSopClass}
     * @throws dev.ferry.dicom.io.DicomParseException if a match cannot be parsed (after cancelling)
     * @throws AssociationException if the association fails or the peer breaks the protocol
     */
    public static FindResult find(Association as, String findSopClass, Dataset keys, Priority priority,
                                  Predicate<Dataset> onMatch) throws IOException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(onMatch, "onMatch");
        PresentationContext pc = context(as, findSopClass, "C-FIND");
        int[] matches = {0};
        boolean[] stop = {false};
        Exchange x = new Exchange(as, pc, "C-FIND", CFindRsp.class, null, null);
        Status status = x.run(new CFindRq(as.nextMessageId(), findSopClass, priority), keys, (rsp, identifier) -> {
            if (rsp.status().isPending() && identifier != null && !stop[0]) {
                matches[0]++;
                if (!onMatch.test(identifier)) {
                    stop[0] = true;
                    return false;
                }
            }
            return true;
        });
        LOG.debug("{}: C-FIND ended with {} after {} matches{}", as, status, matches[0],
                x.cancelSent ? ", cancelled" : "");
        return new FindResult(status, matches[0], x.cancelSent);
    }

    // ---------------------------------------------------------------- C-MOVE

    /**
     * C-MOVE (PS3.4 C.4.2, PS3.7 9.1.4): asks the peer to store what {@code keys} match to
     * {@code destinationAeTitle} over an association of its own, and waits for the final response.
     *
     * @param moveSopClass the C-MOVE SOP class, e.g. {@link InformationModel#move()}
     * @param destinationAeTitle Move Destination: an AE title the peer knows (with its address)
     * @param progress told of each pending response's sub-operation counts
     * @throws PermanentMigrationException with {@link ReasonCode#REFUSED} if the peer accepted no
     *     context for {@code moveSopClass}
     * @throws AssociationException if the association fails or the peer breaks the protocol
     */
    public static RetrieveResult move(Association as, String moveSopClass, String destinationAeTitle, Dataset keys,
                                      Priority priority, Consumer<SubOperations> progress) throws IOException {
        return move(as, moveSopClass, destinationAeTitle, keys, priority, progress, () -> false);
    }

    /**
     * As {@link #move(Association, String, String, Dataset, Priority, Consumer)}, sending C-CANCEL-RQ
     * once {@code cancelRequested} says so. It is asked after each response (and before the first
     * wait), so a peer that sends no pending responses cannot be cancelled before it is done; the
     * final status is then Cancel (FE00H) with the counts so far, if the peer honours it.
     */
    public static RetrieveResult move(Association as, String moveSopClass, String destinationAeTitle, Dataset keys,
                                      Priority priority, Consumer<SubOperations> progress,
                                      BooleanSupplier cancelRequested) throws IOException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelRequested, "cancelRequested");
        String destination = RemoteAe.requireAeTitle(destinationAeTitle, "destinationAeTitle");
        PresentationContext pc = context(as, moveSopClass, "C-MOVE");
        Exchange x = new Exchange(as, pc, "C-MOVE", CMoveRsp.class, null, cancelRequested);
        RetrieveTracker t = new RetrieveTracker(progress);
        Status status = x.run(new CMoveRq(as.nextMessageId(), moveSopClass, priority, destination), keys,
                (rsp, identifier) -> t.onResponse(((CMoveRsp) rsp).subOperations(), rsp.status(), identifier));
        return t.result(as, "C-MOVE", status);
    }

    // ---------------------------------------------------------------- C-GET

    /**
     * C-GET (PS3.4 C.4.3, PS3.7 9.1.3): the peer sends what {@code keys} match as C-STORE
     * sub-operations on this association, on the storage contexts proposed with
     * {@link #proposeGet}; each is handed to {@code sink} and answered with the sink's status (as
     * {@link StorageScp} does: an I/O failure of the sink is A700H for that instance alone).
     *
     * @param getSopClass the C-GET SOP class, e.g. {@link InformationModel#get()}
     * @param sink where the instances go; called on this thread
     * @param progress told of each pending response's sub-operation counts
     * @throws PermanentMigrationException with {@link ReasonCode#REFUSED} if the peer accepted no
     *     context for {@code getSopClass}
     * @throws AssociationException if the association fails or the peer breaks the protocol
     */
    public static RetrieveResult get(Association as, String getSopClass, Dataset keys, Priority priority,
                                     StorageSink sink, Consumer<SubOperations> progress) throws IOException {
        return get(as, getSopClass, keys, priority, sink, progress, () -> false);
    }

    /**
     * As {@link #get(Association, String, Dataset, Priority, StorageSink, Consumer)}, sending
     * C-CANCEL-RQ once {@code cancelRequested} says so; it is asked after each response and each
     * instance received.
     */
    public static RetrieveResult get(Association as, String getSopClass, Dataset keys, Priority priority,
                                     StorageSink sink, Consumer<SubOperations> progress,
                                     BooleanSupplier cancelRequested) throws IOException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelRequested, "cancelRequested");
        PresentationContext pc = context(as, getSopClass, "C-GET");
        RetrieveTracker t = new RetrieveTracker(progress);
        Exchange[] self = new Exchange[1];
        DimseHandler onStore = request -> {
            if (!(request.request() instanceof CStoreRq rq)) {
                request.finish(Responses.UNRECOGNIZED_OPERATION);
                return;
            }
            Status status = StorageScp.store(sink, as, request.context(), rq, request.data());
            // Before the response, so the SCP knows before it starts the next sub-operation.
            self[0].cancelIfRequested();
            request.respond(CStoreRsp.to(rq, status));
        };
        Exchange x = new Exchange(as, pc, "C-GET", CGetRsp.class, onStore, cancelRequested);
        self[0] = x;
        Status status = x.run(new CGetRq(as.nextMessageId(), getSopClass, priority), keys,
                (rsp, identifier) -> t.onResponse(((CGetRsp) rsp).subOperations(), rsp.status(), identifier));
        return t.result(as, "C-GET", status);
    }

    /**
     * Proposes what a C-GET needs (PS3.4 C.4.3, PS3.7 D.3.3.4): a context for {@code getSopClass}
     * (Explicit and Implicit VR Little Endian), and for each storage class a context with
     * {@code transferSyntaxes} and a role selection making Ferry its SCP (SCU role not proposed), so
     * the peer may send C-STORE sub-operations back. A class proposed already is not proposed again.
     *
     * <p>PS3.8 allows 128 contexts: a C-GET for a study needs the classes the study holds (an
     * IMAGE-level C-FIND for SOP Class UID tells), not every storage class there is.
     *
     * @param transferSyntaxes the syntaxes Ferry accepts the instances in, best first
     * @throws IllegalArgumentException if the contexts would exceed 128, before any is added
     */
    public static void proposeGet(AssociationRequest.Builder b, String getSopClass,
                                  Collection<String> storageSopClasses, List<String> transferSyntaxes) {
        Objects.requireNonNull(getSopClass, "getSopClass");
        if (transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("transferSyntaxes: the storage contexts of a C-GET need at least one");
        }
        Set<String> classes = new LinkedHashSet<>();
        for (String c : storageSopClasses) {
            if (!b.proposes(c, transferSyntaxes.get(0))) {
                classes.add(Objects.requireNonNull(c, "storageSopClasses holds null"));
            }
        }
        boolean getProposed = b.proposes(getSopClass, IDENTIFIER_SYNTAXES.get(0));
        int needed = classes.size() + (getProposed ? 0 : 1);
        int room = AssociationRequest.MAX_PRESENTATION_CONTEXTS - b.contextCount();
        if (needed > room) {
            throw new IllegalArgumentException("storageSopClasses: a C-GET with " + classes.size()
                    + " storage classes needs " + needed + " presentation contexts, but only " + room + " of the "
                    + AssociationRequest.MAX_PRESENTATION_CONTEXTS + " PS3.8 allows are left; propose the classes"
                    + " the matching instances have");
        }
        if (!getProposed) {
            b.addContext(getSopClass, IDENTIFIER_SYNTAXES);
        }
        for (String c : classes) {
            b.addContext(c, transferSyntaxes);
            b.role(c, false, true);
        }
    }

    // ---------------------------------------------------------------- identifiers

    /**
     * Builds a C-FIND, C-MOVE or C-GET Identifier: Query/Retrieve Level (0008,0052) {@code level},
     * and an element per entry of {@code keywordValues}, named by PS3.6 keyword ({@code PatientID})
     * or tag ({@code 0010,0020}, {@code (0010,0020)}, {@code 00100020}), with the dictionary's VR.
     * An empty (or {@code null}) value makes a return key (universal match); a value of several
     * values is backslash-separated. The unique key of the level (Patient ID, Study, Series or SOP
     * Instance UID) is added as a return key if absent. Specific Character Set is ISO_IR 192 (UTF-8)
     * when a value is not ASCII.
     *
     * @param level PATIENT, STUDY, SERIES or IMAGE (case ignored)
     * @throws IllegalArgumentException naming the key when it is no standard attribute, a value does
     *     not suit its VR, or the level is unknown
     */
    public static Dataset keys(String level, Map<String, String> keywordValues) {
        Objects.requireNonNull(level, "level");
        String lvl = level.strip().toUpperCase(Locale.ROOT);
        int unique = switch (lvl) {
            case "PATIENT" -> Tag.PatientID;
            case "STUDY" -> Tag.StudyInstanceUID;
            case "SERIES" -> Tag.SeriesInstanceUID;
            case "IMAGE" -> Tag.SOPInstanceUID;
            default -> throw new IllegalArgumentException("level must be PATIENT, STUDY, SERIES or IMAGE: \"" + level
                    + "\"");
        };
        Dataset ds = new Dataset();
        ds.setString(Tag.QueryRetrieveLevel, VR.CS, lvl);
        boolean ascii = true;
        for (Map.Entry<String, String> e : keywordValues.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "keywordValues holds a null key");
            int tag;
            try {
                tag = Tags.parse(key);
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("keys: " + x.getMessage(), x);
            }
            if (tag == Tag.QueryRetrieveLevel) {
                throw new IllegalArgumentException("keys: QueryRetrieveLevel is given as the level, not as a key");
            }
            if (Tags.isPrivate(tag) || !DICTIONARY.contains(tag)) {
                throw new IllegalArgumentException("keys: " + Tags.format(tag) + " is not a standard attribute, so its"
                        + " VR is unknown");
            }
            String value = e.getValue() == null ? "" : e.getValue();
            set(ds, tag, DICTIONARY.vrOf(tag), value, key);
            ascii &= value.chars().allMatch(c -> c < 0x80);
        }
        if (!ds.contains(unique)) {
            ds.setEmpty(unique, DICTIONARY.vrOf(unique));
        }
        if (!ascii && !ds.contains(Tag.SpecificCharacterSet)) {
            ds.setString(Tag.SpecificCharacterSet, VR.CS, UTF8);
            ds.setTextCodec(SpecificCharacterSet.of(UTF8));
        }
        return ds;
    }

    private static void set(Dataset ds, int tag, VR vr, String value, String key) {
        if (value.isEmpty()) {
            ds.setEmpty(tag, vr);
            return;
        }
        try {
            if (vr.isText()) {
                ds.setString(tag, vr, value);
                return;
            }
            String[] parts = value.split("\\\\");
            switch (vr) {
                case US, SS, UL, SL, SV, UV -> {
                    long[] n = new long[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        n[i] = Long.parseLong(parts[i].strip());
                    }
                    ds.setLongs(tag, vr, n);
                }
                case FL, FD -> {
                    double[] d = new double[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        d[i] = Double.parseDouble(parts[i].strip());
                    }
                    ds.setDoubles(tag, vr, d);
                }
                case AT -> {
                    long[] t = new long[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        t[i] = Tags.parse(parts[i]) & 0xFFFFFFFFL;
                    }
                    ds.setLongs(tag, vr, t);
                }
                default -> throw new IllegalArgumentException("a " + vr + " value cannot be given as text; give"
                        + " it empty to ask for it");
            }
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("keys: " + key + " " + Tags.format(tag) + " (" + vr + "): "
                    + x.getMessage(), x);
        }
    }

    // ---------------------------------------------------------------- shared machinery

    /** The accepted context for {@code sopClass}, or a refusal naming the peer and the operation. */
    static PresentationContext context(Association as, String sopClass, String operation) {
        Objects.requireNonNull(sopClass, "sopClass");
        return as.presentationContext(sopClass).orElseThrow(() -> new PermanentMigrationException(ReasonCode.REFUSED,
                ItemRef.NONE, as.remoteAeTitle() + " accepted no presentation context for " + describe(sopClass)
                + " on " + as + ", so Ferry cannot send " + operation));
    }

    private static String describe(String uid) {
        String name = UID.nameOf(uid);
        return name == null ? uid : name + " (" + uid + ")";
    }

    /** Reads an Identifier in the context's transfer syntax; the stream is consumed and closed. */
    static Dataset readIdentifier(Association.Incoming in, String source) throws IOException {
        try (DicomObject obj = READER.read(in.data(), TransferSyntax.of(in.context().transferSyntax()), source)) {
            return obj.header();
        }
    }

    /** Writes an Identifier in the context's transfer syntax. */
    static Association.DataWriter identifierWriter(Dataset identifier, PresentationContext pc) {
        TransferSyntax ts = TransferSyntax.of(pc.transferSyntax());
        return out -> DicomWriter.writeDataset(identifier, ts, out);
    }

    /** What an operation does with each response; {@code false} asks for C-CANCEL. */
    @FunctionalInterface
    private interface ResponseHandler {
        boolean onResponse(DimseResponse rsp, Dataset identifier) throws IOException;
    }

    /** One C-FIND, C-MOVE or C-GET exchange: the request, its responses, cancel, and recovery. */
    private static final class Exchange {
        private final Association as;
        private final PresentationContext pc;
        private final String operation;
        private final Class<? extends DimseResponse> responseType;
        private final DimseHandler onRequest;
        private final BooleanSupplier cancelRequested;
        private int messageId;
        boolean cancelSent;

        Exchange(Association as, PresentationContext pc, String operation, Class<? extends DimseResponse> responseType,
                 DimseHandler onRequest, BooleanSupplier cancelRequested) {
            this.as = as;
            this.pc = pc;
            this.operation = operation;
            this.responseType = responseType;
            this.onRequest = onRequest;
            this.cancelRequested = cancelRequested;
        }

        /** Sends the request and reads the responses to the final one, whose status it returns. */
        Status run(DimseRequest rq, Dataset keys, ResponseHandler handler) throws IOException {
            messageId = rq.messageId();
            as.operationLock.lock();
            try {
                as.send(pc, rq, identifierWriter(keys, pc));
                try {
                    while (true) {
                        cancelIfRequested();
                        Association.Incoming in = as.awaitResponse(messageId, onRequest);
                        if (!responseType.isInstance(in.message())) {
                            throw unexpected(in);
                        }
                        DimseResponse rsp = (DimseResponse) in.message();
                        Dataset identifier = in.data() == null ? null
                                : readIdentifier(in, operation + " response to message " + messageId + " from "
                                        + as.remoteAeTitle());
                        boolean goOn = handler.onResponse(rsp, identifier);
                        if (!rsp.status().isPending()) {
                            return rsp.status();
                        }
                        if (!goOn) {
                            sendCancel();
                        }
                    }
                } catch (AssociationException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    recover(e);
                    throw e;
                }
            } finally {
                as.operationLock.unlock();
            }
        }

        void cancelIfRequested() throws IOException {
            if (!cancelSent && cancelRequested != null && cancelRequested.getAsBoolean()) {
                sendCancel();
            }
        }

        private void sendCancel() throws IOException {
            if (!cancelSent) {
                cancelSent = true;
                LOG.debug("{}: cancelling {} {}", as, operation, messageId);
                as.cancel(pc, messageId);
            }
        }

        private AssociationAbortedException unexpected(Association.Incoming in) throws IOException {
            if (in.data() != null) {
                in.data().close();
            }
            Abort abort = Abort.byServiceProvider(AbortReason.REASON_NOT_SPECIFIED);
            as.abortLocally(abort, null);
            return new AssociationAbortedException(as + ": aborted, " + as.remoteAeTitle() + " answered " + operation
                    + " " + messageId + " with " + in.message().commandField(), abort, false, null);
        }

        /**
         * After a local failure mid-operation: cancels and reads on to the final response, so the
         * association stays usable; aborts it if that fails.
         */
        private void recover(Throwable failure) {
            if (!as.isOpen()) {
                return;
            }
            DimseHandler refuse = request -> {
                if (request.data() != null) {
                    request.data().close();
                }
                if (request.request() instanceof CStoreRq rq) {
                    request.respond(CStoreRsp.to(rq, StorageScp.OUT_OF_RESOURCES.withErrorComment(
                            operation + " cancelled")));
                } else {
                    request.finish(Responses.UNRECOGNIZED_OPERATION);
                }
            };
            try {
                sendCancel();
                while (true) {
                    Association.Incoming in = as.awaitResponse(messageId, onRequest == null ? null : refuse);
                    if (in.data() != null) {
                        in.data().close();
                    }
                    if (!(in.message() instanceof DimseResponse r) || !r.status().isPending()) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                as.abort();
            }
        }
    }

    /** Follows the counts and the Failed SOP Instance UID List of a C-MOVE or C-GET. */
    private static final class RetrieveTracker {
        private final Consumer<SubOperations> progress;
        private SubOperations last = SubOperations.NONE;
        private List<String> failed = List.of();

        RetrieveTracker(Consumer<SubOperations> progress) {
            this.progress = progress;
        }

        boolean onResponse(SubOperations counts, Status status, Dataset identifier) {
            if (!counts.equals(SubOperations.NONE)) {
                last = counts;
            }
            if (status.isPending()) {
                progress.accept(counts);
            } else if (identifier != null) {
                failed = new ArrayList<>(identifier.getStrings(Tag.FailedSOPInstanceUIDList));
            }
            return true;
        }

        RetrieveResult result(Association as, String operation, Status status) {
            LOG.debug("{}: {} ended with {}, {}, {} failed UIDs listed", as, operation, status, last, failed.size());
            return new RetrieveResult(status, last, failed);
        }
    }
}
