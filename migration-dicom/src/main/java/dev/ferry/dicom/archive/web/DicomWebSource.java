package dev.ferry.dicom.archive.web;

import dev.ferry.api.DateRange;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.dicom.archive.InventorySweep;
import dev.ferry.dicom.web.AbstractDicomWebBuilder;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.dicom.web.QidoQuery;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link dev.ferry.spi.SourceArchive} over DICOMweb: QIDO-RS to list and describe studies, WADO-RS
 * to retrieve them as stored ({@code transfer-syntax=*}).
 *
 * <p>Query: QIDO-RS study searches, each paged to its end (see {@link DicomWebClient}). A server
 * that caps its results ends the last page short, which paging alone would take for the end, so a
 * search that returns the cap ({@link Builder#resultCap}, or a round number) is split by date, hour
 * and modality until complete, as the DIMSE source splits a capped C-FIND ({@link InventorySweep}).
 * The server narrows by Study Date (a range, open ends as {@code -YYYYMMDD} and {@code YYYYMMDD-}),
 * Patient ID and Issuer of Patient ID; a query naming several studies is sent as one search per
 * Study Instance UID (the one-value form every QIDO-RS server matches), and the studies found are
 * deduplicated. Modalities are matched here, not by the server, unless
 * {@link Builder#matchModalitiesOnServer(boolean)} says otherwise: Orthanc 1.10 answers every page
 * after the first of a search on Modalities in Study (0008,0061) with nothing, which would lose
 * studies without a trace. Every result is checked against {@link StudyQuery#matches}, because
 * servers match more loosely than the contract: ranges compare text (a stored {@code 20241345}
 * falls in 2024), and a Patient ID with {@code *} is a wildcard. A study listed without Modalities in
 * Study, when the query names a modality, gets its modalities from a series search.
 *
 * <p>Retrieve: see {@code Retrieval}; one bad part never stops the others, and every instance
 * described but not delivered is reported.
 *
 * <p>Thread-safe: methods may be called from many threads; requests share at most
 * {@code maxConnections} connections, and callers wait for one.
 */
public final class DicomWebSource implements dev.ferry.spi.SourceArchive {
    private final DicomWebClient client;
    private final String name;

    private final boolean modalitiesOnServer;
    private final int resultCap;
    private final Clock clock;

    private DicomWebSource(DicomWebClient client, boolean modalitiesOnServer, int resultCap, Clock clock) {
        this.client = client;
        this.name = "dicomweb:" + client.baseUri();
        this.modalitiesOnServer = modalitiesOnServer;
        this.resultCap = resultCap;
        this.clock = clock;
    }

    /** A builder for a source at {@code baseUri}, the service root ({@code https://pacs/dicom-web}). */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Options of a {@link DicomWebSource}: the client's (see {@link AbstractDicomWebBuilder}). Not thread-safe. */
    public static final class Builder extends AbstractDicomWebBuilder<Builder> {
        private Builder(URI baseUri) {
            super(baseUri);
        }

        private boolean modalitiesOnServer;
        private int resultCap;
        private Clock clock = Clock.systemDefaultZone();

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Whether a query naming modalities sends them to the server, one search per modality
         * (ModalitiesInStudy=CT), rather than listing every study the other criteria match and
         * keeping those of the modalities. Default false: Orthanc 1.10's DICOMweb plugin (1.7) returns
         * empty pages after the first for such a search, so only a server known to page it completely
         * should be asked.
         */
        public Builder matchModalitiesOnServer(boolean onServer) {
            this.modalitiesOnServer = onServer;
            return this;
        }

        /**
         * The server's QIDO-RS result cap, if known: a search (all its pages) that returns this many
         * studies or more is split by date, hour and modality until complete (see
         * {@link InventorySweep}). Default 0: detected when the count is a round number archives cap
         * at (100, 500, 1,000 ...); a cap that is no round number must be given.
         */
        public Builder resultCap(int cap) {
            if (cap < 0) {
                throw new IllegalArgumentException("resultCap must be 0 (detect) or more: " + cap);
            }
            this.resultCap = cap;
            return this;
        }

        /** What "today" is for an open-ended date range being split; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DicomWebSource build() {
            return new DicomWebSource(buildClient(), modalitiesOnServer, resultCap, clock);
        }
    }

    /** {@code dicomweb:} and the base URI, without credentials. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) throws IOException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        Set<String> seen = new HashSet<>();
        Consumer<StudyDescriptor> filtered = found -> {
            if (!seen.add(found.studyInstanceUid())) {
                return;
            }
            StudyDescriptor d = found;
            if (!query.modalities().isEmpty() && d.modalities().isEmpty()) {
                d = withModalitiesOfItsSeries(d);
            }
            if (query.matches(d)) {
                sink.accept(d);
            }
        };
        List<String> modalities = query.modalities().isEmpty() || !modalitiesOnServer
                ? java.util.Collections.singletonList(null) : List.copyOf(new TreeSet<>(query.modalities()));
        try {
            if (!query.studyInstanceUids().isEmpty()) {
                // Bounded by the UIDs: one search each (and per modality), nothing to split.
                for (String uid : new TreeSet<>(query.studyInstanceUids())) {
                    for (String m : modalities) {
                        search(query, query.dates(), null, m, uid.strip(), filtered);
                    }
                }
                return;
            }
            // A capped search is split until complete, as a capped C-FIND is: a server that stops
            // at its cap answers the last page short, which paging alone takes for the end.
            InventorySweep sweep = new InventorySweep((slice, onMatch) -> search(query, slice.dates(), slice.hour(),
                    slice.modality(), null, onMatch), resultCap, LocalDate.now(clock));
            for (String m : modalities) {
                sweep.sweep(new InventorySweep.Slice(query.dates(), null, m), filtered);
            }
        } catch (SeriesSearchFailed e) {
            throw e.getCause();
        }
    }

    /** One study search, all its pages; returns how it ended for the sweep. */
    private InventorySweep.Outcome search(StudyQuery q, DateRange dates, Integer hour, String modality, String studyUid,
                                          Consumer<StudyDescriptor> onMatch) throws IOException {
        QidoQuery.Builder b = QidoQuery.builder().includeField(Descriptors.STUDY_FIELDS);
        b.match(Tag.StudyDate, dates.toDicom());
        if (hour != null) {
            b.match(Tag.StudyTime, String.format("%02d0000-%02d5959", hour, hour));
        }
        if (q.patient() != null) {
            b.match(Tag.PatientID, q.patient().id());
            if (q.patient().hasIssuer()) {
                b.match(Tag.IssuerOfPatientID, q.patient().issuer());
            }
        }
        b.match(Tag.ModalitiesInStudy, modality == null ? "" : modality);
        b.match(Tag.StudyInstanceUID, studyUid == null ? "" : studyUid);
        long matches = client.searchForStudies(b.build(), ds -> onMatch.accept(Descriptors.study(ds)));
        return new InventorySweep.Outcome((int) Math.min(matches, Integer.MAX_VALUE), false);
    }

    /** Carries a series search's transport failure out of a search callback, to be thrown as itself. */
    private static final class SeriesSearchFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeriesSearchFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** The study with the modalities of its series (PS3.18 10.6: Modality (0008,0060) of each). */
    private StudyDescriptor withModalitiesOfItsSeries(StudyDescriptor d) {
        Set<String> modalities = new TreeSet<>();
        try {
            client.searchForSeries(d.studyInstanceUid(), QidoQuery.builder().includeField(Tag.Modality).build(),
                    ds -> {
                        String m = ds.getString(Tag.Modality);
                        if (m != null && !m.isBlank()) {
                            modalities.add(m.strip());
                        }
                    });
        } catch (IOException e) {
            throw new SeriesSearchFailed(e);
        }
        return new StudyDescriptor(d.studyInstanceUid(), d.patient(), d.demographics(), d.accession(), d.studyDate(),
                d.studyTime(), modalities, d.seriesCount(), d.instanceCount(), d.sizeBytes());
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) throws IOException {
        return Manifests.describe(client, Objects.requireNonNull(studyInstanceUid, "studyInstanceUid"));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        return new Retrieval(client, Objects.requireNonNull(request, "request"),
                Objects.requireNonNull(consumer, "consumer")).run();
    }

    /** Releases the client's threads. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "DicomWebSource[" + name + "]";
    }
}
