package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrieveRequestTest {

    @Test
    void wholeStudyWantsEveryInstance() {
        RetrieveRequest r = RetrieveRequest.study("1.2.3");
        assertThat(r.wholeStudy()).isTrue();
        assertThat(r.wants("anything")).isTrue();
        assertThat(new RetrieveRequest("1.2.3", null).wholeStudy()).isTrue();
        assertThat(r.toString()).isEqualTo("RetrieveRequest[1.2.3, whole study]");
    }

    @Test
    void someInstancesWantsOnlyThose() {
        RetrieveRequest r = RetrieveRequest.instances("1.2.3", Set.of("1.2.3.1", "1.2.3.2"));
        assertThat(r.wholeStudy()).isFalse();
        assertThat(r.wants("1.2.3.1")).isTrue();
        assertThat(r.wants("1.2.3.9")).isFalse();
        assertThat(r.toString()).contains("2 instances").doesNotContain("1.2.3.1");
    }

    @Test
    void namingNoInstancesIsAnError() {
        assertThatThrownBy(() -> RetrieveRequest.instances("1.2.3", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.3");
        assertThatThrownBy(() -> RetrieveRequest.study(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void instancesAreADefensiveCopy() {
        Set<String> uids = new HashSet<>(Set.of("1.2.3.1"));
        RetrieveRequest r = RetrieveRequest.instances("1.2.3", uids);
        uids.add("1.2.3.2");
        assertThat(r.sopInstanceUids()).containsExactly("1.2.3.1");
        assertThatThrownBy(() -> r.sopInstanceUids().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
