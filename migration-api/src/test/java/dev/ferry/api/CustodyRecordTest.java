package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustodyRecordTest {
    private final CustodyEvent event = CustodyEvent.of(Instant.parse("2026-01-01T00:00:00Z"), CustodyEvent.Type.QUEUED,
            "engine", ItemRef.study("1.2.3"), Map.of());

    @Test
    void firstRecordStartsAtOneAfterGenesis() {
        CustodyRecord first = CustodyRecord.next(null, event);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo(CustodyChain.GENESIS);
        assertThat(first.hash()).isEqualTo(CustodyChain.hash(CustodyChain.GENESIS, 1, event));
        assertThat(first.event()).isSameAs(event);
    }

    @Test
    void nextLinksToThePreviousRecord() {
        CustodyRecord first = CustodyRecord.next(null, event);
        CustodyRecord second = CustodyRecord.next(first, event);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(second.hash()).isEqualTo(CustodyChain.hash(first.hash(), 2, event)).isNotEqualTo(first.hash());
    }

    @Test
    void validatesItsFields() {
        String h = CustodyChain.GENESIS;
        assertThatThrownBy(() -> new CustodyRecord(0, event, h, h))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new CustodyRecord(-5, event, h, h)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustodyRecord(1, null, h, h))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> new CustodyRecord(1, event, null, h))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("previousHash");
        assertThatThrownBy(() -> new CustodyRecord(1, event, h, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("hash");
    }
}
