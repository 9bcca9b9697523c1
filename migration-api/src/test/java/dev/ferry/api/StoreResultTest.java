package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreResultTest {

    @Test
    void storedHasNoDetail() {
        StoreResult r = StoreResult.stored("1.2.3.4");
        assertThat(r.status()).isEqualTo(StoreResult.Status.STORED);
        assertThat(r.detail()).isEmpty();
        assertThat(new StoreResult("1.2.3.4", StoreResult.Status.STORED_WITH_WARNING, null).detail()).isEmpty();
    }

    @Test
    void uidAndStatusAreRequired() {
        assertThatThrownBy(() -> new StoreResult(null, StoreResult.Status.STORED, "")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StoreResult("1.2", null, "")).isInstanceOf(NullPointerException.class);
    }
}
