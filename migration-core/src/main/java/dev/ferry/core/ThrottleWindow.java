package dev.ferry.core;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A time of the week with its own limits: for example weekdays 07:00–19:00 with 2 studies at a time
 * and mammography capped at 1, so the legacy PACS still serves the radiologists. A window whose end
 * is before its start runs past midnight (22:00–06:00); its days are the days it starts on.
 *
 * @param days the days it applies to (it starts on), not empty
 * @param from, to the local times it runs between ({@code from} inclusive, {@code to} exclusive);
 *     equal means all day
 * @param maxStudies studies worked on at once in the window, at least 0 (0 pauses migration)
 * @param groupLimits limits per modality group ({@link MigrationPlan#modalityGroups()}) within
 *     that, at least 0 each
 */
public record ThrottleWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, int maxStudies,
                             Map<String, Integer> groupLimits) {
    public ThrottleWindow {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("throttle window days must not be empty");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(from, "throttle window from");
        Objects.requireNonNull(to, "throttle window to");
        if (maxStudies < 0) {
            throw new IllegalArgumentException("throttle window maxStudies must not be negative: " + maxStudies);
        }
        groupLimits = Map.copyOf(groupLimits);
        groupLimits.forEach((group, limit) -> {
            if (limit < 0) {
                throw new IllegalArgumentException("throttle window limit for group " + group
                        + " must not be negative: " + limit);
            }
        });
    }

    /** Whether the window covers this local date and time. */
    public boolean covers(LocalDateTime t) {
        LocalTime time = t.toLocalTime();
        if (from.equals(to)) {
            return days.contains(t.getDayOfWeek());
        }
        if (from.isBefore(to)) {
            return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
        // Past midnight: the evening part on a listed day, the morning part on the day after one.
        return days.contains(t.getDayOfWeek()) && !time.isBefore(from)
                || days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to);
    }
}
