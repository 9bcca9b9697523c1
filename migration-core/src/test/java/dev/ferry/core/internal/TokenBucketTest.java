package dev.ferry.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private long now = 1_000_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private TokenBucket bucket(long rate) {
        return new TokenBucket(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void aSecondsWorthGoesAtOnceAfterIdlingThenTheRateHolds() throws Exception {
        TokenBucket b = bucket(1000);
        b.acquire(1000);
        assertThat(sleeps).isEmpty();
        b.acquire(500);
        assertThat(sleeps).containsExactly(500_000_000L);
        b.acquire(2000);
        assertThat(sleeps.get(1)).isEqualTo(2_000_000_000L);
    }

    @Test
    void overTimeTheRateIsKept() throws Exception {
        TokenBucket b = bucket(10_000);
        long start = now;
        for (int i = 0; i < 1000; i++) {
            b.acquire(1000);
        }
        // 1,000,000 bytes at 10,000/s, less the one second saved up at the start.
        assertThat((now - start) / 1e9).isBetween(98.9, 99.1);
    }

    @Test
    void idleTimeIsSavedUpToOneSecondOnly() throws Exception {
        TokenBucket b = bucket(1000);
        now += 60_000_000_000L;
        b.acquire(1000);
        b.acquire(1000);
        assertThat(sleeps).containsExactly(1_000_000_000L);
    }
}
