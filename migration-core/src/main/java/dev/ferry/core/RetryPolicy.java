package dev.ferry.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a study that failed transiently (network, timeout, busy peer, a study changing while it was
 * read) is retried: after {@code maxAttempts} attempts it becomes an exception for a person to
 * look at. A permanent failure (refused, corrupt, identity) is an exception at once.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param backoff the delay after each failed attempt
 */
public record RetryPolicy(int maxAttempts, Backoff backoff) {
    /** 5 attempts, 30 s doubling up to 30 min, ±20%. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Backoff.exponential(Duration.ofSeconds(30), 2, Duration.ofMinutes(30), 0.2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "retry backoff");
    }
}
