package dev.ferry.dicom.archive.dimse;

import dev.ferry.dicom.archive.InventorySweep;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.dicom.archive.Descriptors;
import dev.ferry.dicom.net.QueryRetrieveScu;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A legacy PACS over DIMSE as a {@link SourceArchive}: study-level C-FIND for the inventory (split
 * by {@link InventorySweep} whenever the archive caps its results), series- and image-level C-FIND
 * to describe a study, and retrieval by C-MOVE into Ferry's own Storage SCP or by C-GET.
 *
 * <pre>{@code
 * try (DimseSource pacs = DimseSource.builder(RemoteAe.parse("LEGACY@10.0.0.5:104"))
 *         .callingAeTitle("FERRY")
 *         .moveTo(RemoteAe.parse("FERRY@0.0.0.0:11112"))   // C-MOVE; without it, C-GET
 *         .maxAssociations(4)
 *         .build()) {
 *     pacs.query(StudyQuery.builder().dates(from, to).build(), study -> ...);
 * }
 * }</pre>
 *
 * <p>By C-MOVE, the archive must know Ferry's AE title with the host and port given to
 * {@link Builder#moveTo}; each instance that arrives is tied to its study's retrieval by its Study
 * Instance UID. By C-GET, instances come back on the same association, so nothing needs configuring
 * in the archive, but not every archive offers C-GET.
 *
 * <p>Every query is checked against {@link StudyQuery#matches}: what the archive returns is
 * filtered again, so an archive's looser matching (a malformed date inside a range, a Patient ID
 * with wildcard characters, an issuer it ignores) never widens the inventory; a study without
 * Modalities in Study gets them from a series-level C-FIND when the query names a modality.
 *
 * <p>Thread-safe. At most {@link Builder#maxAssociations} associations to the archive are open at
 * once; callers beyond that wait.
 */
public final class DimseSource implements SourceArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DimseSource.class);

    private final String name;
    private final DimsePeer peer;
    private final MoveReceiver receiver;
    private final int resultCap;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DimseSource(Builder b, DimsePeer peer, MoveReceiver receiver) {
        this.name = b.nameOrDefault();
        this.peer = peer;
        this.receiver = receiver;
        this.resultCap = b.resultCap;
        this.clock = b.clock;
    }

    public static Builder builder(RemoteAe peer) {
        return new Builder(peer);
    }

    @Override
    public String name() {
        return name;
    }

    /** The port of Ferry's Storage SCP for C-MOVE (useful when it was given as 0), or -1 with C-GET. */
    public int moveDestinationPort() {
        return receiver == null ? -1 : receiver.port();
    }

    // ------------------------------------------------------------------------------------- query

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        List<StudyDescriptor> needModalities = new ArrayList<>();
        Consumer<StudyDescriptor> filtered = d -> {
            if (!query.modalities().isEmpty() && d.modalities().isEmpty()) {
                needModalities.add(d); // derived after the C-FIND, which holds an association meanwhile
            } else if (query.matches(d)) {
                sink.accept(d);
            }
        };
        if (!query.studyInstanceUids().isEmpty()) {
            Set<String> emitted = new HashSet<>();
            for (String uid : new TreeSet<>(query.studyInstanceUids())) {
                findStudies(query, null, null, null, uid, d -> {
                    if (emitted.add(d.studyInstanceUid())) {
                        filtered.accept(d);
                    }
                });
            }
        } else {
            InventorySweep sweep = new InventorySweep((slice, onMatch) -> findStudies(query, slice.dates(),
                    slice.hour(), slice.modality(), null, onMatch), resultCap, LocalDate.now(clock));
            List<String> modalities = query.modalities().isEmpty() ? java.util.Collections.singletonList(null)
                    : new ArrayList<>(new TreeSet<>(query.modalities()));
            for (String m : modalities) {
                sweep.sweep(new InventorySweep.Slice(query.dates(), null, m), filtered);
            }
            LOG.debug("{}: inventory of {} took {} C-FIND queries{}", name, query, sweep.queries(),
                    sweep.learnedCap() > 0 ? ", cap " + sweep.learnedCap() : "");
        }
        for (StudyDescriptor d : needModalities) {
            StudyDescriptor derived = Descriptors.withModalities(d, peer.seriesModalities(d.studyInstanceUid()));
            if (query.matches(derived)) {
                sink.accept(derived);
            }
        }
    }

    /** One study-level C-FIND; returns how it ended for the sweep. */
    private InventorySweep.Outcome findStudies(StudyQuery query, dev.ferry.api.DateRange dates, Integer hour,
                                               String modality, String studyUid, Consumer<StudyDescriptor> onMatch)
            throws IOException {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("StudyInstanceUID", studyUid == null ? "" : studyUid);
        k.put("StudyDate", dates == null ? "" : dates.toDicom());
        k.put("StudyTime", hour == null ? "" : String.format("%02d0000-%02d5959", hour, hour));
        k.put("PatientID", query.patient() == null ? "" : query.patient().id());
        k.put("IssuerOfPatientID", "");
        k.put("PatientName", "");
        k.put("PatientBirthDate", "");
        k.put("PatientSex", "");
        k.put("AccessionNumber", "");
        k.put("ModalitiesInStudy", modality == null ? "" : modality);
        k.put("NumberOfStudyRelatedSeries", "");
        k.put("NumberOfStudyRelatedInstances", "");
        Dataset keys = QueryRetrieveScu.keys("STUDY", k);
        int[] unusable = {0};
        QueryRetrieveScu.FindResult r = peer.find(keys, ds -> {
            StudyDescriptor d = Descriptors.study(ds);
            if (d == null) {
                unusable[0]++;
            } else {
                onMatch.accept(d);
            }
        });
        if (unusable[0] > 0) {
            LOG.warn("{}: {} C-FIND matches had no Study Instance UID and were left out", name, unusable[0]);
        }
        if (r.status().isFailure()) {
            if (!r.status().isRetryable()) {
                throw peer.failure("C-FIND", r.status(), ItemRef.NONE);
            }
            if (r.matches() == 0) {
                throw new TransientMigrationException(ReasonCode.PEER_BUSY, ItemRef.NONE, "C-FIND to " + peer.peer
                        + " refused: " + r.status() + " " + r.status().describe(), null);
            }
        }
        return new InventorySweep.Outcome(r.matches(), r.status().isFailure());
    }

    // ------------------------------------------------------------------------------------- describe, retrieve

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return peer.describe(Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        return peer.retrieve(Objects.requireNonNull(request, "request"), Objects.requireNonNull(consumer, "consumer"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            peer.close();
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Options of a {@link DimseSource} (the shared ones in {@link DimseArchiveBuilder}); at most 2
     * associations by default, queries and retrievals together. Not thread-safe.
     */
    public static final class Builder extends DimseArchiveBuilder<Builder> {
        private int resultCap;
        private Clock clock = Clock.systemDefaultZone();

        private Builder(RemoteAe peer) {
            super(peer, 2);
        }

        /**
         * The archive's C-FIND result cap, if known: a query returning this many matches or more is
         * split. Default 0: detected (see {@link InventorySweep}); configure a cap that is no round
         * number.
         */
        public Builder resultCap(int cap) {
            if (cap < 0) {
                throw new IllegalArgumentException("resultCap must be 0 (detect) or more: " + cap);
            }
            this.resultCap = cap;
            return this;
        }

        /** The clock that says what "today" is for open-ended date ranges; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the source; with {@link #moveTo}, starts Ferry's Storage SCP.
         *
         * @throws IOException if the Storage SCP cannot listen on its port
         */
        public DimseSource build() throws IOException {
            MoveReceiver receiver = startReceiver(Math.max(4, maxAssociations * 2));
            // The engine describes a study right before it retrieves it: one description serves both.
            return new DimseSource(this, peer(receiver).reuseRecentDescriptions(Duration.ofSeconds(15)), receiver);
        }
    }
}
