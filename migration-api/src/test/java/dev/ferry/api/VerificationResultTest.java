package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationResultTest {
    private static final Finding ALTERED = new Finding(ItemRef.instance("1.2", "1.2.3", "1.2.3.4"),
            ReasonCode.VERIFICATION_FAILED, "pixel digest differs");

    @Test
    void failedMustSayWhatFailed() {
        assertThatThrownBy(() -> VerificationResult.failed("pixel", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel").hasMessageContaining("FAILED");
        assertThat(VerificationResult.failed("pixel", List.of(ALTERED)).passed()).isFalse();
    }

    @Test
    void passedAndInconclusive() {
        VerificationResult passed = VerificationResult.passed("count");
        assertThat(passed.passed()).isTrue();
        assertThat(passed.findings()).isEmpty();
        VerificationResult inconclusive = VerificationResult.inconclusive("pixel", List.of(ALTERED));
        assertThat(inconclusive.verdict()).isEqualTo(VerificationResult.Verdict.INCONCLUSIVE);
        assertThat(inconclusive.passed()).isFalse();
    }

    @Test
    void findingsAreADefensiveCopy() {
        List<Finding> findings = new ArrayList<>(List.of(ALTERED));
        VerificationResult r = VerificationResult.failed("pixel", findings);
        findings.clear();
        assertThat(r.findings()).containsExactly(ALTERED);
        assertThatThrownBy(() -> r.findings().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void verifierAndVerdictAreRequired() {
        assertThatThrownBy(() -> VerificationResult.passed(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VerificationResult("x", null, List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VerificationResult("x", VerificationResult.Verdict.PASSED, null))
                .isInstanceOf(NullPointerException.class);
    }
}
