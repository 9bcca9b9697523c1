package dev.ferry.core;

import dev.ferry.api.ReasonCode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a lane stops taking new studies: over the last {@code window} study attempts that ended (at
 * least {@code minimumAttempts} of them), more than {@code failureRate} failed for a reason in
 * {@code counted}. The lane then pauses for {@code pause}, an exception says why, and it resumes
 * with one study at a time until that one succeeds.
 *
 * <p>Only systemic reasons count by default: a network down, a destination refusing everything,
 * wrong configuration. A corrupt object or an unresolved identity is a fact about one study (old
 * archives hold 10–15% of such studies) and pausing would not help.
 *
 * @param window attempts considered, at least 1
 * @param minimumAttempts attempts needed before the rate is judged, 1 to {@code window}
 * @param failureRate the rate (0 to 1, exclusive of 1) above which the lane pauses
 * @param pause how long it stays paused before trying again
 * @param counted the reasons that count as failures
 */
public record CircuitBreakerPolicy(int window, int minimumAttempts, double failureRate, Duration pause,
                                   Set<ReasonCode> counted) {
    /** Systemic reasons: every retryable one, refusals, configuration, internal and custody failures. */
    public static final Set<ReasonCode> SYSTEMIC = systemic();

    /** Over the last 100 attempts (20 at least), more than 5% systemic failures pause for 5 minutes. */
    public static final CircuitBreakerPolicy DEFAULT =
            new CircuitBreakerPolicy(100, 20, 0.05, Duration.ofMinutes(5), SYSTEMIC);

    /** A breaker that never opens. */
    public static final CircuitBreakerPolicy DISABLED =
            new CircuitBreakerPolicy(1, 1, 0.999_999, Duration.ofMillis(1), Set.of());

    public CircuitBreakerPolicy {
        if (window < 1) {
            throw new IllegalArgumentException("circuit breaker window must be at least 1, not " + window);
        }
        if (minimumAttempts < 1 || minimumAttempts > window) {
            throw new IllegalArgumentException("circuit breaker minimumAttempts must be between 1 and the window ("
                    + window + "), not " + minimumAttempts);
        }
        if (!(failureRate >= 0 && failureRate < 1)) {
            throw new IllegalArgumentException("circuit breaker failureRate must be at least 0 and below 1, not "
                    + failureRate);
        }
        Objects.requireNonNull(pause, "circuit breaker pause");
        if (pause.isNegative() || pause.isZero()) {
            throw new IllegalArgumentException("circuit breaker pause must be positive, not " + pause);
        }
        counted = counted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(counted));
    }

    public boolean counts(ReasonCode reason) {
        return counted.contains(reason);
    }

    private static Set<ReasonCode> systemic() {
        EnumSet<ReasonCode> s = EnumSet.noneOf(ReasonCode.class);
        for (ReasonCode r : ReasonCode.values()) {
            if (r.retryableByDefault() && r != ReasonCode.STUDY_CHANGED) {
                s.add(r);
            }
        }
        s.addAll(EnumSet.of(ReasonCode.REFUSED, ReasonCode.TRANSFER_SYNTAX_REFUSED, ReasonCode.CONFIGURATION,
                ReasonCode.INTERNAL, ReasonCode.CUSTODY_FAILURE));
        return Set.copyOf(s);
    }
}
