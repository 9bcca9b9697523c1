package dev.ferry.core;

import java.time.Duration;

/**
 * The exponential back-off of a plan file's {@code retry:}, keeping its settings so that they can
 * be checked and reported ({@link Backoff#exponential} alone is an opaque function).
 */
final class PlanBackoff implements Backoff {
    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final double jitter;
    private final Backoff delegate;

    PlanBackoff(Duration initial, double multiplier, Duration max, double jitter) {
        this.delegate = Backoff.exponential(initial, multiplier, max, jitter);
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
        this.jitter = jitter;
    }

    @Override
    public Duration delay(int attempt) {
        return delegate.delay(attempt);
    }

    Duration initial() {
        return initial;
    }

    double multiplier() {
        return multiplier;
    }

    Duration max() {
        return max;
    }

    double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return "exponential back-off from " + initial + " ×" + multiplier + " up to " + max + ", ±" + jitter;
    }
}
