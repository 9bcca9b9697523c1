package dev.ferry.hl7.adt;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HL7 v2 date/time (DTM, and the TS of older versions: {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}).
 * Tolerates what real senders write: a fraction without its dot ({@code 20110613122406637}), a trailing
 * degree-of-precision component ({@code ^S}). A time without an offset is taken as UTC, so that two
 * events from one sender order as that sender wrote them.
 */
public final class Hl7Times {
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.?(\\d{1,9}))?([+-]\\d{4})?");

    private Hl7Times() {}

    /** The instant a DTM value names; empty when it is blank or not a date/time. */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        int caret = v.indexOf('^');
        if (caret >= 0) {
            v = v.substring(0, caret);
        }
        Matcher m = DTM.matcher(v);
        if (v.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = group(m, 2, 1);
            int day = group(m, 3, 1);
            int hour = group(m, 4, 0);
            int minute = group(m, 5, 0);
            int second = group(m, 6, 0);
            int nanos = 0;
            if (m.group(7) != null) {
                String f = (m.group(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(f);
            }
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(8) != null) {
                String z = m.group(8);
                int sign = z.charAt(0) == '-' ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(z.substring(1, 3)),
                        sign * Integer.parseInt(z.substring(3, 5)));
            }
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int group(Matcher m, int group, int absent) {
        return m.group(group) == null ? absent : Integer.parseInt(m.group(group));
    }
}
