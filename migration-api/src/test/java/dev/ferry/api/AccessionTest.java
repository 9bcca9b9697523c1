package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessionTest {

    @Test
    void absentPartsAreEmpty() {
        assertThat(new Accession(null, null)).isEqualTo(Accession.NONE);
        assertThat(Accession.NONE.isEmpty()).isTrue();
        assertThat(Accession.of("ACC-55501234").issuer()).isEmpty();
        assertThat(Accession.of("ACC-55501234").isEmpty()).isFalse();
        assertThat(new Accession("", "HOSP_A").isEmpty()).as("an issuer alone is no accession").isTrue();
    }

    @Test
    void toStringRedactsTheNumberButShowsTheIssuer() {
        Accession a = new Accession("ACC-55501234", "HOSP_A");
        assertThat(a.toString()).doesNotContain("ACC-55501234").contains("HOSP_A")
                .contains(Redaction.token("ACC-55501234"));
    }
}
