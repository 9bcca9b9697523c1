package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudyDescriptorTest {
    private static final PatientIdentity PATIENT = PatientIdentity.of("MRN-987654", "HOSP_A");

    private static StudyDescriptor study(Set<String> modalities, int series, int instances, long bytes) {
        return new StudyDescriptor("1.2.840.1", PATIENT, new Demographics("DOE^JANE", "19700101", "F"),
                new Accession("ACC-55501234", "HOSP_A"), LocalDate.of(2020, 5, 1), LocalTime.of(10, 30), modalities,
                series, instances, bytes);
    }

    @Test
    void studyInstanceUidIsRequired() {
        assertThatThrownBy(() -> StudyDescriptor.ofUid(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StudyDescriptor.ofUid(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("studyInstanceUid");
        assertThatThrownBy(() -> StudyDescriptor.ofUid("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsMustBeNonNegativeOrUnknown() {
        assertThatThrownBy(() -> study(Set.of(), -2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.840.1");
        assertThatThrownBy(() -> study(Set.of(), 1, -2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> study(Set.of(), 1, 1, -2)).isInstanceOf(IllegalArgumentException.class);
        StudyDescriptor unknown = study(Set.of(), StudyDescriptor.UNKNOWN, StudyDescriptor.UNKNOWN, StudyDescriptor.UNKNOWN);
        assertThat(unknown.seriesCount()).isEqualTo(-1);
        assertThat(study(Set.of(), 0, 0, 0).instanceCount()).isZero();
    }

    @Test
    void ofUidKnowsOnlyTheUid() {
        StudyDescriptor s = StudyDescriptor.ofUid("1.2.3");
        assertThat(s.patient()).isNull();
        assertThat(s.demographics()).isEqualTo(Demographics.UNKNOWN);
        assertThat(s.accession()).isEqualTo(Accession.NONE);
        assertThat(s.studyDate()).isNull();
        assertThat(s.modalities()).isEmpty();
        assertThat(s.seriesCount()).isEqualTo(StudyDescriptor.UNKNOWN);
        assertThat(s.instanceCount()).isEqualTo(StudyDescriptor.UNKNOWN);
        assertThat(s.sizeBytes()).isEqualTo(StudyDescriptor.UNKNOWN);
        assertThat(s.ref()).isEqualTo(ItemRef.study("1.2.3"));
    }

    @Test
    void modalitiesAreNormalisedToUpperCaseWithoutBlanks() {
        Set<String> input = new HashSet<>(Arrays.asList(" ct", "MR ", "sr", "", "  ", null, "CT"));
        StudyDescriptor s = study(input, 1, 1, 1);
        assertThat(s.modalities()).containsExactlyInAnyOrder("CT", "MR", "SR");
        assertThat(study(null, 1, 1, 1).modalities()).isEmpty();
    }

    @Test
    void modalitiesAreADefensiveUnmodifiableCopy() {
        Set<String> input = new HashSet<>(Set.of("CT"));
        StudyDescriptor s = study(input, 1, 1, 1);
        input.add("MR");
        assertThat(s.modalities()).containsExactly("CT");
        assertThatThrownBy(() -> s.modalities().add("US")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withCountsKeepsEverythingElse() {
        StudyDescriptor s = study(Set.of("CT"), 1, 2, 3).withCounts(4, 5, 6);
        assertThat(s.seriesCount()).isEqualTo(4);
        assertThat(s.instanceCount()).isEqualTo(5);
        assertThat(s.sizeBytes()).isEqualTo(6);
        assertThat(s.patient()).isEqualTo(PATIENT);
        assertThat(s.modalities()).containsExactly("CT");
        assertThat(s.studyTime()).isEqualTo(LocalTime.of(10, 30));
        assertThatThrownBy(() -> s.withCounts(-3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsKeysButNoPatientData() {
        String text = study(Set.of("MR", "CT"), 2, 30, 4096).toString();
        assertThat(text).contains("1.2.840.1").contains("2020-05-01").contains("[CT, MR]").contains("series=2")
                .contains("instances=30")
                .doesNotContain("MRN-987654").doesNotContain("DOE^JANE").doesNotContain("JANE")
                .doesNotContain("19700101").doesNotContain("ACC-55501234");
    }
}
