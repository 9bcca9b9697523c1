package dev.ferry.core.verify;

import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.TagPath;
import dev.ferry.api.Tags;
import java.util.regex.Pattern;

/** Reading and comparing header values the way the verifiers here need. Stateless. */
final class Headers {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Headers() {}

    /**
     * The value at {@code path} as {@link Dataset#valueAsText(int)} renders it (how the engine
     * records {@link dev.ferry.api.InstanceEvidence#attributes()}), or {@code null} if absent.
     */
    static String valueAt(Dataset root, TagPath path) {
        Dataset container = path.container(root);
        if (container == null) {
            return null;
        }
        try {
            return container.valueAsText(path.tag());
        } catch (InvalidValueException e) {
            return UNREADABLE; // a binary value of the wrong length: present, but equal to nothing
        }
    }

    /** What {@link #valueAt} returns for a value that cannot be rendered; equal to no rendered value. */
    static final String UNREADABLE = "\u0000unreadable";

    /**
     * Whether two rendered values mean the same: equal text after stripping, or, when both are
     * backslash-separated decimal numbers, the same numbers (so that {@code 12.50} in a DS equals
     * {@code 12.5} in an FD that a destination re-encoded).
     */
    static boolean sameValue(String expected, String found) {
        if (expected == null || found == null) {
            return expected == found;
        }
        if (UNREADABLE.equals(expected) || UNREADABLE.equals(found)) {
            return false;
        }
        String a = expected.strip();
        String b = found.strip();
        if (a.equals(b)) {
            return true;
        }
        String[] x = a.split("\\\\", -1);
        String[] y = b.split("\\\\", -1);
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            String p = x[i].strip();
            String q = y[i].strip();
            if (!NUMBER.matcher(p).matches() || !NUMBER.matcher(q).matches()) {
                return false;
            }
            double u = Double.parseDouble(p);
            double v = Double.parseDouble(q);
            if (u != v && Math.abs(u - v) > 1e-9 * Math.max(Math.abs(u), Math.abs(v))) {
                return false;
            }
        }
        return true;
    }

    /** {@code CTDIvol (0018,9345)}, or the full path with the element's keyword for a nested one. */
    static String describe(TagPath path) {
        if (path.isTopLevel()) {
            return Tags.describe(path.tag());
        }
        String k = Tags.keyword(path.tag());
        return (k == null ? "" : k + " ") + path;
    }

    /** Whether a text value is absent or blank. */
    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
