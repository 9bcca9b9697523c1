package dev.ferry.testkit.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studies that arrive while the simulator serves: each immediate subfolder of the delta folder,
 * in name order, is one study, added to the index when released. Thread-safe: the schedule and a
 * test may release at the same time, and each folder is released once.
 */
final class DeltaFeeder {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaFeeder.class);

    private final Path folder;
    private final ArchiveIndex index;
    private final Counters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private Deque<Path> pending;

    DeltaFeeder(Path folder, ArchiveIndex index, Counters counters) {
        this.folder = folder;
        this.index = index;
        this.counters = counters;
    }

    /** Releases the next study; its Study Instance UID, or empty when none is left. */
    Optional<String> releaseNext() throws IOException {
        lock.lock();
        try {
            if (pending == null) {
                try (Stream<Path> list = Files.list(folder)) {
                    pending = new ArrayDeque<>(list.filter(Files::isDirectory).sorted().toList());
                }
            }
            while (!pending.isEmpty()) {
                Path next = pending.poll();
                List<IndexedInstance> added = index.addFolder(next, null);
                if (!added.isEmpty()) {
                    counters.deltaStudiesReleased.incrementAndGet();
                    String study = added.get(0).studyUid();
                    LOG.info("delta: released study {} ({} instances), {} left", study, added.size(), pending.size());
                    return Optional.of(study);
                }
                LOG.warn("delta: a subfolder held no instance to serve; trying the next");
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }
}
