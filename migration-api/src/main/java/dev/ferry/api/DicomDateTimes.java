package dev.ferry.api;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses DA, TM and DT values (PS3.5 table 6.2-1), including the partial forms the standard allows
 * (a TM of {@code HH} or {@code HHMM}, a DT of {@code YYYY} up to microseconds with a UTC offset)
 * and the ACR-NEMA forms legacy archives still hold ({@code YYYY.MM.DD}, {@code HH:MM:SS}).
 * Missing parts take their lowest value. Thread-safe: stateless.
 */
final class DicomDateTimes {
    private static final Pattern DA = Pattern.compile("(\\d{4})\\.?(\\d{2})\\.?(\\d{2})");
    private static final Pattern TM = Pattern.compile("(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:\\.(\\d{1,6}))?)?)?");
    private static final Pattern DT = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,6}))?)?)?)?)?)?([+-]\\d{4})?");

    private DicomDateTimes() {}

    static LocalDate date(int tag, String value) {
        Matcher m = DA.matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidValueException(tag, "not a DA date (YYYYMMDD)");
        }
        try {
            return LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
        } catch (DateTimeException e) {
            throw new InvalidValueException(tag, "DA names no calendar day");
        }
    }

    static LocalTime time(int tag, String value) {
        Matcher m = TM.matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidValueException(tag, "not a TM time (HH[MM[SS[.FFFFFF]]])");
        }
        int seconds = m.group(3) == null ? 0 : num(m, 3);
        try {
            // PS3.5 allows 60 for a leap second; java.time has none, so it is read as 59.999999.
            LocalTime t = LocalTime.of(num(m, 1), m.group(2) == null ? 0 : num(m, 2), Math.min(seconds, 59),
                    seconds == 60 ? 999_999_000 : nanos(m.group(4)));
            return t;
        } catch (DateTimeException e) {
            throw new InvalidValueException(tag, "TM names no time of day");
        }
    }

    static LocalDateTime dateTime(int tag, String value) {
        return parseDt(tag, value).toLocalDateTime();
    }

    static OffsetDateTime offsetDateTime(int tag, String value, ZoneOffset whenAbsent) {
        OffsetDateTime parsed = parseDt(tag, value);
        return hasOffset(value) ? parsed : parsed.toLocalDateTime().atOffset(whenAbsent);
    }

    private static boolean hasOffset(String value) {
        String v = value.strip();
        return v.length() > 5 && (v.charAt(v.length() - 5) == '+' || v.charAt(v.length() - 5) == '-');
    }

    private static OffsetDateTime parseDt(int tag, String value) {
        Matcher m = DT.matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidValueException(tag, "not a DT date-time (YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX])");
        }
        try {
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(8) != null) {
                String z = m.group(8);
                int hours = Integer.parseInt(z.substring(1, 3));
                int minutes = Integer.parseInt(z.substring(3, 5));
                offset = ZoneOffset.ofHoursMinutes(z.charAt(0) == '-' ? -hours : hours,
                        z.charAt(0) == '-' ? -minutes : minutes);
            }
            return OffsetDateTime.of(num(m, 1), m.group(2) == null ? 1 : num(m, 2), m.group(3) == null ? 1 : num(m, 3),
                    m.group(4) == null ? 0 : num(m, 4), m.group(5) == null ? 0 : num(m, 5),
                    m.group(6) == null ? 0 : Math.min(num(m, 6), 59), nanos(m.group(7)), offset);
        } catch (DateTimeException e) {
            throw new InvalidValueException(tag, "DT names no point in time");
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000;
    }
}
