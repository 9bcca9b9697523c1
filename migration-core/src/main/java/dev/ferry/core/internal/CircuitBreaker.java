package dev.ferry.core.internal;

import dev.ferry.api.ReasonCode;
import dev.ferry.core.CircuitBreakerPolicy;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One lane's breaker: a ring of the last {@code window} outcomes. When more than the policy's rate of
 * them failed for a counted reason, it opens for the pause; then it lets one study through (half
 * open), and closes when that one succeeds or opens again when it fails. Time is given, not read.
 * Not thread-safe: the scheduler's thread owns it.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** Why it opened, for the exception and the listener. */
    record Trip(int failures, int attempts, Map<ReasonCode, Integer> reasons, Instant until) {
        ReasonCode mainReason() {
            return reasons.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(ReasonCode.INTERNAL);
        }
    }

    private final CircuitBreakerPolicy policy;
    private final ReasonCode[] ring;
    private final boolean[] filled;
    private int next;
    private int size;
    private State state = State.CLOSED;
    private Instant openUntil = Instant.MIN;
    private boolean trialRunning;

    CircuitBreaker(CircuitBreakerPolicy policy) {
        this.policy = policy;
        this.ring = new ReasonCode[policy.window()];
        this.filled = new boolean[policy.window()];
    }

    State state(Instant now) {
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            state = State.HALF_OPEN;
            trialRunning = false;
        }
        return state;
    }

    /** How many studies may start now: unlimited when closed, one trial when half open, none when open. */
    int permits(Instant now) {
        return switch (state(now)) {
            case CLOSED -> Integer.MAX_VALUE;
            case OPEN -> 0;
            case HALF_OPEN -> trialRunning ? 0 : 1;
        };
    }

    /** A study started in this lane (counts as the trial when half open). */
    void started(Instant now) {
        if (state(now) == State.HALF_OPEN) {
            trialRunning = true;
        }
    }

    /**
     * Records how a study attempt ended: {@code failure} null for a success.
     *
     * @return the trip if this outcome opened the breaker
     */
    Optional<Trip> record(ReasonCode failure, Instant now) {
        boolean counted = failure != null && policy.counts(failure);
        if (state(now) == State.HALF_OPEN) {
            trialRunning = false;
            if (counted) {
                return Optional.of(open(now, Map.of(failure, 1), 1, 1));
            }
            if (failure == null) {
                state = State.CLOSED;
                java.util.Arrays.fill(filled, false);
                size = 0;
            }
            return Optional.empty();
        }
        if (state == State.OPEN) {
            return Optional.empty(); // A study started before the trip ended: already judged.
        }
        ring[next] = counted ? failure : null;
        filled[next] = true;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        if (size < policy.minimumAttempts()) {
            return Optional.empty();
        }
        Map<ReasonCode, Integer> reasons = new EnumMap<>(ReasonCode.class);
        int failures = 0;
        for (int i = 0; i < ring.length; i++) {
            if (filled[i] && ring[i] != null) {
                failures++;
                reasons.merge(ring[i], 1, Integer::sum);
            }
        }
        if ((double) failures / size > policy.failureRate()) {
            return Optional.of(open(now, reasons, failures, size));
        }
        return Optional.empty();
    }

    private Trip open(Instant now, Map<ReasonCode, Integer> reasons, int failures, int attempts) {
        state = State.OPEN;
        openUntil = now.plus(policy.pause());
        java.util.Arrays.fill(filled, false);
        size = 0;
        return new Trip(failures, attempts, new TreeMap<>(reasons), openUntil);
    }
}
