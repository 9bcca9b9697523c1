package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustodyQueryTest {
    private static CustodyRecord record(CustodyRecord previous, ItemRef item) {
        return CustodyRecord.next(previous, CustodyEvent.of(Instant.EPOCH, CustodyEvent.Type.QUEUED, "engine", item, Map.of()));
    }

    @Test
    void matchesByStudyAndSequence() {
        CustodyRecord r1 = record(null, ItemRef.study("1.2.1"));
        CustodyRecord r2 = record(r1, ItemRef.instance("1.2.2", "1.2.2.1", "1.2.2.1.1"));
        CustodyRecord r3 = record(r2, ItemRef.NONE);

        assertThat(CustodyQuery.ALL.matches(r1)).isTrue();
        assertThat(CustodyQuery.ALL.matches(r3)).isTrue();
        assertThat(CustodyQuery.study("1.2.2").matches(r2)).isTrue();
        assertThat(CustodyQuery.study("1.2.2").matches(r1)).isFalse();
        assertThat(CustodyQuery.study("1.2.2").matches(r3)).isFalse();
        assertThat(new CustodyQuery(null, 2).matches(r1)).isFalse();
        assertThat(new CustodyQuery(null, 2).matches(r2)).isTrue();
        assertThat(new CustodyQuery("1.2.1", 2).matches(r1)).isFalse();
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new CustodyQuery(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustodyQuery.study(null)).isInstanceOf(NullPointerException.class);
    }
}
