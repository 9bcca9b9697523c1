package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceEvidenceTest {
    private static final InstanceDescriptor INSTANCE = new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", 1);

    @Test
    void digestsAreOptional() {
        InstanceEvidence e = new InstanceEvidence(INSTANCE, "1.2.840.10008.1.2.1", null, null);
        assertThat(e.pixelData()).isNull();
        assertThat(e.wholeObject()).isNull();
        assertThatThrownBy(() -> new InstanceEvidence(null, "1.2.840.10008.1.2.1", null, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new InstanceEvidence(INSTANCE, null, null, null)).isInstanceOf(NullPointerException.class);
    }
}
