package dev.ferry.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class StudyFactsTest {

    @Test
    void datesParseLenientlyAndUnparseableIsNull() {
        assertThat(StudyFacts.parseDate("20240115")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(StudyFacts.parseDate(" 20240115 ")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(StudyFacts.parseDate("2024.01.15")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(StudyFacts.parseDate("2024-01-15")).isEqualTo(LocalDate.of(2024, 1, 15));
        assertThat(StudyFacts.parseDate("20241345")).isNull();
        assertThat(StudyFacts.parseDate("20240230")).isNull();
        assertThat(StudyFacts.parseDate("2024011")).isNull();
        assertThat(StudyFacts.parseDate("20240101-20240131")).isNull();
        assertThat(StudyFacts.parseDate("UNKNOWN")).isNull();
        assertThat(StudyFacts.parseDate("")).isNull();
        assertThat(StudyFacts.parseDate(null)).isNull();
    }

    @Test
    void timesParseLenientlyAndUnparseableIsNull() {
        assertThat(StudyFacts.parseTime("101500")).isEqualTo(LocalTime.of(10, 15));
        assertThat(StudyFacts.parseTime("10")).isEqualTo(LocalTime.of(10, 0));
        assertThat(StudyFacts.parseTime("1015")).isEqualTo(LocalTime.of(10, 15));
        assertThat(StudyFacts.parseTime("101530.25")).isEqualTo(LocalTime.of(10, 15, 30, 250_000_000));
        assertThat(StudyFacts.parseTime("10:15:30")).isEqualTo(LocalTime.of(10, 15, 30));
        assertThat(StudyFacts.parseTime("10:15:30.5")).isEqualTo(LocalTime.of(10, 15, 30, 500_000_000));
        assertThat(StudyFacts.parseTime("251500")).isNull();
        assertThat(StudyFacts.parseTime("10153")).isNull();
        assertThat(StudyFacts.parseTime("101530.1234567")).isNull();
        assertThat(StudyFacts.parseTime("noon")).isNull();
        assertThat(StudyFacts.parseTime(null)).isNull();
    }
}
