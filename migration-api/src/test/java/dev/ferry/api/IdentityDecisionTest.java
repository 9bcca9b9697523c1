package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityDecisionTest {

    @Test
    void factoriesBuildTheThreeAnswers() {
        ResolvedIdentity id = new ResolvedIdentity(PatientIdentity.of("MRN-1", "HOSP_A"), null, null, List.of());
        assertThat(IdentityDecision.resolved(id)).isEqualTo(new IdentityDecision.Resolved(id));
        assertThat(IdentityDecision.abstain(null)).isEqualTo(new IdentityDecision.Abstain(""));
        assertThat(IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, null))
                .isEqualTo(new IdentityDecision.Refused(ReasonCode.IDENTITY_CONFLICT, ""));
    }

    @Test
    void resolvedNeedsAnIdentityAndRefusedAReason() {
        assertThatThrownBy(() -> IdentityDecision.resolved(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> IdentityDecision.refused(null, "x")).isInstanceOf(NullPointerException.class);
        assertThat(IdentityDecision.class.getPermittedSubclasses()).hasSize(3);
    }
}
