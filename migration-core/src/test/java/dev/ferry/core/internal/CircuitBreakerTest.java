package dev.ferry.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ReasonCode;
import dev.ferry.core.CircuitBreakerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final CircuitBreakerPolicy policy =
            new CircuitBreakerPolicy(20, 10, 0.05, Duration.ofMinutes(5), CircuitBreakerPolicy.SYSTEMIC);

    @Test
    void opensAboveTheRateOnceEnoughAttemptsEndedThenLetsOneTrialThrough() {
        CircuitBreaker b = new CircuitBreaker(policy);
        for (int i = 0; i < 18; i++) {
            assertThat(b.record(null, T0)).isEmpty();
        }
        assertThat(b.record(ReasonCode.NETWORK, T0)).as("1 of 19 is 5.3%").isPresent();
        assertThat(b.permits(T0.plusSeconds(299))).isZero();
        assertThat(b.permits(T0.plusSeconds(300))).isEqualTo(1);
        b.started(T0.plusSeconds(300));
        assertThat(b.permits(T0.plusSeconds(301))).as("one trial at a time").isZero();
        assertThat(b.record(null, T0.plusSeconds(310))).isEmpty();
        assertThat(b.permits(T0.plusSeconds(310))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aFailedTrialOpensAgain() {
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerPolicy(10, 1, 0.5, Duration.ofMinutes(1),
                CircuitBreakerPolicy.SYSTEMIC));
        Optional<CircuitBreaker.Trip> trip = b.record(ReasonCode.PEER_BUSY, T0);
        assertThat(trip).hasValueSatisfying(t -> {
            assertThat(t.mainReason()).isEqualTo(ReasonCode.PEER_BUSY);
            assertThat(t.until()).isEqualTo(T0.plusSeconds(60));
        });
        b.started(T0.plusSeconds(60));
        assertThat(b.record(ReasonCode.TIMEOUT, T0.plusSeconds(61))).hasValueSatisfying(
                t -> assertThat(t.until()).isEqualTo(T0.plusSeconds(121)));
        assertThat(b.permits(T0.plusSeconds(100))).isZero();
    }

    @Test
    void perStudyProblemsDoNotCount() {
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerPolicy(10, 1, 0.05, Duration.ofMinutes(1),
                CircuitBreakerPolicy.SYSTEMIC));
        for (ReasonCode r : new ReasonCode[] {ReasonCode.CORRUPT_OBJECT, ReasonCode.IDENTITY_CONFLICT,
                ReasonCode.MISSING_INSTANCE, ReasonCode.STUDY_CHANGED}) {
            assertThat(b.record(r, T0)).isEmpty();
        }
        assertThat(b.permits(T0)).isEqualTo(Integer.MAX_VALUE);
    }
}
