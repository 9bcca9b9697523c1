package dev.ferry.dicom.coerce;

import dev.ferry.api.VR;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the DA, TM and DT shapes legacy archives write into PS3.5 table 6.2-1 form. Stateless
 * and thread-safe.
 */
final class DateFixer {
    private static final Pattern DA_OK = Pattern.compile("\\d{8}");
    private static final Pattern DA_YMD = Pattern.compile("(\\d{4})[.\\-/ ](\\d{1,2})[.\\-/ ](\\d{1,2})");
    private static final Pattern DA_XXY = Pattern.compile("(\\d{1,2})[.\\-/](\\d{1,2})[.\\-/](\\d{4})");
    private static final Pattern TM_OK = Pattern.compile("(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.\\d{1,6})?)?)?");
    private static final Pattern TM_COLON = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,6})?)?");
    private static final Pattern DT_OK = Pattern.compile(
            "\\d{4}(?:\\d{2}(?:\\d{2}(?:\\d{2}(?:\\d{2}(?:\\d{2}(?:\\.\\d{1,6})?)?)?)?)?)?(?:[+-]\\d{4})?");
    private static final Pattern DT_SPLIT = Pattern.compile("(.+?)[T ](.+?)([+-]\\d{2}:?\\d{2})?");

    private DateFixer() {}

    /**
     * The value in standard form (each of a multi-valued value), the same string when it is
     * already right, or {@code null} when some value cannot be read.
     */
    static String fix(String value, VR vr, Action.DateOrder order) {
        if (value.indexOf('\\') < 0) {
            return fixOne(value.strip(), vr, order);
        }
        String[] parts = value.split("\\\\", -1);
        StringBuilder sb = new StringBuilder(value.length());
        for (int k = 0; k < parts.length; k++) {
            String f = fixOne(parts[k].strip(), vr, order);
            if (f == null) {
                return null;
            }
            sb.append(k == 0 ? "" : "\\").append(f);
        }
        return sb.toString();
    }

    private static String fixOne(String v, VR vr, Action.DateOrder order) {
        if (v.isEmpty()) {
            return v;
        }
        return switch (vr) {
            case DA -> date(v, order);
            case TM -> time(v);
            case DT -> dateTime(v, order);
            default -> v;
        };
    }

    static String date(String v, Action.DateOrder order) {
        if (DA_OK.matcher(v).matches()) {
            return valid(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
                    Integer.parseInt(v.substring(6, 8)));
        }
        Matcher m = DA_YMD.matcher(v);
        if (m.matches()) {
            return valid(num(m, 1), num(m, 2), num(m, 3));
        }
        m = DA_XXY.matcher(v);
        if (m.matches()) {
            int first = num(m, 1);
            int second = num(m, 2);
            return order == Action.DateOrder.MDY ? valid(num(m, 3), first, second) : valid(num(m, 3), second, first);
        }
        return null;
    }

    static String time(String v) {
        Matcher m = TM_OK.matcher(v);
        if (m.matches()) {
            return inRange(num(m, 1), m.group(2) == null ? 0 : num(m, 2), m.group(3) == null ? 0 : num(m, 3)) ? v : null;
        }
        m = TM_COLON.matcher(v);
        if (m.matches()) {
            int h = num(m, 1);
            int min = num(m, 2);
            int s = m.group(3) == null ? -1 : num(m, 3);
            if (!inRange(h, min, Math.max(s, 0))) {
                return null;
            }
            String out = two(h) + two(min) + (s < 0 ? "" : two(s) + (m.group(4) == null ? "" : m.group(4)));
            return out;
        }
        return null;
    }

    static String dateTime(String v, Action.DateOrder order) {
        if (DT_OK.matcher(v).matches()) {
            return v;
        }
        Matcher m = DT_SPLIT.matcher(v);
        if (!m.matches()) {
            return null;
        }
        String d = date(m.group(1), order);
        String t = time(m.group(2));
        if (d == null || t == null) {
            return null;
        }
        String offset = m.group(3) == null ? "" : m.group(3).replace(":", "");
        return d + t + offset;
    }

    private static boolean inRange(int h, int m, int s) {
        return h < 24 && m < 60 && s <= 60;
    }

    private static String valid(int y, int m, int d) {
        try {
            LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
        return y < 1000 ? String.format(Locale.ROOT, "%04d%02d%02d", y, m, d) : y + two(m) + two(d);
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
