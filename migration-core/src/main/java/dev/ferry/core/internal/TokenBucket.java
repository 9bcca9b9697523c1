package dev.ferry.core.internal;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A bandwidth cap shared by every worker: bytes are paid for as they are read, and a reader that
 * runs ahead of the rate waits. Up to one second's worth of unused rate is saved up, so a short
 * burst after an idle spell goes at full speed. Thread-safe; nobody waits while holding the lock.
 */
public final class TokenBucket {
    /** Sleeps for the given nanoseconds; a test replaces it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double nanosPerByte;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextFree;

    public TokenBucket(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    public TokenBucket(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, not " + bytesPerSecond);
        }
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.burstNanos = TimeUnit.SECONDS.toNanos(1);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFree = nanoTime.getAsLong() - burstNanos;
    }

    /**
     * Pays for {@code bytes}, waiting until the rate allows them.
     *
     * @throws InterruptedIOException if interrupted while waiting (the flag is restored)
     */
    public void acquire(long bytes) throws InterruptedIOException {
        if (bytes <= 0) {
            return;
        }
        long wait;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            long start = Math.max(nextFree, now - burstNanos);
            nextFree = start + (long) (bytes * nanosPerByte);
            wait = nextFree - now;
        } finally {
            lock.unlock();
        }
        if (wait > 0) {
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the bandwidth cap");
            }
        }
    }
}
