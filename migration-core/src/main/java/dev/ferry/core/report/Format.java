package dev.ferry.core.report;

import java.util.Locale;

/** Numbers for the page, the same on every machine: {@link Locale#ROOT}, fixed decimals. */
final class Format {
    private Format() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share in [0, 1] as a percentage with two decimals. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f %%", share * 100);
    }

    static String decimal(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String bytes(long n) {
        return String.format(Locale.ROOT, "%,d bytes (%.1f MB)", n, n / 1e6);
    }

    /** Rounded to four decimals, for the JSON document (its numbers are written by Double.toString). */
    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
