package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityContextTest {

    @Test
    void sourceAndStudyAreRequired() {
        assertThatThrownBy(() -> new IdentityContext(null, StudyDescriptor.ofUid("1.2")))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sourceName");
        assertThatThrownBy(() -> new IdentityContext("legacy", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("study");
    }
}
