package dev.ferry.dicom.json;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.PersonName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares two data sets as DICOM compares values, which is what a JSON round trip keeps: text
 * decoded, one value at a time, without the padding PS3.5 table 6.2-1 calls insignificant; person
 * names without trailing empty components and groups; binary values byte for byte; sequences item
 * by item. Group lengths are ignored (PS3.18 F.2.2 leaves them out).
 */
final class SameValues {
    private SameValues() {}

    /** The differences, each as "tag path: what"; empty when the data sets hold the same values. */
    static List<String> differences(Dataset expected, Dataset actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, Dataset expected, Dataset actual, List<String> out) {
        List<Integer> tags = new ArrayList<>();
        for (int t : expected.tags()) {
            if ((t & 0xFFFF) != 0) {
                tags.add(t);
            }
        }
        List<Integer> actualTags = new ArrayList<>();
        for (int t : actual.tags()) {
            actualTags.add(t);
        }
        if (!tags.equals(actualTags)) {
            out.add(path + "tags " + format(tags) + " vs " + format(actualTags));
            return;
        }
        for (int tag : tags) {
            String at = path + Tags.format(tag);
            VR vr = expected.vr(tag);
            if (vr != actual.vr(tag)) {
                out.add(at + ": VR " + vr + " vs " + actual.vr(tag));
                continue;
            }
            Dataset.Sequence es = expected.getSequence(tag);
            Dataset.Fragments ef = expected.getFragments(tag);
            if (es != null) {
                Dataset.Sequence as = actual.getSequence(tag);
                if (as == null || as.size() != es.size()) {
                    out.add(at + ": " + es.size() + " items vs " + (as == null ? "no sequence" : as.size()));
                    continue;
                }
                for (int k = 0; k < es.size(); k++) {
                    compare(at + "[" + k + "].", es.get(k), as.get(k), out);
                }
            } else if (ef != null) {
                if (!ef.equals(actual.getFragments(tag))) {
                    out.add(at + ": fragments differ");
                }
            } else if (vr.isText()) {
                List<String> e = values(expected.getString(tag), vr);
                List<String> a = values(actual.getString(tag), vr);
                if (!e.equals(a)) {
                    out.add(at + ": text differs");
                }
            } else if (!Arrays.equals(expected.getBytes(tag), actual.getBytes(tag))) {
                out.add(at + ": bytes differ");
            }
        }
    }

    /** The values of a text element as DICOM compares them; an element of one empty value has none. */
    static List<String> values(String text, VR vr) {
        List<String> values = new ArrayList<>();
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR) {
            values.add(text.stripTrailing());
        } else {
            boolean leading = vr == VR.AE || vr == VR.CS || vr == VR.DS || vr == VR.IS || vr == VR.LO || vr == VR.SH;
            for (String v : text.split("\\\\", -1)) {
                v = leading ? v.strip() : v.stripTrailing();
                if (vr == VR.PN) {
                    v = PersonName.parse(v).normalized().format();
                }
                values.add(v);
            }
        }
        return values.size() == 1 && values.get(0).isEmpty() ? List.of() : values;
    }

    private static String format(List<Integer> tags) {
        StringBuilder sb = new StringBuilder();
        for (int t : tags) {
            sb.append(sb.length() == 0 ? "" : " ").append(Tags.format(t));
        }
        return "[" + sb + "]";
    }
}
