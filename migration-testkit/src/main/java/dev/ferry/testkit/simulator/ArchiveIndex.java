package dev.ferry.testkit.simulator;

import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances a simulator serves, by study, series and SOP Instance UID, read from Part 10 files
 * with Ferry's codec (headers only, up to Pixel Data). What is not served is counted and logged by
 * number, never by name or path (paths of exports hold patient names): files that are not DICOM or
 * whose header cannot be read, and files without the UIDs to serve them by. A file whose header reads
 * but whose pixel data is cut short is served as it is, as a real archive would, and counted.
 *
 * <p>Thread-safe: instances are added (the delta, a destination's stores) while queries read.
 */
final class ArchiveIndex {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveIndex.class);
    private static final DicomReader READER = DicomReader.standard();

    private final Counters counters;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, IndexedInstance> bySop = new LinkedHashMap<>();
    /** study → series → instances, in the order they were added. */
    private final Map<String, Map<String, List<IndexedInstance>>> byStudy = new LinkedHashMap<>();

    ArchiveIndex(Counters counters) {
        this.counters = counters;
    }

    /**
     * Indexes every regular file under {@code folder} in sorted path order (so of two files with one
     * SOP Instance UID the first is served), leaving out the files under {@code except}.
     *
     * @return the instances added
     */
    List<IndexedInstance> addFolder(Path folder, Path except) throws IOException {
        List<Path> files;
        Path skip = except == null ? null : except.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(folder.toAbsolutePath().normalize())) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> skip == null || !p.startsWith(skip))
                    .sorted()
                    .toList();
        }
        List<IndexedInstance> added = new ArrayList<>();
        for (Path f : files) {
            IndexedInstance i = read(f);
            if (i != null && add(i)) {
                added.add(i);
            }
        }
        LOG.info("indexed {} of {} files under a folder; {} not served so far, {} duplicates", added.size(),
                files.size(), counters.filesUnreadable.get(), counters.duplicates.get());
        return added;
    }

    /** The file as an instance to serve, or {@code null} (counted) if it cannot be served. */
    IndexedInstance read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 8192);
             DicomObject obj = READER.read(raw, "a file of the served archive")) {
            IndexedInstance i = new IndexedInstance(file, obj.header(), obj.transferSyntax().uid(), Files.size(file));
            if (i.sopUid().isEmpty() || i.studyUid().isEmpty() || i.seriesUid().isEmpty() || i.sopClassUid().isEmpty()) {
                counters.filesUnreadable.incrementAndGet();
                LOG.warn("a file of the served archive lacks a SOP Class, SOP Instance, Study or Series Instance UID:"
                        + " not served ({} not served so far)", counters.filesUnreadable.get());
                return null;
            }
            if (obj.stoppedAtBulk() && truncated(obj, i.size())) {
                counters.filesTruncated.incrementAndGet();
                LOG.info("instance {}: its pixel data is shorter than its header declares; served as it is",
                        i.sopUid());
            }
            return i;
        } catch (IOException | RuntimeException e) {
            counters.filesUnreadable.incrementAndGet();
            LOG.warn("a file of the served archive is not DICOM or its header cannot be read ({}): not served"
                    + " ({} not served so far)", e.getClass().getSimpleName(), counters.filesUnreadable.get());
            return null;
        }
    }

    private static boolean truncated(DicomObject obj, long fileSize) throws IOException {
        if (obj.remainderOffset() < 0) {
            return false; // deflated: the remainder's size says nothing about the file's
        }
        InputStream rest = new BufferedInputStream(obj.remainder(), 64);
        PixelDataHeader h = PixelDataHeader.peek(rest, obj.explicitVr(), obj.transferSyntax().isBigEndian());
        if (h == null) {
            return true;
        }
        return h.valueLength() >= 0 && obj.remainderOffset() + h.headerLength() + h.valueLength() > fileSize;
    }

    /** Adds an instance unless one with its SOP Instance UID is served already (counted as a duplicate). */
    boolean add(IndexedInstance i) {
        lock.writeLock().lock();
        try {
            if (bySop.containsKey(i.sopUid())) {
                counters.duplicates.incrementAndGet();
                LOG.info("instance {} is held by two files: the first in path order is served", i.sopUid());
                return false;
            }
            put(i);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Adds an instance, replacing one with its SOP Instance UID (a destination storing it again). */
    void replace(IndexedInstance i) {
        lock.writeLock().lock();
        try {
            IndexedInstance old = bySop.remove(i.sopUid());
            if (old != null) {
                Map<String, List<IndexedInstance>> series = byStudy.get(old.studyUid());
                List<IndexedInstance> list = series.get(old.seriesUid());
                list.remove(old);
                if (list.isEmpty()) {
                    series.remove(old.seriesUid());
                }
                if (series.isEmpty()) {
                    byStudy.remove(old.studyUid());
                }
                counters.filesServed.decrementAndGet();
            }
            put(i);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void put(IndexedInstance i) {
        bySop.put(i.sopUid(), i);
        byStudy.computeIfAbsent(i.studyUid(), k -> new LinkedHashMap<>())
                .computeIfAbsent(i.seriesUid(), k -> new ArrayList<>()).add(i);
        counters.filesServed.incrementAndGet();
    }

    Optional<IndexedInstance> instance(String sopUid) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(bySop.get(sopUid));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every study as series of instances: a snapshot, safe to walk while instances are added. */
    List<List<List<IndexedInstance>>> studies() {
        lock.readLock().lock();
        try {
            List<List<List<IndexedInstance>>> out = new ArrayList<>(byStudy.size());
            for (Map<String, List<IndexedInstance>> series : byStudy.values()) {
                List<List<IndexedInstance>> s = new ArrayList<>(series.size());
                for (List<IndexedInstance> list : series.values()) {
                    s.add(List.copyOf(list));
                }
                out.add(s);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One study's series, or an empty list: a snapshot. */
    List<List<IndexedInstance>> study(String studyUid) {
        lock.readLock().lock();
        try {
            Map<String, List<IndexedInstance>> series = byStudy.get(studyUid);
            if (series == null) {
                return List.of();
            }
            List<List<IndexedInstance>> s = new ArrayList<>(series.size());
            for (List<IndexedInstance> list : series.values()) {
                s.add(List.copyOf(list));
            }
            return s;
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return bySop.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
