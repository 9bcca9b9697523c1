package dev.ferry.dicom.archive.dimse;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.archive.Descriptors;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationPool;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.QueryRetrieveScu.InformationModel;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.dimse.Priority;
import dev.ferry.dicom.net.dimse.Status;
import dev.ferry.dicom.net.dimse.SubOperations;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a DIMSE source and a DIMSE destination share: a pool of associations to one Query/Retrieve
 * SCP for C-FIND and C-MOVE, C-GET associations of their own, a bound on how many associations are
 * open at once, and retrieval of a study (C-MOVE into Ferry's Storage SCP, or C-GET) checked against
 * an image-level C-FIND before and, when they differ, after.
 *
 * <p>Thread-safe.
 */
final class DimsePeer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DimsePeer.class);
    /** How many SOP Instance UIDs one image-level C-MOVE or C-GET names at most. */
    static final int UIDS_PER_RETRIEVE = 200;

    /**
     * The syntaxes a C-GET accepts instances in: uncompressed in one context per SOP class, and
     * each compressed or deflated syntax in a context of its own (as many as fit in PS3.8's 128), so
     * the peer can send an instance as it holds it rather than decompress it.
     */
    static final List<String> GET_TRANSFER_SYNTAXES = getTransferSyntaxes();

    private static List<String> getTransferSyntaxes() {
        List<String> out = new ArrayList<>(List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian));
        for (dev.ferry.dicom.TransferSyntax ts : List.of(dev.ferry.dicom.TransferSyntax.JPEG_BASELINE,
                dev.ferry.dicom.TransferSyntax.JPEG_LOSSLESS_SV1, dev.ferry.dicom.TransferSyntax.JPEG_2000_LOSSLESS,
                dev.ferry.dicom.TransferSyntax.JPEG_2000, dev.ferry.dicom.TransferSyntax.JPEG_LS_LOSSLESS,
                dev.ferry.dicom.TransferSyntax.JPEG_EXTENDED, dev.ferry.dicom.TransferSyntax.JPEG_LOSSLESS,
                dev.ferry.dicom.TransferSyntax.JPEG_LS_NEAR_LOSSLESS,
                dev.ferry.dicom.TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                dev.ferry.dicom.TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            out.add(ts.uid());
        }
        return List.copyOf(out);
    }

    /**
     * The storage classes a C-GET offers for instances whose class the archive's image-level C-FIND
     * did not return: the images, structured reports, key objects, presentation states and
     * encapsulated documents of a radiology archive.
     */
    static final List<String> COMMON_STORAGE_CLASSES = List.of(UID.CTImageStorage, UID.EnhancedCTImageStorage,
            UID.MRImageStorage, UID.EnhancedMRImageStorage, UID.ComputedRadiographyImageStorage,
            UID.DigitalXRayImageStorageForPresentation, UID.DigitalXRayImageStorageForProcessing,
            UID.DigitalMammographyXRayImageStorageForPresentation, UID.DigitalMammographyXRayImageStorageForProcessing,
            UID.UltrasoundImageStorage, UID.UltrasoundMultiFrameImageStorage, UID.XRayAngiographicImageStorage,
            UID.XRayRadiofluoroscopicImageStorage, UID.NuclearMedicineImageStorage,
            UID.PositronEmissionTomographyImageStorage, UID.SecondaryCaptureImageStorage,
            UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
            UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage, UID.MultiFrameTrueColorSecondaryCaptureImageStorage,
            UID.BasicTextSRStorage, UID.EnhancedSRStorage, UID.ComprehensiveSRStorage,
            UID.KeyObjectSelectionDocumentStorage, UID.XRayRadiationDoseSRStorage,
            UID.GrayscaleSoftcopyPresentationStateStorage, UID.EncapsulatedPDFStorage, UID.RTImageStorage,
            UID.RTDoseStorage, UID.RTStructureSetStorage, UID.RTPlanStorage);

    /** How instances are retrieved. */
    enum Method { C_MOVE, C_GET }

    final RemoteAe peer;
    final String callingAeTitle;
    private volatile RecentDescriptions recent;
    final InformationModel model = InformationModel.STUDY_ROOT;
    private final AssociationOptions options;
    private final Duration borrowTimeout;
    private final Priority priority;
    private final Semaphore slots;
    private final AssociationPool queries;
    private final Method method;
    private final MoveReceiver receiver;
    private final List<String> getTransferSyntaxes;
    private final Consumer<AssociationRequest.Builder> customizer;

    DimsePeer(RemoteAe peer, String callingAeTitle, AssociationOptions options, int maxAssociations,
              Duration borrowTimeout, Priority priority, Method method, MoveReceiver receiver,
              List<String> getTransferSyntaxes, Consumer<AssociationRequest.Builder> customizer) {
        this.customizer = customizer;
        this.peer = peer;
        this.callingAeTitle = callingAeTitle;
        this.options = options;
        this.borrowTimeout = borrowTimeout;
        this.priority = priority;
        this.slots = new Semaphore(maxAssociations, true);
        this.method = method;
        this.receiver = receiver;
        this.getTransferSyntaxes = List.copyOf(getTransferSyntaxes);
        AssociationRequest.Builder rq = AssociationRequest.builder(peer.aeTitle(), callingAeTitle);
        rq.addContext(model.find(), UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        rq.addContext(model.move(), UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        customizer.accept(rq);
        this.queries = new AssociationPool(peer, rq.build(), options, maxAssociations, Duration.ofSeconds(30));
    }

    Method method() {
        return method;
    }

    // ------------------------------------------------------------------------------------- C-FIND

    /**
     * One C-FIND on a pooled association; each match to {@code onMatch}, which may throw (the
     * C-FIND is cancelled and the exception propagates).
     */
    QueryRetrieveScu.FindResult find(Dataset keys, Consumer<Dataset> onMatch) throws IOException {
        RuntimeException[] thrown = {null};
        Predicate<Dataset> each = ds -> {
            try {
                onMatch.accept(ds);
                return true;
            } catch (RuntimeException e) {
                thrown[0] = e;
                return false;
            }
        };
        QueryRetrieveScu.FindResult r;
        try (Slot slot = slot(); AssociationPool.Lease lease = borrow()) {
            try {
                r = QueryRetrieveScu.find(lease.association(), model.find(), keys, priority, each);
            } catch (IOException | RuntimeException e) {
                lease.invalidate();
                throw e;
            }
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
        return r;
    }

    /**
     * The matches of one small C-FIND (the series or instances of one study), in memory.
     *
     * @throws RuntimeException a {@link #failure} if the C-FIND ended with a failure status
     */
    List<Dataset> findAll(Dataset keys) throws IOException {
        List<Dataset> out = new ArrayList<>();
        QueryRetrieveScu.FindResult r = find(keys, out::add);
        if (r.status().isFailure()) {
            throw failure("C-FIND", r.status(), ItemRef.NONE);
        }
        return out;
    }

    static Dataset keys(String level, String... keywordValuePairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keywordValuePairs.length; i += 2) {
            m.put(keywordValuePairs[i], keywordValuePairs[i + 1]);
        }
        return QueryRetrieveScu.keys(level, m);
    }

    /** Everything the peer holds of a study, by series- and image-level C-FIND; empty if nothing. */
    Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        Optional<StudyManifest> described = describeNow(studyInstanceUid);
        if (recent != null) {
            recent.put(studyInstanceUid, described, System.nanoTime());
        }
        return described;
    }

    /**
     * Makes {@link #retrieve} take a description of the study made by {@link #describe} in the last
     * {@code maxAge}, instead of describing it again: the engine describes a study just before it
     * retrieves it, and each description is several C-FINDs. Only for an archive Ferry does not
     * write to (a source): a destination's description goes stale as soon as Ferry stores into it.
     * What arrives is still checked against the description, and a difference has the study
     * described again.
     */
    DimsePeer reuseRecentDescriptions(Duration maxAge) {
        this.recent = new RecentDescriptions(maxAge);
        return this;
    }

    private Optional<StudyManifest> describeNow(String studyInstanceUid) throws IOException {
        List<Dataset> studies = findAll(keys("STUDY", "StudyInstanceUID", studyInstanceUid, "PatientID", "",
                "IssuerOfPatientID", "", "PatientName", "", "PatientBirthDate", "", "PatientSex", "",
                "AccessionNumber", "", "StudyDate", "", "StudyTime", "", "ModalitiesInStudy", "",
                "NumberOfStudyRelatedSeries", "", "NumberOfStudyRelatedInstances", ""));
        StudyDescriptor study = null;
        for (Dataset ds : studies) {
            StudyDescriptor d = Descriptors.study(ds);
            if (d != null && d.studyInstanceUid().equals(studyInstanceUid)) {
                study = d;
                break;
            }
        }
        if (study == null) {
            return Optional.empty();
        }
        List<SeriesDescriptor> series = new ArrayList<>();
        for (Dataset ds : findAll(keys("SERIES", "StudyInstanceUID", studyInstanceUid, "SeriesInstanceUID", "",
                "Modality", "", "SeriesNumber", "", "NumberOfSeriesRelatedInstances", ""))) {
            SeriesDescriptor s = Descriptors.series(studyInstanceUid, ds);
            if (s != null && series.stream().noneMatch(x -> x.seriesInstanceUid().equals(s.seriesInstanceUid()))) {
                series.add(s);
            }
        }
        Map<String, InstanceDescriptor> instances = new LinkedHashMap<>();
        for (SeriesDescriptor s : series) {
            for (Dataset ds : findAll(keys("IMAGE", "StudyInstanceUID", studyInstanceUid, "SeriesInstanceUID",
                    s.seriesInstanceUid(), "SOPInstanceUID", "", "SOPClassUID", ""))) {
                InstanceDescriptor i = Descriptors.instance(studyInstanceUid, ds, StudyDescriptor.UNKNOWN);
                if (i != null && i.seriesInstanceUid().equals(s.seriesInstanceUid())) {
                    instances.putIfAbsent(i.sopInstanceUid(), i);
                }
            }
        }
        Set<String> modalities = new TreeSet<>(study.modalities());
        series.forEach(s -> {
            if (!s.modality().isEmpty()) {
                modalities.add(s.modality());
            }
        });
        study = Descriptors.withModalities(study, modalities).withCounts(series.size(), instances.size(),
                StudyDescriptor.UNKNOWN);
        return Optional.of(new StudyManifest(study, series, List.copyOf(instances.values())));
    }

    /** The modalities of a study's series, for an archive that does not return Modalities in Study. */
    Set<String> seriesModalities(String studyInstanceUid) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Dataset ds : findAll(keys("SERIES", "StudyInstanceUID", studyInstanceUid, "SeriesInstanceUID", "",
                "Modality", ""))) {
            String m = Descriptors.text(ds, dev.ferry.api.Tag.Modality);
            if (!m.isEmpty()) {
                out.add(m);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------- retrieve

    /**
     * Retrieves a study or some of its instances; see {@link dev.ferry.spi.Archive#retrieve}. The
     * study is described first (what it holds is what is expected); when what arrived differs from
     * that, it is described again, to tell a study that changed during the retrieval from instances
     * the peer failed to send.
     */
    RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        String study = request.studyInstanceUid();
        Optional<StudyManifest> before = recent == null ? null : recent.take(study, System.nanoTime());
        if (before == null) {
            before = describe(study);
        }
        if (before.isEmpty()) {
            List<Finding> missing = new ArrayList<>();
            for (String sop : request.sopInstanceUids()) {
                missing.add(new Finding(new ItemRef(study, null, sop), ReasonCode.MISSING_INSTANCE,
                        "the source holds no such study"));
            }
            return new RetrieveResult(0, missing.size(), missing);
        }
        StudyManifest manifest = before.get();
        Map<String, InstanceDescriptor> held = new LinkedHashMap<>();
        manifest.instances().forEach(i -> held.put(i.sopInstanceUid(), i));
        Set<String> wanted = request.wholeStudy() ? null : new LinkedHashSet<>(request.sopInstanceUids());
        Retrieval r = new Retrieval(study, wanted, consumer);
        if (wanted != null) {
            for (String sop : wanted) {
                if (!held.containsKey(sop)) {
                    r.addFinding(sop, new Finding(new ItemRef(study, null, sop), ReasonCode.MISSING_INSTANCE,
                            "the study does not hold this instance"));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (method == Method.C_MOVE) {
            receiver.run(r, () -> moveAll(r, manifest, held, wanted, notes));
        } else {
            getAll(r, manifest, held, wanted, notes);
        }
        r.rethrowConsumerFailure();
        return result(r, manifest, held, wanted, String.join("; ", notes));
    }

    /** The C-MOVEs of a retrieval: one of the study, or image-level ones of the instances wanted. */
    private void moveAll(Retrieval r, StudyManifest manifest, Map<String, InstanceDescriptor> held,
                         Set<String> wanted, List<String> notes) throws IOException {
        for (Dataset keys : retrieveKeys(r.studyInstanceUid, held, wanted)) {
            if (r.consumerFailed()) {
                return;
            }
            QueryRetrieveScu.RetrieveResult res;
            try (Slot slot = slot(); AssociationPool.Lease lease = borrow()) {
                try {
                    res = QueryRetrieveScu.move(lease.association(), model.move(), receiver.aeTitle(), keys,
                            priority, p -> { }, r::consumerFailed);
                } catch (IOException | RuntimeException e) {
                    lease.invalidate();
                    throw e;
                }
            }
            account(r, "C-MOVE", res, notes);
        }
    }

    /** The C-GETs of a retrieval, on an association proposing the storage classes the study holds. */
    private void getAll(Retrieval r, StudyManifest manifest, Map<String, InstanceDescriptor> held,
                        Set<String> wanted, List<String> notes) throws IOException {
        Set<String> classes = new LinkedHashSet<>();
        held.values().forEach(i -> classes.add(i.sopClassUid()));
        if (classes.remove("")) {
            // The archive did not say the class of some instances: offer the common ones.
            classes.addAll(COMMON_STORAGE_CLASSES);
        }
        AssociationRequest.Builder rq = AssociationRequest.builder(peer.aeTitle(), callingAeTitle);
        proposeGet(rq, classes);
        customizer.accept(rq);
        try (Slot slot = slot(); Association as = Association.connect(peer, rq.build(), options)) {
            for (Dataset keys : retrieveKeys(r.studyInstanceUid, held, wanted)) {
                if (r.consumerFailed()) {
                    break;
                }
                QueryRetrieveScu.RetrieveResult res = QueryRetrieveScu.get(as, model.get(), keys, priority,
                        (ri, data) -> {
                            DicomObject obj = r.parse(ri, data);
                            return obj == null ? Retrieval.NOT_TAKEN.withErrorComment("cannot be parsed")
                                    : r.deliver(ri, obj);
                        }, p -> { }, r::consumerFailed);
                account(r, "C-GET", res, notes);
            }
            as.release();
        }
    }

    /**
     * The C-GET context, and per storage class one context of the uncompressed syntaxes (with the
     * SCP role) and one per other syntax while room is left: every class gets its uncompressed
     * context first, then the others in turn.
     */
    private void proposeGet(AssociationRequest.Builder rq, Set<String> classes) {
        List<String> plain = getTransferSyntaxes.stream()
                .filter(ts -> !dev.ferry.dicom.TransferSyntax.of(ts).isEncapsulated()
                        && !dev.ferry.dicom.TransferSyntax.of(ts).isDeflated()
                        && !ts.equals(UID.ExplicitVRBigEndian))
                .toList();
        QueryRetrieveScu.proposeGet(rq, model.get(), classes, plain.isEmpty() ? getTransferSyntaxes : plain);
        for (String ts : getTransferSyntaxes) {
            if (plain.contains(ts)) {
                continue;
            }
            for (String cls : classes) {
                if (rq.contextCount() >= AssociationRequest.MAX_PRESENTATION_CONTEXTS) {
                    return;
                }
                rq.addContext(cls, ts);
            }
        }
    }

    /** Keys of the retrieves a request needs: the whole study, or instances by series in chunks. */
    private static List<Dataset> retrieveKeys(String study, Map<String, InstanceDescriptor> held, Set<String> wanted) {
        if (wanted == null) {
            return List.of(keys("STUDY", "StudyInstanceUID", study));
        }
        Map<String, List<String>> bySeries = new LinkedHashMap<>();
        for (String sop : wanted) {
            InstanceDescriptor i = held.get(sop);
            if (i != null) {
                bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(sop);
            }
        }
        List<Dataset> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : bySeries.entrySet()) {
            List<String> sops = e.getValue();
            for (int from = 0; from < sops.size(); from += UIDS_PER_RETRIEVE) {
                out.add(keys("IMAGE", "StudyInstanceUID", study, "SeriesInstanceUID", e.getKey(), "SOPInstanceUID",
                        String.join("\\", sops.subList(from, Math.min(sops.size(), from + UIDS_PER_RETRIEVE)))));
            }
        }
        return out;
    }

    /** What one C-MOVE or C-GET said: failed UIDs, and a final status that fails the whole retrieval. */
    private void account(Retrieval r, String op, QueryRetrieveScu.RetrieveResult res, List<String> notes) {
        SubOperations s = res.last();
        String counts = op + " ended " + String.format("%04X", res.status().code()) + " ("
                + res.status().describe() + "), completed " + n(s.completed()) + ", failed " + n(s.failed())
                + ", warning " + n(s.warning());
        for (String sop : res.failedSopInstanceUids()) {
            r.peerFailed(sop, "the peer reported this instance's sub-operation as failed: " + counts);
        }
        if (r.consumerFailed()) {
            return;
        }
        Status st = res.status();
        boolean nothingDone = s.completed() == null || (s.completed() == 0 && (s.warning() == null
                || s.warning() == 0));
        if (st.isFailure() && nothingDone && res.failedSopInstanceUids().isEmpty()) {
            if (st.code() == 0xA801) {
                throw new ConfigurationException(peer + " does not know the move destination " + receiver.aeTitle()
                        + " (A801H): add it, with Ferry's host and port, to the archive's AE configuration");
            }
            throw failure(op, st, ItemRef.study(r.studyInstanceUid));
        }
        notes.add(counts);
    }

    private static String n(Integer i) {
        return i == null ? "?" : i.toString();
    }

    /**
     * Compares what arrived with what the study held: instances neither delivered nor reported
     * become MISSING_INSTANCE findings, unless the study changed meanwhile (a second description
     * differs from the first), which is a STUDY_CHANGED finding for the study.
     */
    private RetrieveResult result(Retrieval r, StudyManifest manifest, Map<String, InstanceDescriptor> held,
                                  Set<String> wanted, String notes) throws IOException {
        Set<String> expected = new LinkedHashSet<>(wanted == null ? held.keySet() : wanted);
        Set<String> delivered = r.deliveredUids();
        Set<String> missing = new LinkedHashSet<>();
        for (String sop : expected) {
            if (!delivered.contains(sop) && !r.hasFailure(sop)) {
                missing.add(sop);
            }
        }
        Set<String> extra = new LinkedHashSet<>(delivered);
        extra.removeAll(held.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            Optional<StudyManifest> after = describe(r.studyInstanceUid);
            Set<String> now = new HashSet<>();
            after.ifPresent(m -> m.instances().forEach(i -> now.add(i.sopInstanceUid())));
            if (!now.equals(held.keySet())) {
                Set<String> added = new LinkedHashSet<>(now);
                added.removeAll(held.keySet());
                Set<String> removed = new LinkedHashSet<>(held.keySet());
                removed.removeAll(now);
                r.addFinding("", new Finding(ItemRef.study(r.studyInstanceUid), ReasonCode.STUDY_CHANGED,
                        added.size() + " instances added and " + removed.size() + " removed while it was retrieved;"
                                + " retrieve it again once it is stable"));
                missing.removeAll(removed);
            }
        }
        for (String sop : missing) {
            InstanceDescriptor i = held.get(sop);
            ItemRef ref = i != null ? i.ref() : new ItemRef(r.studyInstanceUid, null, sop);
            r.addFinding(sop, new Finding(ref, ReasonCode.MISSING_INSTANCE, "listed by C-FIND but not received"
                    + (notes.isEmpty() ? "" : "; " + notes)));
        }
        List<Finding> failures = r.failures();
        if (!failures.isEmpty()) {
            LOG.warn("retrieval of study {} from {}: {} delivered, {} findings", r.studyInstanceUid, peer,
                    r.delivered(), failures.size());
        }
        return new RetrieveResult(r.delivered(), Math.max(expected.size(), r.delivered()), failures);
    }

    /** A failure status of a whole operation as the SPI's exception. */
    RuntimeException failure(String op, Status st, ItemRef item) {
        String what = op + " to " + peer + " failed: " + st + " " + st.describe();
        if (st.isRetryable()) {
            return new TransientMigrationException(ReasonCode.PEER_BUSY, item, what, null);
        }
        return new PermanentMigrationException(ReasonCode.REFUSED, item, what);
    }

    // ------------------------------------------------------------------------------------- slots

    /** A permit for one open association, released on close. */
    final class Slot implements AutoCloseable {
        private boolean released;

        @Override
        public void close() {
            if (!released) {
                released = true;
                slots.release();
            }
        }
    }

    Slot slot() throws IOException {
        try {
            if (!slots.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransientMigrationException(ReasonCode.PEER_BUSY, ItemRef.NONE, "every association to "
                        + peer + " stayed busy for " + borrowTimeout.toMillis() + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an association to " + peer);
        }
        return new Slot();
    }

    private AssociationPool.Lease borrow() throws IOException {
        try {
            return queries.borrow(borrowTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an association to " + peer);
        }
    }

    @Override
    public void close() {
        queries.close();
    }

    /** The last descriptions, by study, each taken at most once and only while young; bounded. */
    private static final class RecentDescriptions {
        private static final int MAX = 256;
        private final long maxAgeNanos;
        private final java.util.LinkedHashMap<String, Entry> byStudy = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > MAX;
            }
        };

        private record Entry(Optional<StudyManifest> described, long at) { }

        RecentDescriptions(Duration maxAge) {
            this.maxAgeNanos = maxAge.toNanos();
        }

        synchronized void put(String study, Optional<StudyManifest> described, long now) {
            byStudy.put(study, new Entry(described, now));
        }

        /** The description if taken less than the maximum age ago, removed; otherwise {@code null}. */
        synchronized Optional<StudyManifest> take(String study, long now) {
            Entry e = byStudy.remove(study);
            return e == null || now - e.at() > maxAgeNanos ? null : e.described();
        }
    }
}
