package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReasonCodeTest {

    @Test
    void onlyNetworkTimeoutBusyPeerAndAChangingStudyAreRetryableByDefault() {
        assertThat(Arrays.stream(ReasonCode.values()).filter(ReasonCode::retryableByDefault))
                .containsExactlyInAnyOrder(ReasonCode.NETWORK, ReasonCode.TIMEOUT, ReasonCode.PEER_BUSY,
                        ReasonCode.STUDY_CHANGED);
    }
}
