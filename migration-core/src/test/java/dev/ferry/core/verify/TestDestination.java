package dev.ferry.core.verify;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.Accession;
import dev.ferry.spi.DestinationArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A destination in memory for the verifiers' tests: headers by SOP Instance UID, described as a
 * PACS would (identity from the first instance), with faults to set: no read-back, instances listed
 * but not delivered, a study-level descriptor rewritten, a dropped connection. Records what was retrieved. Thread-safe.
 */
final class TestDestination implements DestinationArchive {
    final Map<String, Dataset> headers = new ConcurrentHashMap<>();
    final Set<String> undeliverable = ConcurrentHashMap.newKeySet();
    final List<RetrieveRequest> retrieves = new CopyOnWriteArrayList<>();
    volatile boolean readBack = true;
    /** When set, describe and retrieve fail as a dropped connection would. */
    volatile boolean down;
    volatile UnaryOperator<StudyDescriptor> describedAs = UnaryOperator.identity();

    /** Stores a copy of {@code header}. */
    TestDestination put(Dataset header) {
        headers.put(header.getString(Tag.SOPInstanceUID), header.copy());
        return this;
    }

    @Override
    public String name() {
        return "test-destination";
    }

    private List<Dataset> study(String uid) {
        List<Dataset> out = new ArrayList<>();
        headers.values().stream().filter(h -> uid.equals(h.getString(Tag.StudyInstanceUID)))
                .sorted(java.util.Comparator.comparing(h -> h.getString(Tag.SOPInstanceUID))).forEach(out::add);
        return out;
    }

    @Override
    public Optional<StudyManifest> describe(String uid) throws IOException {
        if (down) {
            throw new IOException("connection reset");
        }
        List<Dataset> in = study(uid);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<InstanceDescriptor>> bySeries = new LinkedHashMap<>();
        List<InstanceDescriptor> instances = new ArrayList<>();
        for (Dataset h : in) {
            InstanceDescriptor d = InstanceDescriptor.of(h, StudyDescriptor.UNKNOWN);
            instances.add(d);
            bySeries.computeIfAbsent(d.seriesInstanceUid(), k -> new ArrayList<>()).add(d);
        }
        List<SeriesDescriptor> series = new ArrayList<>();
        bySeries.forEach((s, list) -> series.add(new SeriesDescriptor(uid, s, "", null, list.size())));
        Dataset first = in.get(0);
        String id = first.getString(Tag.PatientID, "");
        StudyDescriptor d = new StudyDescriptor(uid, id.isEmpty() ? null
                : PatientIdentity.of(id, first.getString(Tag.IssuerOfPatientID, "")), null,
                Accession.of(first.getString(Tag.AccessionNumber, "")), null, null, Set.of(), series.size(),
                instances.size(), StudyDescriptor.UNKNOWN);
        return Optional.of(new StudyManifest(describedAs.apply(d), series, instances));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        if (down) {
            throw new IOException("connection reset");
        }
        retrieves.add(request);
        int delivered = 0;
        List<Finding> failures = new ArrayList<>();
        for (Dataset h : study(request.studyInstanceUid())) {
            InstanceDescriptor d = InstanceDescriptor.of(h, StudyDescriptor.UNKNOWN);
            if (!request.wants(d.sopInstanceUid()) || undeliverable.contains(d.sopInstanceUid())) {
                continue;
            }
            try (DicomInstance i = new DicomInstance(d, h.copy(), "1.2.840.10008.1.2.1",
                    new ByteArrayInputStream(new byte[0]), 0)) {
                consumer.accept(i);
            }
            delivered++;
        }
        for (String sop : request.sopInstanceUids()) {
            if (!headers.containsKey(sop)) {
                failures.add(new Finding(new ItemRef(request.studyInstanceUid(), null, sop), ReasonCode.MISSING_INSTANCE,
                        "not held"));
            }
        }
        int expected = request.wholeStudy() ? study(request.studyInstanceUid()).size() : request.sopInstanceUids().size();
        return new RetrieveResult(delivered, expected, failures);
    }

    @Override
    public StoreResult store(DicomInstance instance) {
        throw new UnsupportedOperationException("the verifiers never store");
    }

    @Override
    public boolean supportsReadBack() {
        return readBack;
    }

    @Override
    public void close() {}
}
