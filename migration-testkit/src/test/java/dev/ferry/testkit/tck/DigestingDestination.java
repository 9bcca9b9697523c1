package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.InstanceConsumer;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.testkit.PixelDataDigests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A destination that keeps only each instance's header and the SHA-256 and length of its remainder,
 * which it streams through a fixed buffer: like a write-only endpoint (STOW-RS), it cannot read back.
 * Exists to run the destination kit's streaming tests, the one above 2 GiB included. Thread-safe.
 */
final class DigestingDestination implements DestinationArchive {
    private record Kept(InstanceDescriptor descriptor, Dataset header, Digest remainder) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Kept> bySop = new LinkedHashMap<>();

    @Override
    public String name() {
        return "digesting";
    }

    @Override
    public StoreResult store(DicomInstance instance) throws IOException {
        Dataset header = instance.header().copy();
        CountingStream counted = new CountingStream(instance.remainder());
        Digest digest = PixelDataDigests.sha256(counted);
        InstanceDescriptor d = InstanceDescriptor.of(header, counted.count);
        lock.lock();
        try {
            Kept old = bySop.put(d.sopInstanceUid(), new Kept(d, header, digest));
            boolean same = old != null && old.remainder().equals(digest) && old.header().equals(header);
            return new StoreResult(d.sopInstanceUid(), same ? StoreResult.Status.ALREADY_PRESENT
                    : StoreResult.Status.STORED, "");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<StudyManifest> describe(String studyInstanceUid) {
        List<InstanceDescriptor> instances = new ArrayList<>();
        Map<String, SeriesDescriptor> series = new LinkedHashMap<>();
        lock.lock();
        try {
            for (Kept k : bySop.values()) {
                if (k.descriptor().studyInstanceUid().equals(studyInstanceUid)) {
                    instances.add(k.descriptor());
                    String uid = k.descriptor().seriesInstanceUid();
                    series.merge(uid, new SeriesDescriptor(studyInstanceUid, uid,
                            k.header().getString(Tag.Modality), null, 1),
                            (a, b) -> new SeriesDescriptor(studyInstanceUid, uid, a.modality(), null,
                                    a.instanceCount() + 1));
                }
            }
        } finally {
            lock.unlock();
        }
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        StudyDescriptor study = StudyDescriptor.ofUid(studyInstanceUid);
        return Optional.of(new StudyManifest(study, List.copyOf(series.values()), instances));
    }

    @Override
    public boolean supportsReadBack() {
        return false;
    }

    @Override
    public RetrieveResult retrieve(RetrieveRequest request, InstanceConsumer consumer) {
        throw new UnsupportedOperationException("a digesting destination cannot read back");
    }

    @Override
    public void close() {
        // holds no resources
    }

    /** Counts what passes through, so the stored size is known without buffering. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }
    }
}
