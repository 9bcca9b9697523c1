package dev.ferry.dicom.charset;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one value of Specific Character Set (0008,0005): a Defined Term exactly as the standard
 * spells it, or one of the misspellings legacy archives write. Leading and trailing spaces are
 * insignificant in a CS value (PS3.5 table 6.2-1), so they do not make a spelling lenient.
 *
 * <p>Aliases accepted, case-insensitively and ignoring spaces, '_', '-', '+', '.', ':' and '/':
 * <ul>
 *   <li>{@code ISO_IR n}, {@code ISO IR n}, {@code ISO-IR n}, {@code ISO_IRn}, {@code IR n},
 *       {@code ISO 2022 IR n}, {@code ISO_2022_IR+n}: the term for registration n;
 *   <li>{@code ISO-8859-p} / {@code ISO8859p} / {@code 8859-p} for parts 1-9, 11 and 15,
 *       {@code LATIN1}-{@code LATIN5}, {@code LATIN9}, {@code TIS-620};
 *   <li>{@code UTF-8}, {@code UTF8}: ISO_IR 192; {@code ASCII}, {@code US-ASCII},
 *       {@code ISO646}, {@code ISO_IR 6}: the default repertoire; {@code GB2312}, {@code EUC-CN}:
 *       GB18030, which decodes every GB 2312 byte sequence the same way.
 * </ul>
 * Anything else is unknown. Thread-safe.
 */
final class TermParser {
    private TermParser() {}

    /** A value that named a term: exactly, or through an alias. */
    record Match(DefinedTerm term, boolean exact) {}

    private static final Pattern SQUASH = Pattern.compile("[\\s_\\-+.:/]");
    private static final Pattern ISO_8859 = Pattern.compile("(?:ISO)?8859(\\d{1,2})");
    private static final Pattern REGISTRATION = Pattern.compile("(?:ISO)?(2022)?IR(\\d{1,3})");
    private static final Pattern LATIN = Pattern.compile("LATIN(\\d)");

    /** The term a value names, or {@code null} if it names none Ferry knows. */
    static Match match(String value) {
        String v = strip(value);
        DefinedTerm t = DefinedTerm.byCode(v);
        if (t != null) {
            return new Match(t, true);
        }
        String upper = v.toUpperCase(Locale.ROOT);
        t = DefinedTerm.byCode(upper);
        if (t == null) {
            t = alias(SQUASH.matcher(upper).replaceAll(""));
        }
        return t == null ? null : new Match(t, false);
    }

    private static DefinedTerm alias(String s) {
        switch (s) {
            case "UTF8":
                return DefinedTerm.ISO_IR_192;
            case "ASCII": case "USASCII": case "ISO646": case "ISO646US":
                return DefinedTerm.DEFAULT_REPERTOIRE;
            case "GB18030": case "GB2312": case "EUCCN":
                return DefinedTerm.GB18030;
            case "GBK":
                return DefinedTerm.GBK;
            case "TIS620":
                return DefinedTerm.ISO_IR_166;
            default:
                break;
        }
        Matcher m = ISO_8859.matcher(s);
        if (m.matches()) {
            return DefinedTerm.forRegistration(registrationOf8859Part(Integer.parseInt(m.group(1))), false);
        }
        m = REGISTRATION.matcher(s);
        if (m.matches()) {
            return DefinedTerm.forRegistration(Integer.parseInt(m.group(2)), m.group(1) != null);
        }
        m = LATIN.matcher(s);
        if (m.matches()) {
            return DefinedTerm.forRegistration(registrationOfLatin(Integer.parseInt(m.group(1))), false);
        }
        return null;
    }

    private static int registrationOf8859Part(int part) {
        switch (part) {
            case 1: return 100;
            case 2: return 101;
            case 3: return 109;
            case 4: return 110;
            case 5: return 144;
            case 6: return 127;
            case 7: return 126;
            case 8: return 138;
            case 9: return 148;
            case 11: return 166;
            case 15: return 203;
            default: return -1;
        }
    }

    private static int registrationOfLatin(int n) {
        switch (n) {
            case 1: return 100;
            case 2: return 101;
            case 3: return 109;
            case 4: return 110;
            case 5: return 148;
            case 9: return 203;
            default: return -1;
        }
    }

    /** The value without leading and trailing spaces and NULs (some writers pad CS with NUL). */
    static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == 0)) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == 0)) {
            end--;
        }
        return value.substring(start, end);
    }

    /** The value as it may appear in a problem report: printable ASCII, at most 64 characters. */
    static String quote(String value) {
        String v = strip(value);
        StringBuilder sb = new StringBuilder(v.length() + 2).append('\'');
        for (int i = 0; i < v.length() && i < 64; i++) {
            char c = v.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.append(v.length() > 64 ? "...'" : "'").toString();
    }
}
