package dev.ferry.testkit.simulator;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force and what they count: the instances sent since they were set (for
 * abort-after) and the bandwidth cap's token bucket. Setting new faults starts that count again, and
 * a new bucket when the rate changed. Thread-safe.
 */
final class FaultState {
    private final TimeSource time;
    private final AtomicLong sentSinceSet = new AtomicLong();
    private final AtomicLong throttledBefore = new AtomicLong();
    private volatile Faults faults = Faults.NONE;
    private volatile TokenBucket bucket;

    FaultState(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    Faults get() {
        return faults;
    }

    synchronized void set(Faults f) {
        Objects.requireNonNull(f, "faults");
        TokenBucket old = bucket;
        if (old == null || old.rate() != f.bandwidth()) {
            if (old != null) {
                throttledBefore.addAndGet(old.waitedNanos());
            }
            bucket = f.bandwidth() > 0 ? TokenBucket.of(f.bandwidth(), time) : null;
        }
        sentSinceSet.set(0);
        faults = f;
    }

    TimeSource time() {
        return time;
    }

    /** Waits the response delay, if any. */
    void delay() throws InterruptedIOException {
        Duration d = faults.responseDelay();
        if (!d.isZero()) {
            try {
                time.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during the simulated response delay");
            }
        }
    }

    /** Waits until the bandwidth cap lets {@code bytes} go. */
    void throttle(long bytes) throws InterruptedIOException {
        TokenBucket b = bucket;
        if (b != null) {
            b.acquire(bytes);
        }
    }

    /** Counts one instance sent; true if it is the k-th of abort-after, after which its carrier is cut. */
    boolean sentAndAbort() {
        long n = sentSinceSet.incrementAndGet();
        int k = faults.abortAfter();
        return k > 0 && n % k == 0;
    }

    /** How long the bandwidth cap has held senders back, over every bucket so far. */
    long throttledNanos() {
        TokenBucket b = bucket;
        return throttledBefore.get() + (b == null ? 0 : b.waitedNanos());
    }

    /** The bucket in force, or null without a cap (for tests). */
    TokenBucket bucket() {
        return bucket;
    }
}
