package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The changes between two headers, in the form a {@link dev.ferry.spi.TagCoercer} must report them.
 * This is the yardstick of {@link TagCoercerConformance}, stated here so that implementers can
 * report changes to match:
 * <ul>
 *   <li>values are compared as {@link Dataset#valueAsText(int)} renders them, together with the VR:
 *       an element whose text or VR differs is {@link TagChange.Kind#CHANGED} (VR after the change);
 *       one only after is {@link TagChange.Kind#ADDED}, one only before is
 *       {@link TagChange.Kind#REMOVED} (VR before the change);
 *   <li>a sequence present on one side only is one change at the sequence's path, valued
 *       {@code [n items]}; the contents of its items are not listed;
 *   <li>a sequence present on both sides is compared item by item (paths such as
 *       {@code (0040,0275)[0].(0040,1001)}); if its item count changed, the sequence itself is also
 *       one {@link TagChange.Kind#CHANGED} change ({@code [1 item]} to {@code [2 items]}), and only the
 *       items both sides have are compared;
 *   <li>changes are listed in tag order, depth first; the rule is {@link #RULE}.
 * </ul>
 * Thread-safe: stateless.
 */
public final class DatasetDiff {
    /** The rule name of every change this class reports. */
    public static final String RULE = "diff";

    private DatasetDiff() {}

    /** The changes that turn {@code before} into {@code after}; empty if they hold the same values. */
    public static List<TagChange> diff(Dataset before, Dataset after) {
        List<TagChange> out = new ArrayList<>();
        walk(before, after, TagPath::of, out);
        return out;
    }

    /** The same change with the rule replaced by {@link #RULE}, to compare a report with a diff. */
    public static TagChange normalized(TagChange c) {
        return new TagChange(c.path(), c.vr(), c.before(), c.after(), RULE);
    }

    private static void walk(Dataset a, Dataset b, IntFunction<TagPath> pathOf, List<TagChange> out) {
        int[] ta = a.tags();
        int[] tb = b.tags();
        int i = 0;
        int j = 0;
        while (i < ta.length || j < tb.length) {
            int cmp = i == ta.length ? 1 : j == tb.length ? -1 : Tags.compare(ta[i], tb[j]);
            if (cmp < 0) {
                int tag = ta[i++];
                out.add(new TagChange(pathOf.apply(tag), a.vr(tag), a.valueAsText(tag), null, RULE));
            } else if (cmp > 0) {
                int tag = tb[j++];
                out.add(new TagChange(pathOf.apply(tag), b.vr(tag), null, b.valueAsText(tag), RULE));
            } else {
                int tag = ta[i++];
                j++;
                compare(a, b, tag, pathOf.apply(tag), out);
            }
        }
    }

    private static void compare(Dataset a, Dataset b, int tag, TagPath path, List<TagChange> out) {
        Dataset.Sequence sa = a.getSequence(tag);
        Dataset.Sequence sb = b.getSequence(tag);
        String va = a.valueAsText(tag);
        String vb = b.valueAsText(tag);
        if (sa != null && sb != null) {
            if (sa.size() != sb.size()) {
                out.add(new TagChange(path, VR.SQ, va, vb, RULE));
            }
            for (int k = 0; k < Math.min(sa.size(), sb.size()); k++) {
                int item = k;
                walk(sa.get(k), sb.get(k), t -> path.child(item, t), out);
            }
        } else if (a.vr(tag) != b.vr(tag) || !va.equals(vb)) {
            out.add(new TagChange(path, b.vr(tag), va, vb, RULE));
        }
    }
}
