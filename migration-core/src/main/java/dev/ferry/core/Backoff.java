package dev.ferry.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt of a study that failed transiently.
 */
@FunctionalInterface
public interface Backoff {
    /**
     * @param attempt the attempt that just failed, 1 for the first
     * @return the delay before the next one, never negative
     */
    Duration delay(int attempt);

    /**
     * {@code initial × multiplier^(attempt-1)}, at most {@code max}, then spread by ±{@code jitter}
     * (a fraction, 0 to 1) so that studies failing together do not retry together.
     */
    static Backoff exponential(Duration initial, double multiplier, Duration max, double jitter) {
        return exponential(initial, multiplier, max, jitter, Math::random);
    }

    /** As {@link #exponential(Duration, double, Duration, double)}, with the random source given (tests). */
    static Backoff exponential(Duration initial, double multiplier, Duration max, double jitter, DoubleSupplier random) {
        Objects.requireNonNull(random, "random");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("backoff initial delay must not be negative: " + initial);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, not " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max delay " + max + " is below the initial " + initial);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff jitter must be between 0 and 1, not " + jitter);
        }
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        return attempt -> {
            double base = initialMs * Math.pow(multiplier, Math.max(0, attempt - 1));
            double capped = Math.min(base, maxMs);
            double spread = capped * jitter * (2 * random.getAsDouble() - 1);
            return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
        };
    }

    /** The same delay every time. */
    static Backoff fixed(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("backoff delay must not be negative: " + delay);
        }
        return attempt -> delay;
    }
}
