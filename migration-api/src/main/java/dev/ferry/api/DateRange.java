package dev.ferry.api;

import java.time.LocalDate;

/**
 * An inclusive range of study dates; either end may be open ({@code null}).
 */
public record DateRange(LocalDate from, LocalDate to) {
    public static final DateRange ALL = new DateRange(null, null);

    public DateRange {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("date range starts after it ends: " + from + " > " + to);
        }
    }

    public static DateRange between(LocalDate from, LocalDate to) {
        return new DateRange(from, to);
    }

    public static DateRange on(LocalDate day) {
        return new DateRange(day, day);
    }

    public boolean isUnbounded() {
        return from == null && to == null;
    }

    /**
     * Whether a study dated {@code date} falls in the range. A study with no (or an unparseable)
     * date falls only in the unbounded range: it is never lost, but it is not claimed by a slice.
     */
    public boolean contains(LocalDate date) {
        if (date == null) {
            return isUnbounded();
        }
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    /** The DICOM range-matching form, e.g. {@code 20200101-20201231}, {@code -20201231}, or empty. */
    public String toDicom() {
        if (isUnbounded()) {
            return "";
        }
        String f = from == null ? "" : from.toString().replace("-", "");
        String t = to == null ? "" : to.toString().replace("-", "");
        return f.equals(t) ? f : f + "-" + t;
    }

    @Override
    public String toString() {
        return isUnbounded() ? "any date" : (from == null ? "..." : from) + ".." + (to == null ? "..." : to);
    }
}
