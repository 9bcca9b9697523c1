package dev.ferry.core.report;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A small archive in memory, source and destination at once, for the proof package's tests (the
 * engine's own {@code FakeArchive} is private to its package): a destination may refuse chosen
 * instances with a message of the test's choosing. Thread-safe.
 */
final class MemoryArchive implements SourceArchive, DestinationArchive {
    private record Study(StudyDescriptor descriptor, List<InstanceDescriptor> instances) {}

    private final String name;
    private final Map<String, Study> studies = new ConcurrentHashMap<>();
    /** SOP Instance UID to the study that holds it, for what was stored here. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    /** SOP Instance UID to the message the refusal gives. */
    final Map<String, String> refusals = new ConcurrentHashMap<>();

    MemoryArchive(String name) {
        this.name = name;
    }

    MemoryArchive study(String uid, String patientId, LocalDate date, int n) {
        StudyDescriptor d = new StudyDescriptor(uid, PatientIdentity.of(patientId, "HOSP"), null, null, date, null,
                java.util.Set.of("CT"), 1, n, n * 16L);
        List<InstanceDescriptor> instances = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            instances.add(new InstanceDescriptor(uid, uid + ".1", uid + ".1." + i, "1.2.840.10008.5.1.4.1.1.2", 16));
        }
        studies.put(uid, new Study(d, instances));
        return this;
    }

    static byte[] remainderOf(String sop) {
        return ("pixels of " + sop).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) {
        studies.values().stream().map(Study::descriptor).filter(query::matches)
                .sorted(Comparator.comparing(StudyDescriptor::studyInstanceUid)).forEach(sink);
    }

    @Override
    public Optional<StudyManifest> describe(String uid) {
        Study s = studies.get(uid);
        if (s != null) {
            return Optional.of(new StudyManifest(s.descriptor(), List.of(new SeriesDescriptor(uid, uid + ".1", "CT", 1,
                    s.instances().size())), s.instances()));
        }
        List<InstanceDescriptor> held = new ArrayList<>();
        stored.forEach((sop, study) -> {
            if (study.equals(uid)) {
                held.add(new InstanceDescriptor(uid, uid + ".1", sop, "1.2.840.10008.5.1.4.1.1.2", 16));
            }
        });
        held.sort(Comparator.comparing(InstanceDescriptor::sopInstanceUid));
        return held.isEmpty() ? Optional.empty() : Optional.of(new StudyManifest(StudyDescriptor.ofUid(uid), List.of(), held));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        Study s = studies.get(request.studyInstanceUid());
        if (s == null) {
            return new RetrieveResult(0, 0, List.of());
        }
        int delivered = 0;
        for (InstanceDescriptor i : s.instances()) {
            if (!request.wants(i.sopInstanceUid())) {
                continue;
            }
            Dataset header = new Dataset();
            header.setString(Tag.StudyInstanceUID, VR.UI, i.studyInstanceUid());
            header.setString(Tag.SeriesInstanceUID, VR.UI, i.seriesInstanceUid());
            header.setString(Tag.SOPInstanceUID, VR.UI, i.sopInstanceUid());
            header.setString(Tag.SOPClassUID, VR.UI, i.sopClassUid());
            header.setString(Tag.PatientID, VR.LO, s.descriptor().patient().id());
            byte[] r = remainderOf(i.sopInstanceUid());
            try (DicomInstance inst = new DicomInstance(i, header, "1.2.840.10008.1.2.1", new ByteArrayInputStream(r),
                    r.length)) {
                consumer.accept(inst);
            }
            delivered++;
        }
        return new RetrieveResult(delivered, delivered, List.<Finding>of());
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        String sop = instance.descriptor().sopInstanceUid();
        String refusal = refusals.get(sop);
        if (refusal != null) {
            throw new PermanentMigrationException(ReasonCode.REFUSED, instance.descriptor().ref(), refusal);
        }
        instance.remainder().transferTo(java.io.OutputStream.nullOutputStream());
        stored.put(sop, instance.descriptor().studyInstanceUid());
        return StoreResult.stored(sop);
    }

    @Override
    public void close() {}
}
