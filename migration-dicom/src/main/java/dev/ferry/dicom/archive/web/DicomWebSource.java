package dev.ferry.dicom.archive.web;

import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.dicom.web.AbstractDicomWebBuilder;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.dicom.web.QidoQuery;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
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
 * <p>Query: one QIDO-RS study search per slice, each paged to its end (see {@link DicomWebClient}).
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

    private DicomWebSource(DicomWebClient client, boolean modalitiesOnServer) {
        this.client = client;
        this.name = "dicomweb:" + client.baseUri();
        this.modalitiesOnServer = modalitiesOnServer;
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

        public DicomWebSource build() {
            return new DicomWebSource(buildClient(), modalitiesOnServer);
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
        for (QidoQuery slice : slices(query)) {
            try {
                client.searchForStudies(slice, ds -> {
                    StudyDescriptor d = Descriptors.study(ds);
                    if (!seen.add(d.studyInstanceUid())) {
                        return;
                    }
                    if (!query.modalities().isEmpty() && d.modalities().isEmpty()) {
                        d = withModalitiesOfItsSeries(d);
                    }
                    if (query.matches(d)) {
                        sink.accept(d);
                    }
                });
            } catch (SeriesSearchFailed e) {
                throw e.getCause();
            }
        }
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

    /** The searches the query needs: one per study UID, and per modality if the server matches them. */
    private List<QidoQuery> slices(StudyQuery q) {
        List<String> modalities = q.modalities().isEmpty() || !modalitiesOnServer ? List.of("")
                : List.copyOf(new TreeSet<>(q.modalities()));
        List<String> studies = q.studyInstanceUids().isEmpty() ? List.of("")
                : List.copyOf(new TreeSet<>(q.studyInstanceUids()));
        List<QidoQuery> out = new ArrayList<>();
        for (String study : studies) {
            for (String modality : modalities) {
                QidoQuery.Builder b = QidoQuery.builder().includeField(Descriptors.STUDY_FIELDS);
                b.match(Tag.StudyDate, q.dates().toDicom());
                if (q.patient() != null) {
                    b.match(Tag.PatientID, q.patient().id());
                    if (q.patient().hasIssuer()) {
                        b.match(Tag.IssuerOfPatientID, q.patient().issuer());
                    }
                }
                b.match(Tag.ModalitiesInStudy, modality);
                b.match(Tag.StudyInstanceUID, study.strip());
                out.add(b.build());
            }
        }
        return out;
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
