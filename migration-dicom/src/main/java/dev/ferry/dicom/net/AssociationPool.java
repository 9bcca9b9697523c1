package dev.ferry.dicom.net;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Up to N associations to one peer, shared by many threads: a thread borrows one, uses it alone,
 * and gives it back for the next (associations are reused, not reopened per instance). Legacy
 * archives limit concurrent associations, so the bound is strict: a borrower waits for a free one.
 *
 * <p>An association that failed, or that the peer closed while idle, is discarded and replaced by
 * a new one on the next borrow; one idle for longer than {@code maxIdle} is released first (many
 * archives drop idle associations without a word). {@link #close()} releases the idle ones and
 * those returned afterwards.
 *
 * <p>Thread-safe.
 */
public final class AssociationPool implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationPool.class);

    private final RemoteAe peer;
    private final AssociationRequest request;
    private final AssociationOptions options;
    private final Duration maxIdle;
    private final int size;
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    private record Idle(Association association, long since) {}

    /**
     * @param size the most associations open at once, 1 or more
     * @param maxIdle how long an association may sit unused before it is released rather than reused
     */
    public AssociationPool(RemoteAe peer, AssociationRequest request, AssociationOptions options, int size,
                           Duration maxIdle) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.request = Objects.requireNonNull(request, "request");
        this.options = Objects.requireNonNull(options, "options");
        this.maxIdle = Objects.requireNonNull(maxIdle, "maxIdle");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1: " + size);
        }
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /** A borrowed association: use it on this thread only, then close the lease to give it back. */
    public final class Lease implements AutoCloseable {
        private final Association association;
        private boolean returned;

        private Lease(Association association) {
            this.association = association;
        }

        public Association association() {
            return association;
        }

        /** Aborts the association (after a failure that leaves it unusable); closing the lease then frees the slot. */
        public void invalidate() {
            association.abort();
        }

        /** Gives the association back: kept for reuse if it is still open and the pool is not closed. */
        @Override
        public void close() {
            if (returned) {
                return;
            }
            returned = true;
            try {
                if (association.isOpen() && !closed) {
                    lock.lock();
                    try {
                        idle.push(new Idle(association, System.nanoTime()));
                    } finally {
                        lock.unlock();
                    }
                    if (closed) {
                        AssociationPool.this.close(); // closed meanwhile: do not leave it idle
                    }
                } else {
                    association.close();
                }
            } finally {
                permits.release();
            }
        }
    }

    /**
     * Borrows an association, opening one if none is idle, waiting up to {@code wait} for a free slot.
     *
     * @throws AssociationTimeoutException if no slot frees up in time
     * @throws AssociationException if a new association cannot be opened (rejected, refused, timed out)
     * @throws IllegalStateException if the pool is closed
     */
    public Lease borrow(Duration wait) throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the association pool to " + peer + " is closed");
        }
        if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssociationTimeoutException("all " + size + " associations to " + peer + " stayed busy for "
                    + wait.toMillis() + " ms", null);
        }
        try {
            Association reusable = takeIdle();
            if (reusable != null) {
                return new Lease(reusable);
            }
            Association as = Association.connect(peer, request, options);
            opened.incrementAndGet();
            return new Lease(as);
        } catch (IOException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** The most recently returned idle association still open and fresh enough, releasing stale ones. */
    private Association takeIdle() {
        while (true) {
            Idle i = pollIdle();
            if (i == null) {
                return null;
            }
            long idleNanos = System.nanoTime() - i.since();
            boolean stale = idleNanos > maxIdle.toNanos();
            if (i.association().isOpen() && !stale && !peerSpoke(i.association(), idleNanos)) {
                return i.association();
            }
            LOG.debug("releasing {} association {}", stale ? "a stale" : "a closed", i.association());
            i.association().close();
        }
    }

    /**
     * Whether the peer sent something to an idle association: an A-RELEASE-RQ or A-ABORT from its
     * own idle timeout, or the end of the connection. A release is answered; anything else ends it.
     * One idle for over a second is polled with a 1 ms read (an ended connection sends no byte).
     */
    private static boolean peerSpoke(Association as, long idleNanos) {
        try {
            if (!as.inputWaiting(idleNanos > 1_000_000_000L)) {
                return false;
            }
            if (as.receive(Duration.ofMillis(200)) != null) {
                as.abort(); // a message nobody asked for
            }
        } catch (IOException e) {
            LOG.debug("an idle association to a peer ended: {}", e.getMessage());
        }
        return true;
    }

    /** How many associations the pool has opened since it was made. */
    public int openedCount() {
        return opened.get();
    }

    /** How many associations are idle, waiting to be borrowed. */
    public int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    public RemoteAe peer() {
        return peer;
    }

    /** Releases the idle associations; leased ones are released when their lease closes. */
    @Override
    public void close() {
        closed = true;
        for (Idle i = pollIdle(); i != null; i = pollIdle()) {
            i.association().close();
        }
    }

    private Idle pollIdle() {
        lock.lock();
        try {
            return idle.poll();
        } finally {
            lock.unlock();
        }
    }
}
