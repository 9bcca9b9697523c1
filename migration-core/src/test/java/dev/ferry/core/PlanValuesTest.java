package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.DateRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanValuesTest {

    @Test
    void durations() {
        assertThat(PlanValues.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(PlanValues.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PlanValues.duration("5 m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PlanValues.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(PlanValues.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(PlanValues.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PlanValues.duration("pt30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30sec", "-5s", "1.5h", "P", "PT", "PT-5S", "5 minutes", "s"})
    void notDurations(String text) {
        assertThatThrownBy(() -> PlanValues.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void periods() {
        assertThat(PlanValues.period("2y")).isEqualTo(Period.ofYears(2));
        assertThat(PlanValues.period("18m")).isEqualTo(Period.ofMonths(18));
        assertThat(PlanValues.period("6w")).isEqualTo(Period.ofWeeks(6));
        assertThat(PlanValues.period("90d")).isEqualTo(Period.ofDays(90));
        assertThat(PlanValues.period("P1Y6M")).isEqualTo(Period.of(1, 6, 0));
        assertThatThrownBy(() -> PlanValues.period("2 years")).hasMessageContaining("must be a period");
        assertThatThrownBy(() -> PlanValues.period("P-1Y")).hasMessageContaining("must not be negative");
    }

    @Test
    void rates() {
        assertThat(PlanValues.bytesPerSecond("0")).isZero();
        assertThat(PlanValues.bytesPerSecond("100 B/s")).isEqualTo(100);
        assertThat(PlanValues.bytesPerSecond("40 MB/s")).isEqualTo(40_000_000);
        assertThat(PlanValues.bytesPerSecond("40MB/s")).isEqualTo(40_000_000);
        assertThat(PlanValues.bytesPerSecond("1.5 GB/s")).isEqualTo(1_500_000_000);
        assertThat(PlanValues.bytesPerSecond("2 kB/s")).isEqualTo(2_000);
        assertThat(PlanValues.bytesPerSecond("2 KiB/s")).isEqualTo(2_048);
        assertThat(PlanValues.bytesPerSecond("1 MiB/s")).isEqualTo(1 << 20);
        assertThat(PlanValues.bytesPerSecond("1 GiB/s")).isEqualTo(1 << 30);
        assertThat(PlanValues.bytesPerSecond("100 Mbit/s")).isEqualTo(12_500_000);
        assertThat(PlanValues.bytesPerSecond("1 Gbit/s")).isEqualTo(125_000_000);
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("40")).hasMessageContaining("must be a rate");
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("40 MB")).hasMessageContaining("must be a rate");
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("-40 MB/s")).hasMessageContaining("must be a rate");
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("40 mb/s")).hasMessageContaining("unknown unit 'mb/s'");
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("99999999999 GB/s")).hasMessageContaining("too large");
        assertThatThrownBy(() -> PlanValues.bytesPerSecond("0.1 B/s")).hasMessageContaining("rounds to 0");
    }

    @Test
    void dateRanges() {
        LocalDate a = LocalDate.of(2010, 1, 1);
        LocalDate b = LocalDate.of(2025, 12, 31);
        assertThat(PlanValues.dateRange("20100101-20251231")).isEqualTo(new DateRange(a, b));
        assertThat(PlanValues.dateRange("20100101-")).isEqualTo(new DateRange(a, null));
        assertThat(PlanValues.dateRange("-20251231")).isEqualTo(new DateRange(null, b));
        assertThat(PlanValues.dateRange("20100101")).isEqualTo(DateRange.on(a));
        assertThat(PlanValues.dateRange("20240229")).isEqualTo(DateRange.on(LocalDate.of(2024, 2, 29)));
        assertThatThrownBy(() -> PlanValues.dateRange("20230229")).hasMessageContaining("no such date");
        assertThatThrownBy(() -> PlanValues.dateRange("-")).hasMessageContaining("must be a date range");
        assertThatThrownBy(() -> PlanValues.dateRange("2010-01-01")).hasMessageContaining("must be a date range");
        assertThatThrownBy(() -> PlanValues.dateRange("2010")).hasMessageContaining("must be a date range");
        assertThatThrownBy(() -> PlanValues.dateRange("20251231-20100101")).hasMessageContaining("starts after it ends");
    }

    @Test
    void daysAndTimes() {
        assertThat(PlanValues.day("mon")).isEqualTo(DayOfWeek.MONDAY);
        assertThat(PlanValues.day("Sunday")).isEqualTo(DayOfWeek.SUNDAY);
        assertThatThrownBy(() -> PlanValues.day("Mo")).hasMessageContaining("must be a day");
        assertThat(PlanValues.time("07:00", false)).isEqualTo(LocalTime.of(7, 0));
        assertThat(PlanValues.time("7:30", false)).isEqualTo(LocalTime.of(7, 30));
        assertThat(PlanValues.time("24:00", true)).isEqualTo(LocalTime.MIDNIGHT);
        assertThatThrownBy(() -> PlanValues.time("24:00", false)).hasMessageContaining("must be a time");
        assertThatThrownBy(() -> PlanValues.time("12:60", true)).hasMessageContaining("must be a time");
        assertThatThrownBy(() -> PlanValues.time("07:00:00", true)).hasMessageContaining("must be a time");
    }

    @Test
    void numbers() {
        assertThat(PlanValues.fraction("5%", 1, false)).isEqualTo(0.05);
        assertThat(PlanValues.fraction("0.05", 1, false)).isEqualTo(0.05);
        assertThat(PlanValues.fraction("1", 1, true)).isEqualTo(1.0);
        assertThatThrownBy(() -> PlanValues.fraction("1", 1, false)).hasMessageContaining("below 1");
        assertThatThrownBy(() -> PlanValues.fraction("-1%", 1, false)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> PlanValues.fraction("NaN", 1, false)).hasMessageContaining("fraction");
        assertThat(PlanValues.integer("+7", 1, 10)).isEqualTo(7);
        assertThatThrownBy(() -> PlanValues.integer("11", 1, 10)).hasMessage("must be at most 10, not 11");
        assertThatThrownBy(() -> PlanValues.integer("99999999999999999999", 1, 10)).hasMessageContaining("too large");
        assertThatThrownBy(() -> PlanValues.integer("1.0", 1, 10)).hasMessageContaining("whole number");
        assertThat(PlanValues.number("1.5", 1)).isEqualTo(1.5);
        assertThatThrownBy(() -> PlanValues.number("0.5", 1)).hasMessage("must be at least 1, not 0.5");
        assertThat(PlanValues.bool("TRUE")).isTrue();
        assertThat(PlanValues.modality(" mg ")).isEqualTo("MG");
        assertThatThrownBy(() -> PlanValues.modality("C/T")).hasMessageContaining("DICOM modality");
    }
}
