package dev.ferry.testkit.simulator;

import java.time.Duration;

/**
 * Where a simulator's time comes from: its response delays sleep and its bandwidth cap refills by it.
 * Tests give one that advances only when slept on, so a bandwidth cap is checked by its accounting,
 * fast and without wall-clock assertions. Implementations are thread-safe.
 */
public interface TimeSource {
    /** The real clock and {@link Thread#sleep}. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            long nanos = d.toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code d}; returns at once for zero or less. */
    void sleep(Duration d) throws InterruptedException;
}
