package dev.ferry.dicom.archive.web;

import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.dicom.web.QidoQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study's manifest from QIDO-RS: the study itself, its series, and the instances of each series,
 * every level paged. Series and instances keep the server's order; one the server lists twice (its
 * pages shifted under a concurrent change) is listed once. Stateless; thread-safe as the client is.
 */
final class Manifests {
    private Manifests() {}

    /** The study's manifest; empty if the server does not know the study. */
    static Optional<StudyManifest> describe(DicomWebClient client, String studyUid) throws IOException {
        String uid = studyUid.strip();
        StudyDescriptor[] study = new StudyDescriptor[1];
        client.searchForStudies(QidoQuery.builder().match(Tag.StudyInstanceUID, uid)
                .includeField(Descriptors.STUDY_FIELDS).build(), ds -> {
                    if (study[0] == null && uid.equals(Descriptors.uid(ds, Tag.StudyInstanceUID))) {
                        study[0] = Descriptors.study(ds);
                    }
                });
        if (study[0] == null) {
            return Optional.empty();
        }
        Map<String, dev.ferry.api.Dataset> seriesResults = new LinkedHashMap<>();
        client.searchForSeries(uid, QidoQuery.builder().includeField(Descriptors.SERIES_FIELDS).build(), ds -> {
            String series = Descriptors.uid(ds, Tag.SeriesInstanceUID);
            if (series != null) {
                seriesResults.putIfAbsent(series, ds);
            }
        });
        List<SeriesDescriptor> series = new ArrayList<>();
        Map<String, InstanceDescriptor> instances = new LinkedHashMap<>();
        QidoQuery instanceQuery = QidoQuery.builder().includeField(Descriptors.INSTANCE_FIELDS).build();
        for (Map.Entry<String, dev.ferry.api.Dataset> s : seriesResults.entrySet()) {
            int before = instances.size();
            client.searchForInstances(uid, s.getKey(), instanceQuery, ds -> {
                InstanceDescriptor d = Descriptors.instance(uid, s.getKey(), ds);
                if (d != null) {
                    instances.putIfAbsent(d.sopInstanceUid(), d);
                }
            });
            // The count is what the instance search found, not what the series result claims.
            series.add(Descriptors.series(uid, s.getValue(), instances.size() - before));
        }
        StudyDescriptor d = study[0].withCounts(series.size(), instances.size(), StudyDescriptor.UNKNOWN);
        return Optional.of(new StudyManifest(d, series, List.copyOf(instances.values())));
    }
}
