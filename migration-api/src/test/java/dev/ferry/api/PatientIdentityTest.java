package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatientIdentityTest {

    @Test
    void idIsRequiredAndNotBlank() {
        assertThatThrownBy(() -> new PatientIdentity(null, "HOSP_A"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> PatientIdentity.of("", "HOSP_A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("patient id is empty");
        assertThatThrownBy(() -> PatientIdentity.of("  ", "HOSP_A")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIssuerMeansUnknownIssuer() {
        PatientIdentity p = PatientIdentity.of("MRN-987654", null);
        assertThat(p.issuer()).isEmpty();
        assertThat(p.hasIssuer()).isFalse();
        assertThat(PatientIdentity.of("MRN-987654", "HOSP_A").hasIssuer()).isTrue();
    }

    @Test
    void sameOnlyWhenIdAndIssuerAreEqual() {
        assertThat(PatientIdentity.of("MRN-1", "HOSP_A")).isEqualTo(new PatientIdentity("MRN-1", "HOSP_A"));
        assertThat(PatientIdentity.of("MRN-1", "HOSP_A")).isNotEqualTo(PatientIdentity.of("MRN-1", "HOSP_B"));
        assertThat(PatientIdentity.of("MRN-1", "HOSP_A")).isNotEqualTo(PatientIdentity.of("MRN-1", ""));
    }

    @Test
    void toStringRedactsTheIdButShowsTheIssuer() {
        PatientIdentity p = PatientIdentity.of("MRN-987654", "HOSP_A");
        assertThat(p.toString()).doesNotContain("MRN-987654")
                .contains("HOSP_A").contains(Redaction.token("MRN-987654"));
    }
}
