package dev.ferry.core;

import dev.ferry.api.DateRange;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * A slice of the archive with its lane: for example the last two years in the RECENT lane, first,
 * and the rest in the BACKGROUND. A study belongs to the first tier of the plan that takes it.
 *
 * @param name a short name for reports
 * @param lane where its studies are scheduled
 * @param within studies dated at most this long before the inventory ({@code null}: no such bound)
 * @param dates studies dated within this range ({@code null}: no such bound)
 */
public record Tier(String name, Lane lane, Period within, DateRange dates) {
    public Tier {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tier name must not be empty");
        }
        Objects.requireNonNull(lane, "tier " + name + " lane");
        if (within != null && within.isNegative()) {
            throw new IllegalArgumentException("tier " + name + " within must not be negative: " + within);
        }
    }

    public static Tier recent(String name, Period within) {
        return new Tier(name, Lane.RECENT, within, null);
    }

    public static Tier all(String name, Lane lane) {
        return new Tier(name, lane, null, null);
    }

    /**
     * Whether a study of this date belongs here, judged on {@code today}. A study without a date
     * belongs only to a tier without bounds.
     */
    public boolean takes(LocalDate studyDate, LocalDate today) {
        if (within == null && dates == null) {
            return true;
        }
        if (studyDate == null) {
            return false;
        }
        if (within != null && studyDate.isBefore(today.minus(within))) {
            return false;
        }
        return dates == null || dates.contains(studyDate);
    }
}
