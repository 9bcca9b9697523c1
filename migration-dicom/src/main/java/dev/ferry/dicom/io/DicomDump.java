package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import java.io.PrintWriter;

/**
 * Prints a data set one element a line, for a person at a terminal ({@code ferry dump}): tag, VR,
 * value (text decoded, numbers in decimal, long values cut), value length, keyword; items of
 * sequences indented. It prints values, so it is for operators' eyes and never for logs.
 * Thread-safe: stateless apart from its settings.
 */
public final class DicomDump {
    private final int maxValueChars;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    /** @param maxValueChars values longer than this are cut and marked with their full length */
    public DicomDump(int maxValueChars) {
        if (maxValueChars < 8) {
            throw new IllegalArgumentException("maxValueChars must be at least 8");
        }
        this.maxValueChars = maxValueChars;
    }

    public void print(Dataset ds, PrintWriter out) {
        print(ds, out, "");
    }

    private void print(Dataset ds, PrintWriter out, String indent) {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Dataset.Sequence seq = ds.sequenceAt(i);
            Dataset.Fragments fragments = ds.fragmentsAt(i);
            String value;
            String length;
            if (seq != null) {
                value = "(" + seq.size() + (seq.size() == 1 ? " item)" : " items)");
                length = seq.undefinedLength() ? "u/l" : "";
            } else if (fragments != null) {
                value = "(" + fragments.size() + (fragments.size() == 1 ? " fragment)" : " fragments)");
                length = "u/l";
            } else {
                value = shorten(vr.isText() ? "[" + ds.getString(tag) + "]" : binary(ds, i, tag, vr));
                length = "#" + ds.encodedValueAt(i).length;
            }
            out.printf("%s%s %s %-" + Math.max(1, 48 - indent.length()) + "s %6s %s%n", indent, Tags.format(tag), vr,
                    value, length, name(tag, ds));
            if (seq != null) {
                for (int k = 0; k < seq.size(); k++) {
                    out.printf("%s  > item %d%s%n", indent, k + 1, seq.get(k).undefinedLength() ? " (u/l)" : "");
                    print(seq.get(k), out, indent + "    ");
                }
            }
        }
    }

    /** Numbers in decimal; short opaque values as hex bytes; long ones as length and digest. */
    private static String binary(Dataset ds, int index, int tag, VR vr) {
        byte[] b = ds.encodedValueAt(index);
        if (vr.numberSize() > 0 || b.length > 16) {
            return ds.valueAsText(tag);
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : "\\").append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    private String name(int tag, Dataset ds) {
        if (Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag)) {
            String creator = ds.privateCreatorOf(tag);
            return creator == null ? "(private, no creator)" : "(private: " + creator + ")";
        }
        String k = dictionary.keywordOf(tag);
        return k == null ? "" : k;
    }

    private String shorten(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxValueChars + 16));
        for (int i = 0; i < s.length() && sb.length() < maxValueChars; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 ? '.' : c);
        }
        return s.length() > maxValueChars ? sb + "..." : sb.toString();
    }
}
