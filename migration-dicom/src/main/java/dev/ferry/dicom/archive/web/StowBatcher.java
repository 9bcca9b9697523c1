package dev.ferry.dicom.archive.web;

import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.MigrationException;
import dev.ferry.api.StoreResult;
import dev.ferry.dicom.web.DicomWebClient;
import dev.ferry.dicom.web.StowPart;
import dev.ferry.dicom.web.StowResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers concurrent stores into STOW-RS requests without a thread of its own. The first caller to
 * find no open batch opens one and becomes its sender: it waits until the batch is full (by count or
 * bytes) or the linger has passed, then sends it and hands each caller its own outcome. Later
 * callers join the open batch and wait for their outcome.
 *
 * <p>A batch never holds two instances with the same SOP Instance UID: the second seals the batch
 * and opens the next, so what the server does with one UID twice in a request never matters. An
 * instance larger than the byte limit goes alone.
 *
 * <p>Thread-safe; the lock is never held while sending or waiting for an outcome.
 */
final class StowBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(StowBatcher.class);

    private final DicomWebClient client;
    private final int maxInstances;
    private final long maxBytes;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private Batch open; // guarded by lock

    StowBatcher(DicomWebClient client, int maxInstances, long maxBytes, long lingerNanos) {
        this.client = client;
        this.maxInstances = maxInstances;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
    }

    /** One instance spooled to a file, waiting for its outcome. */
    static final class Entry {
        final InstanceDescriptor descriptor;
        final Path file;
        final long size;
        private final CountDownLatch done = new CountDownLatch(1);
        private StoreResult result;
        private RuntimeException failure;
        private Throwable shared;

        Entry(InstanceDescriptor descriptor, Path file, long size) {
            this.descriptor = descriptor;
            this.file = file;
            this.size = size;
        }

        void succeed(StoreResult r) {
            result = r;
            done.countDown();
        }

        void fail(RuntimeException own) {
            failure = own;
            done.countDown();
        }

        void failAll(Throwable t) {
            shared = t;
            done.countDown();
        }
    }

    private final class Batch {
        final List<Entry> entries = new ArrayList<>();
        final Set<String> sops = new HashSet<>();
        final Condition sealedOrFull = lock.newCondition();
        long bytes;
        boolean sealed;
    }

    /**
     * Stores the entry in some batch and returns its result; its file is deleted once sent.
     *
     * @throws IOException if the request failed in transport
     * @throws MigrationException if the server refused the instance or the request
     */
    StoreResult store(Entry e) throws IOException {
        Batch mine;
        boolean sender;
        lock.lock();
        try {
            if (open != null && (open.sops.contains(e.descriptor.sopInstanceUid())
                    || open.bytes + e.size > maxBytes)) {
                seal(open);
            }
            sender = open == null;
            if (sender) {
                open = new Batch();
            }
            mine = open;
            mine.entries.add(e);
            mine.sops.add(e.descriptor.sopInstanceUid());
            mine.bytes += e.size;
            if (mine.entries.size() >= maxInstances || mine.bytes >= maxBytes) {
                seal(mine);
            }
        } finally {
            lock.unlock();
        }
        if (sender) {
            boolean interrupted = awaitSealed(mine);
            send(mine);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome(e);
    }

    /** Marks the batch closed to newcomers and wakes its sender. Call with the lock held. */
    private void seal(Batch b) {
        b.sealed = true;
        if (open == b) {
            open = null;
        }
        b.sealedOrFull.signalAll();
    }

    /**
     * Waits until the batch is sealed or the linger has passed (then seals it). Not interruptible:
     * the other callers in the batch wait for it to be sent; an interrupt is reported afterwards.
     */
    private boolean awaitSealed(Batch b) {
        boolean interrupted = false;
        lock.lock();
        try {
            long left = lingerNanos;
            while (!b.sealed && left > 0) {
                try {
                    left = b.sealedOrFull.awaitNanos(left);
                } catch (InterruptedException ie) {
                    interrupted = true;
                    break;
                }
            }
            if (!b.sealed) {
                seal(b);
            }
        } finally {
            lock.unlock();
        }
        return interrupted;
    }

    private void send(Batch b) {
        try {
            List<StowPart> parts = new ArrayList<>(b.entries.size());
            for (Entry e : b.entries) {
                parts.add(StowPart.ofFile(e.file));
            }
            LOG.debug("STOW-RS: sending {} instances, {} bytes", b.entries.size(), b.bytes);
            StowResponse response = client.store(parts);
            for (Entry e : b.entries) {
                try {
                    e.succeed(StowOutcomes.outcome(response, e.descriptor));
                } catch (MigrationException own) {
                    e.fail(own);
                }
            }
        } catch (IOException | RuntimeException | Error t) {
            for (Entry e : b.entries) {
                e.failAll(t);
            }
            if (t instanceof Error error) {
                throw error;
            }
        } finally {
            for (Entry e : b.entries) {
                delete(e.file);
            }
        }
    }

    /** The entry's result, or its own exception. */
    private static StoreResult outcome(Entry e) throws IOException {
        try {
            e.done.await();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            // The batch is sent all the same; storing again is harmless (idempotent by UID).
            throw new InterruptedIOException("interrupted while waiting for the STOW-RS response for instance "
                    + e.descriptor.sopInstanceUid());
        }
        if (e.failure != null) {
            throw e.failure;
        }
        if (e.shared != null) {
            Exception own = StowOutcomes.forEach(e.shared, e.descriptor.ref());
            if (own instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) own;
        }
        return e.result;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ex) {
            LOG.warn("cannot delete spool file {}: {}", file, ex.toString());
        }
    }
}
