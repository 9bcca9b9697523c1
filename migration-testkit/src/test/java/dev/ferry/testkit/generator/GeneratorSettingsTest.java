package dev.ferry.testkit.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {
    @Test
    void defaultsAreFixedNeverTheClock() {
        GeneratorSettings s = GeneratorSettings.builder().build();
        assertThat(s.asOf()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(s.sizes()).isEqualTo(Sizes.COMPACT);
        assertThat(s.dirt()).isEqualTo(DirtProfile.FIELD);
        assertThat(s.deltaStudies()).isZero();
    }

    @Test
    void invalidSettingsNameTheirField() {
        assertThatThrownBy(() -> GeneratorSettings.builder().studies(0).build()).hasMessageStartingWith("studies");
        assertThatThrownBy(() -> GeneratorSettings.builder().deltaStudies(-1).build())
                .hasMessageStartingWith("deltaStudies");
        assertThatThrownBy(() -> GeneratorSettings.builder().sizes(null).build()).hasMessage("sizes");
        assertThatThrownBy(() -> DirtProfile.builder().corruptStudies(1.5).build())
                .hasMessageStartingWith("corruptStudies");
        assertThatThrownBy(() -> DirtProfile.builder().latin1(0.6).utf8(0.6).build()).hasMessageContaining("latin1");
    }

    @Test
    void aCustomProfileStartsFromField() {
        DirtProfile p = DirtProfile.builder().corruptStudies(0.5).build();
        assertThat(p.corruptStudies()).isEqualTo(0.5);
        assertThat(p.mrnVariants()).isEqualTo(DirtProfile.FIELD.mrnVariants());
        assertThat(DirtProfile.FIELD.toBuilder().noFaults().build()).isEqualTo(DirtProfile.CLEAN);
    }
}
