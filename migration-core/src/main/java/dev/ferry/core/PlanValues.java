package dev.ferry.core;

import dev.ferry.api.DateRange;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of a plan file's values: durations, periods, rates, DICOM date ranges, days and
 * times. Each parser throws {@link IllegalArgumentException} with a message that completes
 * "{@code <setting> }…" (for example "must be a duration such as 30s or PT30S, not '3 parsecs'"),
 * so that {@link PlanNode} can put the file, line and setting in front of it.
 */
final class PlanValues {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+(?:\\.[0-9]+)?");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)");
    private static final Pattern PERIOD = Pattern.compile("([0-9]{1,6})\\s*(y|m|w|d)");
    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]+)\\s*/\\s*s");
    private static final Pattern TIME = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    private static final Pattern DICOM_DATE = Pattern.compile("[0-9]{8}");
    private static final Pattern MODALITY = Pattern.compile("[A-Za-z0-9_ ]{1,16}");
    private static final DateTimeFormatter BASIC_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private PlanValues() {}

    static long integer(String text, long min, long max) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a whole number, not " + quote(text));
        }
        long n;
        try {
            n = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large: " + quote(text), e);
        }
        if (n < min) {
            throw new IllegalArgumentException("must be at least " + min + ", not " + n);
        }
        if (n > max) {
            throw new IllegalArgumentException("must be at most " + max + ", not " + n);
        }
        return n;
    }

    static double number(String text, double min) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a number such as 2 or 1.5, not " + quote(text));
        }
        double d = Double.parseDouble(text);
        if (d < min) {
            throw new IllegalArgumentException("must be at least " + format(min) + ", not " + text);
        }
        return d;
    }

    /** A fraction from 0 to {@code max}: {@code 0.05} or {@code 5%}. */
    static double fraction(String text, double max, boolean maxInclusive) {
        boolean percent = text.endsWith("%");
        String digits = percent ? text.substring(0, text.length() - 1).strip() : text;
        if (!DECIMAL.matcher(digits).matches()) {
            throw new IllegalArgumentException("must be a fraction such as 0.05 or a percentage such as 5%, not "
                    + quote(text));
        }
        double d = Double.parseDouble(digits) / (percent ? 100 : 1);
        if (d < 0 || d > max || d == max && !maxInclusive) {
            String upper = percent ? format(max * 100) + "%" : format(max);
            throw new IllegalArgumentException("must be at least 0 and " + (maxInclusive ? "at most " : "below ")
                    + upper + ", not " + text);
        }
        return d;
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, not " + quote(text));
        };
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
            try {
                Duration d = Duration.parse(text);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("must not be negative, not " + quote(text));
                }
                return d;
            } catch (DateTimeException e) {
                // fall through to the message naming the accepted forms
            }
        }
        throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S, not "
                + quote(text));
    }

    /** {@code 2y}, {@code 18m} (months), {@code 6w}, {@code 90d} or ISO-8601 ({@code P2Y}). */
    static Period period(String text) {
        Matcher m = PERIOD.matcher(text);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            return switch (m.group(2)) {
                case "y" -> Period.ofYears(n);
                case "m" -> Period.ofMonths(n);
                case "w" -> Period.ofWeeks(n);
                default -> Period.ofDays(n);
            };
        }
        if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
            try {
                Period p = Period.parse(text);
                if (p.isNegative()) {
                    throw new IllegalArgumentException("must not be negative, not " + quote(text));
                }
                return p;
            } catch (DateTimeException e) {
                // fall through to the message naming the accepted forms
            }
        }
        throw new IllegalArgumentException("must be a period such as 2y, 18m (months), 6w, 90d or P2Y, not "
                + quote(text));
    }

    /**
     * Bytes per second from {@code 40 MB/s}: B, kB/KB, MB, GB (powers of 1000), KiB, MiB, GiB (powers
     * of 1024), or kbit, Mbit, Gbit (bits) per second. {@code 0} means no cap.
     */
    static long bytesPerSecond(String text) {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a rate such as 40 MB/s, 200 MiB/s or 1 Gbit/s (or 0 for"
                    + " no cap), not " + quote(text));
        }
        BigDecimal perUnit = switch (m.group(2)) {
            case "B" -> BigDecimal.ONE;
            case "kB", "KB" -> BigDecimal.valueOf(1_000L);
            case "MB" -> BigDecimal.valueOf(1_000_000L);
            case "GB" -> BigDecimal.valueOf(1_000_000_000L);
            case "KiB" -> BigDecimal.valueOf(1L << 10);
            case "MiB" -> BigDecimal.valueOf(1L << 20);
            case "GiB" -> BigDecimal.valueOf(1L << 30);
            case "kbit", "Kbit" -> BigDecimal.valueOf(125L);
            case "Mbit" -> BigDecimal.valueOf(125_000L);
            case "Gbit" -> BigDecimal.valueOf(125_000_000L);
            default -> throw new IllegalArgumentException("has an unknown unit " + quote(m.group(2) + "/s")
                    + ": use B, kB, MB, GB, KiB, MiB, GiB, kbit, Mbit or Gbit per second");
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(perUnit);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("is too large: " + quote(text));
        }
        long rounded = bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        if (rounded == 0 && bytes.signum() > 0) {
            throw new IllegalArgumentException("rounds to 0 bytes per second: " + quote(text));
        }
        return rounded;
    }

    /**
     * A DICOM date range (PS3.5 §6.2, DA range matching in PS3.4 §C.2.2.2.5): {@code 20100101-20251231},
     * {@code 20100101-}, {@code -20151231}, or one date {@code 20100101}.
     */
    static DateRange dateRange(String text) {
        String form = "must be a date range such as 20100101-20251231, 20100101-, -20151231 or 20100101, not "
                + quote(text);
        int dash = text.indexOf('-');
        if (dash < 0) {
            LocalDate day = date(text, form);
            return DateRange.on(day);
        }
        if (text.indexOf('-', dash + 1) >= 0 || text.length() == 1) {
            throw new IllegalArgumentException(form);
        }
        String from = text.substring(0, dash).strip();
        String to = text.substring(dash + 1).strip();
        LocalDate f = from.isEmpty() ? null : date(from, form);
        LocalDate t = to.isEmpty() ? null : date(to, form);
        if (f != null && t != null && f.isAfter(t)) {
            throw new IllegalArgumentException("starts after it ends: " + quote(text));
        }
        return new DateRange(f, t);
    }

    private static LocalDate date(String text, String form) {
        if (!DICOM_DATE.matcher(text).matches()) {
            throw new IllegalArgumentException(form);
        }
        try {
            return LocalDate.parse(text, BASIC_DATE);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("has no such date: " + quote(text), e);
        }
    }

    /** MON…SUN or MONDAY…SUNDAY, any case. */
    static DayOfWeek day(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(upper) || d.name().substring(0, 3).equals(upper)) {
                return d;
            }
        }
        throw new IllegalArgumentException("must be a day, MON to SUN or MONDAY to SUNDAY, not " + quote(text));
    }

    /** {@code HH:mm}; {@code 24:00} too when {@code endOfDay} (the same as 00:00, the next midnight). */
    static LocalTime time(String text, boolean endOfDay) {
        Matcher m = TIME.matcher(text);
        if (m.matches()) {
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            if (endOfDay && h == 24 && min == 0) {
                return LocalTime.MIDNIGHT;
            }
            if (h < 24 && min < 60) {
                return LocalTime.of(h, min);
            }
        }
        throw new IllegalArgumentException("must be a time HH:mm such as \"07:00\""
                + (endOfDay ? " (or \"24:00\")" : "") + ", not " + quote(text));
    }

    /** A DICOM Modality (CS): letters, digits, '_' or space, at most 16. */
    static String modality(String text) {
        if (!MODALITY.matcher(text).matches() || text.isBlank()) {
            throw new IllegalArgumentException("must be a DICOM modality such as CT or MR, not " + quote(text));
        }
        return text.strip().toUpperCase(Locale.ROOT);
    }

    /** The text in quotes, shortened: error messages echo what was written, never at length. */
    static String quote(String text) {
        String s = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return "'" + s + "'";
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
