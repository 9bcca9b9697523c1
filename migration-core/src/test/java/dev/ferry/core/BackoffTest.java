package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximum() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(30), 2, Duration.ofMinutes(5), 0, () -> 0.5);
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(b.delay(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.delay(60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterSpreadsBothWays() {
        assertThat(Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 0.2, () -> 0.0).delay(1))
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 0.2, () -> 1.0).delay(1))
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void refusesNonsenseNamingIt() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(10), 0.5, Duration.ofMinutes(1), 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofSeconds(1), 0))
                .hasMessageContaining("max delay");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 1.5))
                .hasMessageContaining("jitter");
    }
}
