package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudyQueryTest {
    private static final LocalDate MAY_1 = LocalDate.of(2020, 5, 1);

    private static StudyDescriptor study(String uid, PatientIdentity patient, LocalDate date, String... modalities) {
        return new StudyDescriptor(uid, patient, null, null, date, null, Set.of(modalities),
                StudyDescriptor.UNKNOWN, StudyDescriptor.UNKNOWN, StudyDescriptor.UNKNOWN);
    }

    private static final StudyDescriptor CT_STUDY =
            study("1.2.1", PatientIdentity.of("MRN-1", "HOSP_A"), MAY_1, "CT", "SR");

    @Test
    void allMatchesEveryStudyEvenWithoutDateOrPatient() {
        assertThat(StudyQuery.ALL.matches(CT_STUDY)).isTrue();
        assertThat(StudyQuery.ALL.matches(StudyDescriptor.ofUid("1.2.9"))).isTrue();
        assertThat(StudyQuery.builder().build()).isEqualTo(StudyQuery.ALL);
    }

    @Test
    void dateRangeIsInclusiveAndADatelessStudyMatchesOnlyUnboundedRanges() {
        assertThat(StudyQuery.builder().dates(MAY_1, MAY_1).build().matches(CT_STUDY)).isTrue();
        assertThat(StudyQuery.builder().dates(MAY_1.plusDays(1), null).build().matches(CT_STUDY)).isFalse();
        assertThat(StudyQuery.builder().dates(null, MAY_1.minusDays(1)).build().matches(CT_STUDY)).isFalse();

        StudyDescriptor dateless = study("1.2.2", null, null, "CT");
        assertThat(StudyQuery.builder().dates(DateRange.ALL).build().matches(dateless)).isTrue();
        assertThat(StudyQuery.builder().dates(null, MAY_1).build().matches(dateless)).isFalse();
        assertThat(StudyQuery.builder().dates(MAY_1, null).build().matches(dateless)).isFalse();
    }

    @Test
    void modalitiesMatchWhenAnyOverlapsCaseInsensitively() {
        assertThat(StudyQuery.builder().modality("ct").build().matches(CT_STUDY)).isTrue();
        assertThat(StudyQuery.builder().modality("MR", "SR").build().matches(CT_STUDY)).isTrue();
        assertThat(StudyQuery.builder().modality(" sr ").build().matches(CT_STUDY)).isTrue();
        assertThat(StudyQuery.builder().modality("MR", "US").build().matches(CT_STUDY)).isFalse();
        assertThat(StudyQuery.builder().modality("CT").build().matches(study("1.2.3", null, MAY_1)))
                .as("a study with unknown modalities lists none of them").isFalse();
    }

    @Test
    void patientIssuerIsComparedOnlyWhenTheQueryHasOne() {
        StudyDescriptor noIssuer = study("1.2.4", PatientIdentity.of("MRN-1", ""), MAY_1, "CT");
        StudyDescriptor otherIssuer = study("1.2.5", PatientIdentity.of("MRN-1", "HOSP_B"), MAY_1, "CT");

        StudyQuery anyIssuer = StudyQuery.builder().patient(PatientIdentity.of("MRN-1", null)).build();
        assertThat(anyIssuer.matches(CT_STUDY)).isTrue();
        assertThat(anyIssuer.matches(noIssuer)).isTrue();
        assertThat(anyIssuer.matches(otherIssuer)).isTrue();

        StudyQuery hospA = StudyQuery.builder().patient(PatientIdentity.of("MRN-1", "HOSP_A")).build();
        assertThat(hospA.matches(CT_STUDY)).isTrue();
        assertThat(hospA.matches(noIssuer)).isFalse();
        assertThat(hospA.matches(otherIssuer)).isFalse();

        assertThat(StudyQuery.builder().patient(PatientIdentity.of("MRN-2", null)).build().matches(CT_STUDY)).isFalse();
        assertThat(StudyQuery.builder().patient(PatientIdentity.of("mrn-1", null)).build().matches(CT_STUDY))
                .as("patient IDs compare exactly").isFalse();
        assertThat(anyIssuer.matches(study("1.2.6", null, MAY_1, "CT"))).as("study without a patient").isFalse();
    }

    @Test
    void studyUidsRestrictTheMatch() {
        StudyQuery q = StudyQuery.builder().study("1.2.1", "1.2.7").build();
        assertThat(q.matches(CT_STUDY)).isTrue();
        assertThat(q.matches(study("1.2.8", null, MAY_1, "CT"))).isFalse();
    }

    @Test
    void criteriaCombineWithAnd() {
        StudyQuery q = StudyQuery.builder()
                .dates(MAY_1, MAY_1)
                .modality("CT")
                .patient(PatientIdentity.of("MRN-1", "HOSP_A"))
                .study("1.2.1")
                .build();
        assertThat(q.matches(CT_STUDY)).isTrue();
        assertThat(q.withDates(DateRange.on(MAY_1.plusDays(1))).matches(CT_STUDY)).isFalse();
        assertThat(q.matches(study("1.2.1", PatientIdentity.of("MRN-1", "HOSP_A"), MAY_1, "MR"))).isFalse();
        assertThat(q.matches(study("1.2.1", PatientIdentity.of("MRN-9", "HOSP_A"), MAY_1, "CT"))).isFalse();
        assertThat(q.matches(study("1.2.2", PatientIdentity.of("MRN-1", "HOSP_A"), MAY_1, "CT"))).isFalse();
    }

    @Test
    void withDatesKeepsTheOtherCriteria() {
        StudyQuery q = StudyQuery.builder().modality("CT").study("1.2.1").build();
        StudyQuery narrowed = q.withDates(DateRange.on(MAY_1));
        assertThat(narrowed.dates()).isEqualTo(DateRange.on(MAY_1));
        assertThat(narrowed.modalities()).isEqualTo(q.modalities());
        assertThat(narrowed.studyInstanceUids()).isEqualTo(q.studyInstanceUids());
    }

    @Test
    void constructorNormalisesAndCopies() {
        Set<String> modalities = new HashSet<>(Set.of("ct", " mr"));
        Set<String> uids = new HashSet<>(Set.of("1.2.1"));
        StudyQuery q = new StudyQuery(null, modalities, null, uids);
        modalities.add("US");
        uids.add("1.2.2");

        assertThat(q.dates()).isEqualTo(DateRange.ALL);
        assertThat(q.modalities()).containsExactlyInAnyOrder("CT", "MR");
        assertThat(q.studyInstanceUids()).containsExactly("1.2.1");
        assertThatThrownBy(() -> q.modalities().add("US")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new StudyQuery(null, null, null, null)).isEqualTo(StudyQuery.ALL);
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> StudyQuery.builder().modality(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modality");
        assertThatThrownBy(() -> StudyQuery.builder().modality((String) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StudyQuery.builder().study((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StudyQuery.builder().dates(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StudyQuery.builder().dates(MAY_1, MAY_1.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringRedactsThePatientAndCountsStudies() {
        StudyQuery q = StudyQuery.builder().patient(PatientIdentity.of("MRN-987654", "HOSP_A"))
                .study("1.2.3.999", "1.2.3.998").build();
        assertThat(q.toString()).doesNotContain("MRN-987654").doesNotContain("1.2.3.999").contains("studies=2");
    }
}
