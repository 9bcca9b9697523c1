package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolvedIdentityTest {
    private static final PatientIdentity PATIENT = PatientIdentity.of("MRN-987654", "HOSP_A");

    @Test
    void defaultsAndRequiredPatient() {
        ResolvedIdentity r = new ResolvedIdentity(PATIENT, null, null, List.of());
        assertThat(r.demographics()).isEqualTo(Demographics.UNKNOWN);
        assertThat(r.accession()).isEqualTo(Accession.NONE);
        assertThatThrownBy(() -> new ResolvedIdentity(null, null, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("patient");
    }

    @Test
    void evidenceIsADefensiveCopy() {
        List<String> evidence = new ArrayList<>(List.of("A40 merge MSG-1"));
        ResolvedIdentity r = new ResolvedIdentity(PATIENT, null, null, evidence);
        evidence.add("later");
        assertThat(r.evidence()).containsExactly("A40 merge MSG-1");
        assertThatThrownBy(() -> r.evidence().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unchangedCarriesTheStudysOwnIdentity() {
        StudyDescriptor study = new StudyDescriptor("1.2.3", PATIENT, new Demographics("DOE^JANE", "19700101", "F"),
                Accession.of("ACC-55501234"), null, null, Set.of(), 1, 1, 1);
        ResolvedIdentity r = ResolvedIdentity.unchanged(study, "no resolver configured");
        assertThat(r.patient()).isEqualTo(PATIENT);
        assertThat(r.demographics()).isEqualTo(study.demographics());
        assertThat(r.accession()).isEqualTo(study.accession());
        assertThat(r.evidence()).containsExactly("no resolver configured");
    }

    @Test
    void toStringNeverContainsPatientData() {
        ResolvedIdentity r = new ResolvedIdentity(PATIENT, new Demographics("DOE^JANE", "19700101", "F"),
                Accession.of("ACC-55501234"), List.of("MPI said MRN-987654 is DOE^JANE"));
        assertThat(r.toString()).doesNotContain("MRN-987654").doesNotContain("DOE^JANE").doesNotContain("19700101")
                .doesNotContain("ACC-55501234").contains("1 steps");
    }
}
