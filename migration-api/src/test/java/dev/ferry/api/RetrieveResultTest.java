package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrieveResultTest {
    private static final Finding MISSING =
            new Finding(ItemRef.instance("1.2", "1.2.3", "1.2.3.4"), ReasonCode.MISSING_INSTANCE, "C-MOVE B000");

    @Test
    void completeMeansEverythingExpectedArrived() {
        RetrieveResult r = RetrieveResult.complete(12);
        assertThat(r.delivered()).isEqualTo(12);
        assertThat(r.expected()).isEqualTo(12);
        assertThat(r.unaccounted()).isZero();
        assertThat(r.isComplete()).isTrue();
    }

    @Test
    void unaccountedIsExpectedMinusDeliveredMinusFailed() {
        assertThat(new RetrieveResult(7, 10, List.of(MISSING)).unaccounted()).isEqualTo(2);
        assertThat(new RetrieveResult(7, 10, List.of(MISSING)).isComplete()).isFalse();
        assertThat(new RetrieveResult(9, 10, List.of(MISSING)).unaccounted()).isZero();
        assertThat(new RetrieveResult(9, 10, List.of(MISSING)).isComplete()).as("a failure is not complete").isFalse();
        assertThat(new RetrieveResult(8, 10, List.of()).isComplete()).isFalse();
        assertThat(new RetrieveResult(12, 10, List.of()).unaccounted()).as("more than expected").isZero();
    }

    @Test
    void unknownExpectedCountLeavesNothingUnaccounted() {
        RetrieveResult r = new RetrieveResult(3, StudyDescriptor.UNKNOWN, List.of());
        assertThat(r.unaccounted()).isZero();
        assertThat(r.isComplete()).isTrue();
        assertThat(new RetrieveResult(3, StudyDescriptor.UNKNOWN, List.of(MISSING)).isComplete()).isFalse();
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> new RetrieveResult(-1, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrieveResult(0, -2, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresAreADefensiveCopy() {
        List<Finding> failures = new ArrayList<>(List.of(MISSING));
        RetrieveResult r = new RetrieveResult(1, 2, failures);
        failures.clear();
        assertThat(r.failures()).containsExactly(MISSING);
        assertThatThrownBy(() -> r.failures().add(MISSING)).isInstanceOf(UnsupportedOperationException.class);
    }
}
