package dev.ferry.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultsTest {
    @Test
    void parsesTheCompactSpecAndWritesItBack() {
        Faults f = Faults.parse("find-cap=500,delay=200ms,bandwidth=2MB/s,max-associations=2,abort-after=50,"
                + "drop=0.05,seed=7");
        assertThat(f.findCap()).isEqualTo(500);
        assertThat(f.responseDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(f.bandwidth()).isEqualTo(2L << 20);
        assertThat(f.maxAssociations()).isEqualTo(2);
        assertThat(f.abortAfter()).isEqualTo(50);
        assertThat(f.drop()).isEqualTo(0.05);
        assertThat(f.seed()).isEqualTo(7);
        assertThat(f.toString()).isEqualTo("find-cap=500,delay=200ms,bandwidth=2MB/s,max-associations=2,"
                + "abort-after=50,drop=0.05,seed=7");
        assertThat(Faults.parse(f.toString())).isEqualTo(f);
    }

    @Test
    void unitsAndSpacing() {
        assertThat(Faults.parse(" delay = 2s , bandwidth = 512KB/s ").responseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Faults.parse("bandwidth=1500B/s").bandwidth()).isEqualTo(1500);
        assertThat(Faults.parse("bandwidth=1GB/s").toString()).isEqualTo("bandwidth=1GB/s");
        assertThat(Faults.parse("delay=1500ms").toString()).isEqualTo("delay=1500ms");
        assertThat(Faults.parse("").toString()).isEqualTo("none");
        assertThat(Faults.parse("none")).isEqualTo(Faults.NONE);
        assertThat(Faults.NONE.toString()).isEqualTo("none");
    }

    @Test
    void clearErrorsNameTheKey() {
        assertThatThrownBy(() -> Faults.parse("find-cap=lots")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("find-cap").hasMessageContaining("whole number");
        assertThatThrownBy(() -> Faults.parse("delay=200")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("delay").hasMessageContaining("unit");
        assertThatThrownBy(() -> Faults.parse("bandwidth=2MB")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bandwidth");
        assertThatThrownBy(() -> Faults.parse("drop=1.5")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("drop");
        assertThatThrownBy(() -> Faults.parse("jitter=5")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key jitter");
        assertThatThrownBy(() -> Faults.parse("seed=1,seed=2")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Faults.parse("find-cap")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> Faults.parse("abort-after=-1")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("abort-after");
    }

    @Test
    void dropIsDeterministicAndAboutTheRateAsked() {
        Faults f = Faults.builder().drop(0.25).seed(42).build();
        long dropped = IntStream.range(0, 4000).filter(i -> f.drops("1.2.3." + i)).count();
        assertThat(dropped).isBetween(850L, 1150L);
        assertThat(f.drops("1.2.3.77")).isEqualTo(Faults.builder().drop(0.25).seed(42).build().drops("1.2.3.77"));
        long otherSeed = IntStream.range(0, 4000).filter(i -> f.drops("1.2.3." + i)
                != Faults.builder().drop(0.25).seed(43).build().drops("1.2.3." + i)).count();
        assertThat(otherSeed).as("instances another seed picks differently").isPositive();
        assertThat(Faults.NONE.drops("1.2.3")).isFalse();
        assertThat(Faults.builder().drop(1).build().drops("1.2.3")).isTrue();
    }
}
