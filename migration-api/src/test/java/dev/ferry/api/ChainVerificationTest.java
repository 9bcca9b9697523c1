package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChainVerificationTest {

    @Test
    void intactAndBrokenSayWhichTheyAre() {
        assertThat(new ChainVerification.Intact(3, "ab").intact()).isTrue();
        assertThat(new ChainVerification.Broken(2, ChainVerification.Problem.LINK_BROKEN, "x").intact()).isFalse();
    }

    @Test
    void brokenRequiresAProblemAndADetail() {
        assertThatThrownBy(() -> new ChainVerification.Broken(2, null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("problem");
        assertThatThrownBy(() -> new ChainVerification.Broken(2, ChainVerification.Problem.LINK_BROKEN, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("detail");
    }

    @Test
    void isSealedToTheTwoOutcomes() {
        assertThat(ChainVerification.class.isSealed()).isTrue();
        assertThat(ChainVerification.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(ChainVerification.Intact.class, ChainVerification.Broken.class);
    }
}
