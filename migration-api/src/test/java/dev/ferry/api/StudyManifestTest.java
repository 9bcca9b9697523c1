package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyManifestTest {
    private static InstanceDescriptor instance(String uid, long size) {
        return new InstanceDescriptor("1.2", "1.2.3", uid, "1.2.840", size);
    }

    @Test
    void countsAndSumsInstances() {
        StudyManifest m = new StudyManifest(StudyDescriptor.ofUid("1.2"),
                List.of(new SeriesDescriptor("1.2", "1.2.3", "CT", 1, 2)),
                List.of(instance("1.2.3.1", 100), instance("1.2.3.2", 250)));
        assertThat(m.instanceCount()).isEqualTo(2);
        assertThat(m.sizeBytes()).isEqualTo(350);
    }

    @Test
    void sizeIsUnknownWhenAnyInstanceSizeIsUnknown() {
        StudyManifest m = new StudyManifest(StudyDescriptor.ofUid("1.2"), List.of(),
                List.of(instance("1.2.3.1", 100), instance("1.2.3.2", StudyDescriptor.UNKNOWN)));
        assertThat(m.sizeBytes()).isEqualTo(StudyDescriptor.UNKNOWN);
        assertThat(new StudyManifest(StudyDescriptor.ofUid("1.2"), List.of(), List.of()).sizeBytes()).isZero();
    }

    @Test
    void listsAreDefensiveCopies() {
        List<InstanceDescriptor> instances = new ArrayList<>(List.of(instance("1.2.3.1", 1)));
        List<SeriesDescriptor> series = new ArrayList<>(List.of(new SeriesDescriptor("1.2", "1.2.3", "CT", 1, 1)));
        StudyManifest m = new StudyManifest(StudyDescriptor.ofUid("1.2"), series, instances);
        instances.add(instance("1.2.3.2", 1));
        series.clear();
        assertThat(m.instances()).hasSize(1);
        assertThat(m.series()).hasSize(1);
        assertThatThrownBy(() -> m.instances().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new StudyManifest(null, List.of(), List.of())).isInstanceOf(NullPointerException.class);
    }
}
