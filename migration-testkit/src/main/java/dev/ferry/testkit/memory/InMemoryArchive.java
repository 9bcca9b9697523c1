package dev.ferry.testkit.memory;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An archive held in memory, usable as a source, a destination or both: the reference
 * implementation the conformance kit runs against, and a stand-in for real archives in tests.
 *
 * <p>It holds each instance as a copy of its header, its remainder as bytes and its transfer
 * syntax, keyed by SOP Instance UID. {@link #store} is idempotent: storing identical content again
 * returns {@link StoreResult.Status#ALREADY_PRESENT}; storing different content under the same SOP
 * Instance UID replaces it and returns {@link StoreResult.Status#STORED}. Study-level answers
 * ({@link #query}, {@link #describe}) are derived from the stored headers as a PACS would: patient,
 * demographics and accession from the first instance stored, Study Date and Time parsed leniently
 * ({@code null} when unparseable), the modality of every series, counts, and sizes (the header's
 * Explicit VR Little Endian length plus the remainder). Studies, series and instances are listed in
 * the order they were first stored.
 *
 * <p>{@link #retrieve} hands each consumer a new copy of the header (changing it does not change the
 * archive) and a new stream over the remainder, and closes the instance when the consumer returns;
 * a remainder left partly unread is simply dropped. One instance can hold at most 2 GiB; larger
 * ones are refused.
 *
 * <p>Thread-safe: one {@link ReentrantLock} guards the index and is never held while a remainder
 * is read or a consumer or sink runs. {@link #close()} releases nothing and may be called any number
 * of times; the content stays readable.
 */
public final class InMemoryArchive implements SourceArchive, DestinationArchive {
    private static final int MAX_REMAINDER = Integer.MAX_VALUE - 8;

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    /** Study UID → (SOP UID → instance), both in first-stored order. Guarded by {@link #lock}. */
    private final Map<String, LinkedHashMap<String, StoredInstance>> studies = new LinkedHashMap<>();
    /** SOP UID → study UID. Guarded by {@link #lock}. */
    private final Map<String, String> studyOfInstance = new HashMap<>();

    /** An archive named {@code memory}. */
    public InMemoryArchive() {
        this("memory");
    }

    /** @param name what {@link #name()} returns, for reports and the custody log */
    public InMemoryArchive(String name) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is empty");
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Seeds the archive: the same as {@link #store}, named for test set-up. */
    public StoreResult put(DicomInstance instance) throws IOException {
        return store(instance);
    }

    /**
     * Stores a copy of the header as it is now and the whole remainder, read on the calling thread
     * before the index is locked. The caller keeps and closes {@code instance}.
     *
     * @throws dev.ferry.api.InvalidValueException if the header lacks a required UID
     * @throws PermanentMigrationException with {@link ReasonCode#REFUSED} for a remainder over 2 GiB
     */
    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        Dataset header = instance.header().copy();
        InstanceDescriptor probe = InstanceDescriptor.of(header, StudyDescriptor.UNKNOWN);
        if (instance.remainderLength() > MAX_REMAINDER) {
            throw tooLarge(probe);
        }
        byte[] remainder = readAll(instance.remainder(), probe);
        InstanceDescriptor descriptor = InstanceDescriptor.of(header, EncodedSize.of(header) + remainder.length);
        StoredInstance incoming = new StoredInstance(descriptor, header, instance.transferSyntaxUid(), remainder);
        String sop = descriptor.sopInstanceUid();
        lock.lock();
        try {
            StoredInstance existing = find(sop);
            if (existing != null && existing.sameContentAs(incoming)) {
                return new StoreResult(sop, StoreResult.Status.ALREADY_PRESENT, "");
            }
            removeLocked(sop);
            studies.computeIfAbsent(descriptor.studyInstanceUid(), k -> new LinkedHashMap<>()).put(sop, incoming);
            studyOfInstance.put(sop, descriptor.studyInstanceUid());
            return StoreResult.stored(sop);
        } finally {
            lock.unlock();
        }
    }

    private static byte[] readAll(InputStream in, InstanceDescriptor d) throws IOException {
        byte[] buf = new byte[8192];
        int n = 0;
        for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
            n += r;
            if (n == buf.length) {
                if (buf.length == MAX_REMAINDER) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw tooLarge(d);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_REMAINDER, buf.length * 2L));
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static PermanentMigrationException tooLarge(InstanceDescriptor d) {
        return new PermanentMigrationException(ReasonCode.REFUSED, d.ref(),
                "an in-memory archive holds at most " + MAX_REMAINDER + " bytes of remainder per instance");
    }

    /** Removes an instance (to simulate loss in tests); true if it was there. */
    public boolean remove(String sopInstanceUid) {
        lock.lock();
        try {
            return removeLocked(sopInstanceUid);
        } finally {
            lock.unlock();
        }
    }

    private boolean removeLocked(String sop) {
        String study = studyOfInstance.remove(sop);
        if (study == null) {
            return false;
        }
        Map<String, StoredInstance> instances = studies.get(study);
        instances.remove(sop);
        if (instances.isEmpty()) {
            studies.remove(study);
        }
        return true;
    }

    private StoredInstance find(String sop) {
        String study = studyOfInstance.get(sop);
        return study == null ? null : studies.get(study).get(sop);
    }

    /** The number of instances held. */
    public int size() {
        lock.lock();
        try {
            return studyOfInstance.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an instance with this SOP Instance UID is held. */
    public boolean contains(String sopInstanceUid) {
        lock.lock();
        try {
            return studyOfInstance.containsKey(sopInstanceUid);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void query(StudyQuery query, Consumer<? super StudyDescriptor> sink) {
        Map<String, List<StoredInstance>> snapshot = new LinkedHashMap<>();
        lock.lock();
        try {
            studies.forEach((study, instances) -> snapshot.put(study, List.copyOf(instances.values())));
        } finally {
            lock.unlock();
        }
        for (Map.Entry<String, List<StoredInstance>> e : snapshot.entrySet()) {
            StudyDescriptor d = StudyFacts.manifest(e.getKey(), e.getValue()).study();
            if (query.matches(d)) {
                sink.accept(d);
            }
        }
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) {
        List<StoredInstance> instances = snapshot(studyInstanceUid);
        return instances.isEmpty() ? Optional.empty() : Optional.of(StudyFacts.manifest(studyInstanceUid, instances));
    }

    private List<StoredInstance> snapshot(String studyInstanceUid) {
        lock.lock();
        try {
            Map<String, StoredInstance> instances = studies.get(studyInstanceUid);
            return instances == null ? List.of() : List.copyOf(instances.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers the held instances the request wants, in storage order, on the calling thread.
     * Instances named in the request but not held are reported as {@link ReasonCode#MISSING_INSTANCE}
     * failures; a study not held at all gives an empty, complete result.
     */
    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) throws IOException {
        List<StoredInstance> instances = snapshot(request.studyInstanceUid());
        List<StoredInstance> wanted = new ArrayList<>();
        Set<String> held = new HashSet<>();
        for (StoredInstance i : instances) {
            held.add(i.descriptor().sopInstanceUid());
            if (request.wants(i.descriptor().sopInstanceUid())) {
                wanted.add(i);
            }
        }
        List<Finding> failures = new ArrayList<>();
        if (!instances.isEmpty()) {
            for (String sop : request.sopInstanceUids()) {
                if (!held.contains(sop)) {
                    failures.add(new Finding(ItemRef.instance(request.studyInstanceUid(), null, sop),
                            ReasonCode.MISSING_INSTANCE, "not held by " + name));
                }
            }
        }
        int delivered = 0;
        for (StoredInstance i : wanted) {
            try (DicomInstance instance = i.toInstance()) {
                consumer.accept(instance);
            }
            delivered++;
        }
        return new RetrieveResult(delivered, wanted.size() + failures.size(), failures);
    }

    /** Nothing to release; the content stays readable. */
    @Override
    public void close() {
        // An in-memory archive holds no connections or files.
    }

    @Override
    public String toString() {
        return "InMemoryArchive[" + name + ", " + size() + " instances]";
    }
}
