package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FindingTest {

    @Test
    void ofTakesItemReasonAndMessageFromTheException() {
        ItemRef item = ItemRef.instance("1.2", "1.2.3", "1.2.3.4");
        Finding f = Finding.of(new PermanentMigrationException(ReasonCode.CORRUPT_OBJECT, item, "truncated"));
        assertThat(f.item()).isEqualTo(item);
        assertThat(f.reason()).isEqualTo(ReasonCode.CORRUPT_OBJECT);
        assertThat(f.detail()).contains("truncated");
    }

    @Test
    void detailIsNeverNull() {
        assertThat(new Finding(ItemRef.NONE, ReasonCode.INTERNAL, null).detail()).isEmpty();
        assertThatThrownBy(() -> new Finding(null, ReasonCode.INTERNAL, "")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Finding(ItemRef.NONE, null, "")).isInstanceOf(NullPointerException.class);
    }
}
