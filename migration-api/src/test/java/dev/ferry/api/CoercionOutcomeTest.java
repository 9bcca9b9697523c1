package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoercionOutcomeTest {
    private static final TagChange CHANGE = new TagChange(TagPath.of(Tag.PatientID), VR.LO, "A", "B", "rule");

    @Test
    void noChangesIsUnchanged() {
        assertThat(CoercionOutcome.applied(List.of())).isSameAs(CoercionOutcome.UNCHANGED);
        assertThat(((CoercionOutcome.Applied) CoercionOutcome.UNCHANGED).changes()).isEmpty();
    }

    @Test
    void appliedChangesAreADefensiveCopy() {
        List<TagChange> changes = new ArrayList<>(List.of(CHANGE));
        CoercionOutcome.Applied applied = (CoercionOutcome.Applied) CoercionOutcome.applied(changes);
        changes.clear();
        assertThat(applied.changes()).containsExactly(CHANGE);
        assertThatThrownBy(() -> applied.changes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectedNeedsAReason() {
        CoercionOutcome.Rejected r = (CoercionOutcome.Rejected) CoercionOutcome.rejected(ReasonCode.COERCION_REJECTED, null);
        assertThat(r.detail()).isEmpty();
        assertThatThrownBy(() -> CoercionOutcome.rejected(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
