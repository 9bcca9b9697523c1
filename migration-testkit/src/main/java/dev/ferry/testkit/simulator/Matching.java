package dev.ferry.testkit.simulator;

import dev.ferry.api.VR;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Attribute matching of PS3.4 C.2.2.2, for one key against the values an entity holds:
 * <ul>
 *   <li>universal matching: an empty key, or {@code *}, matches everything (an absent value too);
 *   <li>List of UID matching (C.2.2.2.2): a UI key of several values matches any of them;
 *   <li>range matching (C.2.2.2.5) of DA, TM and DT: {@code from-to}, {@code from-}, {@code -to},
 *       bounds included; a stored value that is no valid date or time matches no range;
 *   <li>wild card matching (C.2.2.2.4): {@code *} any run of characters, {@code ?} one character,
 *       for every VR but DA, TM, DT and UI;
 *   <li>single value matching (C.2.2.2.1), exact but for PN, which matches without regard to case
 *       (as Orthanc does, and as the standard allows) and trailing empty components;
 *   <li>multiple value matching (C.2.2.2.8): a key of several values matches if any does.
 * </ul>
 * A multi-valued stored attribute (Modalities in Study) matches when one of its values does.
 * Stateless.
 */
final class Matching {
    private Matching() {}

    /**
     * Whether {@code key} (the request's value, as text) matches the entity's {@code values}.
     *
     * @param values the entity's values for the attribute; empty if it has none
     */
    static boolean matches(String key, VR vr, List<String> values) {
        String k = key == null ? "" : key.strip();
        if (k.isEmpty() || k.equals("*")) {
            return true;
        }
        if (values.isEmpty()) {
            return false;
        }
        String[] alternatives = vr == VR.LT || vr == VR.ST || vr == VR.UT ? new String[] {k} : k.split("\\\\");
        for (String alt : alternatives) {
            String a = alt.strip();
            if (a.isEmpty()) {
                continue;
            }
            for (String v : values) {
                if (matchesOne(a, vr, v == null ? "" : v.strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesOne(String key, VR vr, String value) {
        if (vr == VR.DA || vr == VR.TM || vr == VR.DT) {
            return inRange(key, vr, value);
        }
        if (vr == VR.UI) {
            return key.equals(value);
        }
        boolean pn = vr == VR.PN;
        String k = pn ? normalizeName(key) : key;
        String v = pn ? normalizeName(value) : value;
        if (k.indexOf('*') >= 0 || k.indexOf('?') >= 0) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < k.length(); i++) {
                char c = k.charAt(i);
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            int flags = Pattern.DOTALL | (pn ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            return Pattern.compile(regex.toString(), flags).matcher(v).matches();
        }
        return pn ? k.equalsIgnoreCase(v) : k.equals(v);
    }

    /** Trailing empty components and groups dropped: {@code Doe^John^^^} is {@code Doe^John}. */
    private static String normalizeName(String pn) {
        String s = pn.strip();
        while (s.endsWith("^") || s.endsWith("=")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean inRange(String key, VR vr, String value) {
        String v = normalize(value, vr, false);
        if (v == null) {
            return false;
        }
        int dash = vr == VR.DT ? rangeDash(key) : key.indexOf('-');
        if (dash < 0) {
            String single = normalize(key, vr, false);
            String singleEnd = normalize(key, vr, true);
            return single != null && v.compareTo(single) >= 0 && v.compareTo(singleEnd) <= 0;
        }
        String from = key.substring(0, dash).strip();
        String to = key.substring(dash + 1).strip();
        if (!from.isEmpty()) {
            String f = normalize(from, vr, false);
            if (f == null || v.compareTo(f) < 0) {
                return false;
            }
        }
        if (!to.isEmpty()) {
            String t = normalize(to, vr, true);
            return t != null && v.compareTo(t) <= 0;
        }
        return true;
    }

    /** The range's dash in a DT key: the first whose sides are both empty or valid (an offset may hold a dash). */
    private static int rangeDash(String key) {
        for (int i = key.indexOf('-'); i >= 0; i = key.indexOf('-', i + 1)) {
            String left = key.substring(0, i).strip();
            String right = key.substring(i + 1).strip();
            if ((left.isEmpty() || normalize(left, VR.DT, false) != null)
                    && (right.isEmpty() || normalize(right, VR.DT, true) != null)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A value as text that compares in time order: DA {@code YYYYMMDD}, TM {@code HHMMSS.FFFFFF},
     * DT both; missing precision padded with zeros ({@code end} false) or nines ({@code end} true).
     * Null if it is not a valid value of the VR (legacy {@code YYYY.MM.DD} and {@code HH:MM:SS}
     * forms are read too).
     */
    static String normalize(String text, VR vr, boolean end) {
        String s = text.strip();
        if (vr == VR.DA) {
            s = s.replace(".", "");
            return validDate(s) ? s : null;
        }
        if (vr == VR.TM) {
            return time(s.replace(":", ""), end);
        }
        // DT: drop a UTC offset, then a date of 4, 6 or 8 digits and a time.
        int off = Math.max(s.indexOf('+', 4), s.indexOf('-', 4));
        if (off > 0) {
            s = s.substring(0, off);
        }
        String datePart = s.length() > 8 ? s.substring(0, 8) : s;
        String timePart = s.length() > 8 ? s.substring(8) : "";
        if (!datePart.chars().allMatch(Character::isDigit)) {
            return null;
        }
        String date;
        switch (datePart.length()) {
            case 4 -> date = datePart + (end ? "1231" : "0101");
            case 6 -> {
                int m = Integer.parseInt(datePart.substring(4));
                if (m < 1 || m > 12) {
                    return null;
                }
                date = datePart + (end ? String.format("%02d", YearMonth.of(
                        Integer.parseInt(datePart.substring(0, 4)), m).lengthOfMonth()) : "01");
            }
            case 8 -> date = datePart;
            default -> {
                return null;
            }
        }
        if (!validDate(date)) {
            return null;
        }
        String t = time(timePart, end);
        return t == null ? null : date + t;
    }

    private static boolean validDate(String s) {
        if (s.length() != 8 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int m = Integer.parseInt(s.substring(4, 6));
        int d = Integer.parseInt(s.substring(6, 8));
        if (m < 1 || m > 12 || d < 1) {
            return false;
        }
        int y = Integer.parseInt(s.substring(0, 4));
        return d <= YearMonth.of(y, m).lengthOfMonth();
    }

    private static String time(String s, boolean end) {
        String whole = s;
        String fraction = "";
        int dot = s.indexOf('.');
        if (dot >= 0) {
            whole = s.substring(0, dot);
            fraction = s.substring(dot + 1);
        }
        if (whole.length() % 2 != 0 || whole.length() > 6 || fraction.length() > 6
                || !whole.chars().allMatch(Character::isDigit) || !fraction.chars().allMatch(Character::isDigit)
                || (!fraction.isEmpty() && whole.length() != 6)) {
            return null;
        }
        if (whole.length() >= 2 && Integer.parseInt(whole.substring(0, 2)) > 23
                || whole.length() >= 4 && Integer.parseInt(whole.substring(2, 4)) > 59
                || whole.length() >= 6 && Integer.parseInt(whole.substring(4, 6)) > 60) {
            return null;
        }
        String pad = end ? "235959" : "000000";
        String hhmmss = whole + pad.substring(whole.length());
        String frac = fraction + (end ? "999999" : "000000").substring(fraction.length());
        return hhmmss + "." + frac;
    }
}
