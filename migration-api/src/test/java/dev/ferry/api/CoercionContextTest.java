package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoercionContextTest {
    private static final StudyDescriptor STUDY = StudyDescriptor.ofUid("1.2");
    private static final InstanceDescriptor INSTANCE = new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", 1);

    @Test
    void identityIsOptionalTheRestRequired() {
        assertThat(new CoercionContext("legacy", STUDY, INSTANCE, null).identity()).isNull();
        assertThatThrownBy(() -> new CoercionContext(null, STUDY, INSTANCE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CoercionContext("legacy", null, INSTANCE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CoercionContext("legacy", STUDY, null, null)).isInstanceOf(NullPointerException.class);
    }
}
