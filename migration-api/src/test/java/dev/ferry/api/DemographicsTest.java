package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemographicsTest {

    @Test
    void absentFieldsAreEmptyStrings() {
        Demographics d = new Demographics(null, null, null);
        assertThat(d).isEqualTo(Demographics.UNKNOWN);
        assertThat(d.name()).isEmpty();
        assertThat(d.birthDate()).isEmpty();
        assertThat(d.sex()).isEmpty();
    }

    @Test
    void keepsValuesAsWritten() {
        Demographics d = new Demographics("DOE^JANE^^^", "1970-01-01", "f");
        assertThat(d.name()).isEqualTo("DOE^JANE^^^");
        assertThat(d.birthDate()).isEqualTo("1970-01-01");
        assertThat(d.sex()).isEqualTo("f");
    }

    @Test
    void toStringRedactsEveryField() {
        Demographics d = new Demographics("DOE^JANE", "19700101", "F");
        assertThat(d.toString()).doesNotContain("DOE").doesNotContain("JANE").doesNotContain("19700101")
                .contains(Redaction.token("DOE^JANE")).contains(Redaction.token("19700101"))
                .contains(Redaction.token("F"));
        assertThat(Demographics.UNKNOWN.toString()).isEqualTo("Demographics[name=-, birthDate=-, sex=-]");
    }
}
