package dev.ferry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThrottleWindowTest {
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    @Test
    void businessHours() {
        ThrottleWindow w = new ThrottleWindow(WEEKDAYS, LocalTime.of(7, 0), LocalTime.of(19, 0), 2, Map.of());
        assertThat(w.covers(LocalDateTime.parse("2026-11-23T07:00"))).isTrue(); // a Monday
        assertThat(w.covers(LocalDateTime.parse("2026-11-23T18:59:59"))).isTrue();
        assertThat(w.covers(LocalDateTime.parse("2026-11-23T19:00"))).isFalse();
        assertThat(w.covers(LocalDateTime.parse("2026-11-23T06:59"))).isFalse();
        assertThat(w.covers(LocalDateTime.parse("2026-11-22T12:00"))).as("Sunday").isFalse();
    }

    @Test
    void pastMidnightBelongsToTheDayItStarted() {
        ThrottleWindow w = new ThrottleWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), 8,
                Map.of());
        assertThat(w.covers(LocalDateTime.parse("2026-11-27T23:00"))).isTrue(); // Friday night
        assertThat(w.covers(LocalDateTime.parse("2026-11-28T05:59"))).isTrue(); // Saturday morning
        assertThat(w.covers(LocalDateTime.parse("2026-11-28T23:00"))).isFalse();
        assertThat(w.covers(LocalDateTime.parse("2026-11-27T05:00"))).as("Friday morning: Thursday's night").isFalse();
    }

    @Test
    void equalTimesMeanAllDay() {
        ThrottleWindow w = new ThrottleWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, 8,
                Map.of());
        assertThat(w.covers(LocalDateTime.parse("2026-11-22T00:00"))).isTrue();
        assertThat(w.covers(LocalDateTime.parse("2026-11-22T23:59"))).isTrue();
        assertThat(w.covers(LocalDateTime.parse("2026-11-23T00:00"))).isFalse();
    }

    @Test
    void validatesNamingTheField() {
        assertThatThrownBy(() -> new ThrottleWindow(Set.of(), LocalTime.NOON, LocalTime.MIDNIGHT, 1, Map.of()))
                .hasMessageContaining("days");
        assertThatThrownBy(() -> new ThrottleWindow(WEEKDAYS, LocalTime.NOON, LocalTime.MIDNIGHT, 1, Map.of("mg", -1)))
                .hasMessageContaining("group mg");
    }
}
