package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationContextTest {
    private static final InstanceDescriptor INSTANCE = new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", 1);
    private static final StudyManifest SOURCE = new StudyManifest(StudyDescriptor.ofUid("1.2"), List.of(), List.of(INSTANCE));

    @Test
    void evidenceIsADefensiveCopy() {
        Map<String, InstanceEvidence> evidence = new HashMap<>();
        evidence.put("1.2.3.4", new InstanceEvidence(INSTANCE, "1.2.840.10008.1.2.1", null, null));
        VerificationContext c = new VerificationContext(SOURCE, null, evidence, new DestinationArchiveTest.EmptyDestination());
        evidence.clear();
        assertThat(c.evidence()).containsOnlyKeys("1.2.3.4");
        assertThatThrownBy(() -> c.evidence().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.expectedIdentity()).isNull();
    }

    @Test
    void sourceAndDestinationAreRequired() {
        DestinationArchiveTest.EmptyDestination d = new DestinationArchiveTest.EmptyDestination();
        assertThatThrownBy(() -> new VerificationContext(null, null, Map.of(), d)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VerificationContext(SOURCE, null, Map.of(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
