package dev.ferry.core.report;

import java.util.Objects;

/**
 * One key performance indicator of the sign-off.
 *
 * @param key its name in the JSON document
 * @param label its name on the page
 * @param value the figure (a number, a boolean, or a map of numbers), {@code null} when not measured:
 *     never a made-up number
 * @param text the figure in words, for the page
 * @param basis where the figure comes from, or why there is none
 */
record Kpi(String key, String label, Object value, String text, String basis) {
    Kpi {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(basis, "basis");
    }

    boolean measured() {
        return value != null;
    }

    static Kpi notMeasured(String key, String label, String why) {
        return new Kpi(key, label, null, "not measured", why);
    }
}
