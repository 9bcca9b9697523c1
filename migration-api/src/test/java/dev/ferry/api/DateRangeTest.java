package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DateRangeTest {
    private static final LocalDate JAN_1 = LocalDate.of(2020, 1, 1);
    private static final LocalDate DEC_31 = LocalDate.of(2020, 12, 31);

    @Test
    void fromAfterToIsRejectedNamingBothDates() {
        assertThatThrownBy(() -> DateRange.between(DEC_31, JAN_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2020-12-31").hasMessageContaining("2020-01-01");
        assertThat(DateRange.between(JAN_1, JAN_1)).isEqualTo(DateRange.on(JAN_1));
    }

    @Test
    void containsIsInclusiveAtBothEnds() {
        DateRange year = DateRange.between(JAN_1, DEC_31);
        assertThat(year.contains(JAN_1)).isTrue();
        assertThat(year.contains(DEC_31)).isTrue();
        assertThat(year.contains(LocalDate.of(2020, 6, 15))).isTrue();
        assertThat(year.contains(JAN_1.minusDays(1))).isFalse();
        assertThat(year.contains(DEC_31.plusDays(1))).isFalse();
    }

    @Test
    void openEndsAreUnbounded() {
        DateRange from = new DateRange(JAN_1, null);
        DateRange to = new DateRange(null, DEC_31);
        assertThat(from.contains(LocalDate.of(2999, 1, 1))).isTrue();
        assertThat(from.contains(JAN_1.minusDays(1))).isFalse();
        assertThat(to.contains(LocalDate.of(1900, 1, 1))).isTrue();
        assertThat(to.contains(DEC_31.plusDays(1))).isFalse();
        assertThat(DateRange.ALL.contains(LocalDate.of(1900, 1, 1))).isTrue();
        assertThat(from.isUnbounded()).isFalse();
        assertThat(DateRange.ALL.isUnbounded()).isTrue();
    }

    @Test
    void aStudyWithoutADateFallsOnlyInTheUnboundedRange() {
        assertThat(DateRange.ALL.contains(null)).isTrue();
        assertThat(new DateRange(JAN_1, null).contains(null)).isFalse();
        assertThat(new DateRange(null, DEC_31).contains(null)).isFalse();
        assertThat(DateRange.between(JAN_1, DEC_31).contains(null)).isFalse();
    }

    @Test
    void toDicomIsTheRangeMatchingForm() {
        assertThat(DateRange.between(JAN_1, DEC_31).toDicom()).isEqualTo("20200101-20201231");
        assertThat(new DateRange(JAN_1, null).toDicom()).isEqualTo("20200101-");
        assertThat(new DateRange(null, DEC_31).toDicom()).isEqualTo("-20201231");
        assertThat(DateRange.on(JAN_1).toDicom()).isEqualTo("20200101");
        assertThat(DateRange.ALL.toDicom()).isEmpty();
    }

    @Test
    void toStringIsReadable() {
        assertThat(DateRange.ALL.toString()).isEqualTo("any date");
        assertThat(DateRange.between(JAN_1, DEC_31).toString()).isEqualTo("2020-01-01..2020-12-31");
        assertThat(new DateRange(JAN_1, null).toString()).isEqualTo("2020-01-01.....");
    }
}
