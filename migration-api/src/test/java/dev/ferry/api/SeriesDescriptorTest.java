package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesDescriptorTest {

    @Test
    void modalityIsStrippedAndNeverNull() {
        assertThat(new SeriesDescriptor("1.2", "1.2.3", " CT ", 1, 3).modality()).isEqualTo("CT");
        assertThat(new SeriesDescriptor("1.2", "1.2.3", null, null, 3).modality()).isEmpty();
        assertThat(new SeriesDescriptor("1.2", "1.2.3", null, null, 3).seriesNumber()).isNull();
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new SeriesDescriptor("1.2", "1.2.3", "CT", 1, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.3");
        assertThat(new SeriesDescriptor("1.2", "1.2.3", "CT", 1, StudyDescriptor.UNKNOWN).instanceCount()).isEqualTo(-1);
        assertThatThrownBy(() -> new SeriesDescriptor(null, "1.2.3", "CT", 1, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SeriesDescriptor("1.2", null, "CT", 1, 1)).isInstanceOf(NullPointerException.class);
    }
}
