package dev.ferry.core;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
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
import dev.ferry.api.TransientMigrationException;
import dev.ferry.api.VR;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An archive in memory for the engine's tests, source and destination at once, with faults to
 * inject: transient retrieval failures, refused instances, instances listed but never delivered, a
 * destination that is down, and a gate a test can hold a retrieval at. Thread-safe.
 */
final class FakeArchive implements SourceArchive, DestinationArchive {
    record Study(StudyDescriptor descriptor, List<InstanceDescriptor> instances) {}

    record Stored(Dataset header, byte[] remainder) {}

    private final String name;
    final Map<String, Study> studies = new ConcurrentHashMap<>();
    final Map<String, Stored> stored = new ConcurrentHashMap<>();
    /** Stores per SOP Instance UID, counting repeats: nothing may be stored twice. */
    final Map<String, AtomicInteger> storeCount = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> transientRetrieveFailures = new ConcurrentHashMap<>();
    final Set<String> refusedSops = ConcurrentHashMap.newKeySet();
    final Set<String> undelivered = ConcurrentHashMap.newKeySet();
    volatile boolean down;
    volatile Predicate<String> beforeEachDelivery = sop -> true;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();

    FakeArchive(String name) {
        this.name = name;
    }

    /** Adds a study of {@code n} instances, each with a remainder of a few bytes. */
    FakeArchive study(String uid, String patientId, LocalDate date, String modality, int n) {
        StudyDescriptor d = new StudyDescriptor(uid, patientId == null ? null : PatientIdentity.of(patientId, "HOSP"), null, null, date, null,
                Set.of(modality), 1, n, n * 16L);
        List<InstanceDescriptor> instances = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            instances.add(new InstanceDescriptor(uid, uid + ".1", uid + ".1." + i, "1.2.840.10008.5.1.4.1.1.2", 16));
        }
        studies.put(uid, new Study(d, instances));
        return this;
    }

    static byte[] remainderOf(String sop) {
        return ("pixels of " + sop).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void query(StudyQuery query, java.util.function.Consumer<? super StudyDescriptor> sink) {
        studies.values().stream().map(Study::descriptor).filter(query::matches)
                .sorted(java.util.Comparator.comparing(StudyDescriptor::studyInstanceUid)).forEach(sink);
    }

    @Override
    public Optional<StudyManifest> describe(String uid) throws IOException {
        if (down) {
            throw new java.net.ConnectException("destination " + name + " is down");
        }
        Study s = studies.get(uid);
        if (s != null) {
            return Optional.of(new StudyManifest(s.descriptor(), List.of(new SeriesDescriptor(uid, uid + ".1",
                    s.descriptor().modalities().iterator().next(), 1, s.instances().size())), s.instances()));
        }
        List<InstanceDescriptor> held = new ArrayList<>();
        stored.forEach((sop, st) -> {
            if (uid.equals(st.header().getString(Tag.StudyInstanceUID, ""))) {
                held.add(new InstanceDescriptor(uid, uid + ".1", sop, "1.2.840.10008.5.1.4.1.1.2", 16));
            }
        });
        return held.isEmpty() ? Optional.empty()
                : Optional.of(new StudyManifest(StudyDescriptor.ofUid(uid), List.of(), held));
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        String uid = request.studyInstanceUid();
        AtomicInteger failures = transientRetrieveFailures.get(uid);
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new TransientMigrationException(ReasonCode.PEER_BUSY, ItemRef.study(uid), "busy (injected)");
        }
        Study s = studies.get(uid);
        if (s == null) {
            return new RetrieveResult(0, 0, List.of());
        }
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
            int delivered = 0;
            int expected = 0;
            for (InstanceDescriptor i : s.instances()) {
                if (!request.wants(i.sopInstanceUid())) {
                    continue;
                }
                expected++;
                if (undelivered.contains(i.sopInstanceUid()) || !beforeEachDelivery.test(i.sopInstanceUid())) {
                    continue;
                }
                Dataset header = new Dataset();
                header.setString(Tag.StudyInstanceUID, VR.UI, uid);
                header.setString(Tag.SeriesInstanceUID, VR.UI, i.seriesInstanceUid());
                header.setString(Tag.SOPInstanceUID, VR.UI, i.sopInstanceUid());
                header.setString(Tag.SOPClassUID, VR.UI, i.sopClassUid());
                if (s.descriptor().patient() != null) {
                    header.setString(Tag.PatientID, VR.LO, s.descriptor().patient().id());
                }
                byte[] r = remainderOf(i.sopInstanceUid());
                try (DicomInstance inst = new DicomInstance(i, header, "1.2.840.10008.1.2.1",
                        new ByteArrayInputStream(r), r.length)) {
                    consumer.accept(inst);
                }
                delivered++;
            }
            return new RetrieveResult(delivered, expected, List.<Finding>of());
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        if (down) {
            throw new java.net.ConnectException("destination " + name + " is down");
        }
        String sop = instance.descriptor().sopInstanceUid();
        if (refusedSops.contains(sop)) {
            throw new PermanentMigrationException(ReasonCode.REFUSED, instance.descriptor().ref(), "refused (injected)");
        }
        byte[] remainder = instance.remainder().readAllBytes();
        storeCount.computeIfAbsent(sop, k -> new AtomicInteger()).incrementAndGet();
        stored.put(sop, new Stored(instance.header().copy(), remainder));
        return StoreResult.stored(sop);
    }

    @Override
    public void close() {}
}
