package dev.ferry.testkit.simulator;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket of bytes: {@link #acquire} takes what a sender is about to send and makes it wait
 * until the bucket holds that much again, so that everything sent through one bucket, from any
 * number of threads, averages at most {@code rate} bytes per second after a burst of {@code burst}.
 * It keeps its own account of how long it made senders wait: over any run, that total is at least
 * (bytes taken − burst) ÷ rate minus the time that passed outside its waits. Thread-safe; the lock is
 * never held while waiting.
 */
final class TokenBucket {
    private final long rate;
    private final long burst;
    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens;
    private long last;
    private long waitedNanos;
    private long taken;

    /**
     * @param rate bytes per second, at least 1
     * @param burst bytes that may go at once when the bucket is full
     */
    TokenBucket(long rate, long burst, TimeSource time) {
        if (rate < 1 || burst < 0) {
            throw new IllegalArgumentException("rate must be at least 1 and burst at least 0: " + rate + ", " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.time = time;
        this.tokens = burst;
        this.last = time.nanoTime();
    }

    /** A bucket with a burst of a twentieth of a second's worth (at least 1 byte). */
    static TokenBucket of(long rate, TimeSource time) {
        return new TokenBucket(rate, Math.max(1, rate / 20), time);
    }

    long rate() {
        return rate;
    }

    long burst() {
        return burst;
    }

    /** Takes {@code bytes} and waits until the bucket has refilled what it went below zero. */
    void acquire(long bytes) throws InterruptedIOException {
        long waitNanos;
        lock.lock();
        try {
            long now = time.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * (double) rate / 1e9);
            last = now;
            tokens -= bytes;
            taken += bytes;
            waitNanos = tokens < 0 ? (long) Math.ceil(-tokens * 1e9 / rate) : 0;
            waitedNanos += waitNanos;
        } finally {
            lock.unlock();
        }
        if (waitNanos > 0) {
            try {
                time.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the bandwidth cap held a sender back");
            }
        }
    }

    /** How long {@link #acquire} has made senders wait in all. */
    long waitedNanos() {
        lock.lock();
        try {
            return waitedNanos;
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes have been taken in all. */
    long taken() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }
}
