package dev.ferry.dicom.json;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Streams data sets as DICOM JSON Model objects (PS3.18 section F.2) to a Jackson generator. See
 * {@link DicomJson} for the choices made where the standard leaves room. Immutable and thread-safe.
 */
final class JsonDatasetWriter {
    /** 2^53: the largest integer every JSON reader (JavaScript's included) holds exactly. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;
    /** RFC 8259 section 6: what a JSON number may look like. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final long bulkDataThreshold;
    private final BulkDataUri bulkDataUri;

    /**
     * @param bulkDataUri names values longer than {@code bulkDataThreshold} bytes; {@code null}
     *     writes every value inline
     */
    JsonDatasetWriter(long bulkDataThreshold, BulkDataUri bulkDataUri) {
        this.bulkDataThreshold = bulkDataThreshold;
        this.bulkDataUri = bulkDataUri;
    }

    /** Writes {@code ds} as one JSON object. */
    void write(JsonGenerator g, Dataset ds) throws IOException {
        g.writeStartObject();
        writeElements(g, ds, new ArrayList<>());
        g.writeEndObject();
    }

    /** Writes the attributes of {@code ds} into the object the generator is in. */
    void writeElements(JsonGenerator g, Dataset ds, List<TagPath.Step> steps) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if ((tag & 0xFFFF) == 0) {
                continue; // group lengths are left out (PS3.18 F.2.2)
            }
            g.writeFieldName(hex8(tag));
            g.writeStartObject();
            VR vr = ds.vrAt(i);
            g.writeStringField("vr", vr.name());
            Dataset.Sequence seq = ds.sequenceAt(i);
            Dataset.Fragments fragments = ds.fragmentsAt(i);
            if (seq != null) {
                writeItems(g, tag, seq, steps);
            } else if (fragments != null) {
                writeBinary(g, steps, tag, vr, encapsulated(fragments));
            } else if (vr.isText()) {
                writeText(g, ds.getString(tag), vr);
            } else if (vr.kind() == VR.Kind.BINARY_NUMBER) {
                writeNumbers(g, steps, tag, vr, ds.encodedValueAt(i));
            } else {
                byte[] value = ds.encodedValueAt(i);
                if (value.length > 0) {
                    writeBinary(g, steps, tag, vr, value);
                }
            }
            g.writeEndObject();
        }
    }

    /** Writes one attribute whose value lies elsewhere: only its VR and URI. */
    static void writeBulkAttribute(JsonGenerator g, int tag, VR vr, String uri) throws IOException {
        g.writeFieldName(hex8(tag));
        g.writeStartObject();
        g.writeStringField("vr", vr.name());
        g.writeStringField("BulkDataURI", uri);
        g.writeEndObject();
    }

    private void writeItems(JsonGenerator g, int tag, Dataset.Sequence seq, List<TagPath.Step> steps)
            throws IOException {
        if (seq.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("Value");
        for (int k = 0; k < seq.size(); k++) {
            steps.add(new TagPath.Step(tag, k));
            g.writeStartObject();
            writeElements(g, seq.get(k), steps);
            g.writeEndObject();
            steps.remove(steps.size() - 1);
        }
        g.writeEndArray();
    }

    /**
     * Text as decoded, one JSON value per DICOM value, without the padding PS3.5 table 6.2-1 calls
     * insignificant: trailing spaces in every VR, leading ones in AE, CS, DS, IS, LO and SH. An empty
     * value in a multi-valued element is {@code null} (F.2.5); an element whose only value is empty
     * has no Value.
     */
    private static void writeText(JsonGenerator g, String text, VR vr) throws IOException {
        List<String> values = new ArrayList<>();
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR) {
            values.add(text); // one value by definition: a backslash is a character
        } else {
            boolean leading = vr == VR.AE || vr == VR.CS || vr == VR.DS || vr == VR.IS || vr == VR.LO || vr == VR.SH;
            for (String v : text.split("\\\\", -1)) {
                values.add(leading ? v.strip() : v.stripTrailing());
            }
        }
        if (values.size() == 1 && (values.get(0).isEmpty() || vr == VR.PN && isEmptyName(values.get(0)))) {
            return;
        }
        g.writeArrayFieldStart("Value");
        for (String v : values) {
            if (v.isEmpty()) {
                g.writeNull();
            } else if (vr == VR.PN) {
                writePersonName(g, v);
            } else if ((vr == VR.DS || vr == VR.IS) && JSON_NUMBER.matcher(v).matches()) {
                g.writeNumber(v); // the decimal as written, digits and exponent unchanged
            } else {
                g.writeString(v); // DS and IS that are no JSON number keep their format (F.2.3)
            }
        }
        g.writeEndArray();
    }

    /**
     * The component groups of one name that have a component (F.2.2: the non-empty ones), each as
     * written; a name with none ({@code ^^^^}, {@code =}) is {@code null}.
     */
    private static void writePersonName(JsonGenerator g, String name) throws IOException {
        if (isEmptyName(name)) {
            g.writeNull();
            return;
        }
        String[] groups = name.split("=", 3);
        g.writeStartObject();
        for (int k = 0; k < groups.length; k++) {
            if (!isEmptyGroup(groups[k])) {
                g.writeStringField(PERSON_NAME_GROUPS.get(k), groups[k]);
            }
        }
        g.writeEndObject();
    }

    static final List<String> PERSON_NAME_GROUPS = List.of("Alphabetic", "Ideographic", "Phonetic");

    private static boolean isEmptyName(String name) {
        for (String group : name.split("=", 3)) {
            if (!isEmptyGroup(group)) {
                return false;
            }
        }
        return true;
    }

    /** A group of no component: nothing but '^' delimiters and padding. */
    private static boolean isEmptyGroup(String group) {
        for (int i = 0; i < group.length(); i++) {
            if (group.charAt(i) != '^' && group.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * Binary numbers as JSON numbers; AT as 8 hex digits; SV and UV beyond 2^53, and the floating
     * point values JSON has no number for (NaN, infinities), as strings. A value that is not a whole
     * number of values is written as InlineBinary so that no byte is lost.
     */
    private void writeNumbers(JsonGenerator g, List<TagPath.Step> steps, int tag, VR vr, byte[] value)
            throws IOException {
        if (value.length == 0) {
            return;
        }
        int width = vr.numberSize();
        if (value.length % width != 0) {
            writeBinary(g, steps, tag, vr, value);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        g.writeArrayFieldStart("Value");
        while (b.hasRemaining()) {
            switch (vr) {
                case US -> g.writeNumber(b.getShort() & 0xFFFF);
                case SS -> g.writeNumber(b.getShort());
                case UL -> g.writeNumber(b.getInt() & 0xFFFFFFFFL);
                case SL -> g.writeNumber(b.getInt());
                case AT -> {
                    int group = b.getShort() & 0xFFFF;
                    g.writeString(hex8((group << 16) | (b.getShort() & 0xFFFF)));
                }
                case FL -> {
                    float f = b.getFloat();
                    if (Float.isFinite(f)) {
                        g.writeNumber(f);
                    } else {
                        g.writeString(Float.toString(f));
                    }
                }
                case FD -> {
                    double d = b.getDouble();
                    if (Double.isFinite(d)) {
                        g.writeNumber(d);
                    } else {
                        g.writeString(Double.toString(d));
                    }
                }
                case SV -> {
                    long v = b.getLong();
                    if (v >= -EXACT_IN_DOUBLE && v <= EXACT_IN_DOUBLE) {
                        g.writeNumber(v);
                    } else {
                        g.writeString(Long.toString(v));
                    }
                }
                case UV -> {
                    long v = b.getLong();
                    if (v >= 0 && v <= EXACT_IN_DOUBLE) {
                        g.writeNumber(v);
                    } else {
                        g.writeString(Long.toUnsignedString(v));
                    }
                }
                default -> throw new IllegalStateException("not a binary number VR: " + vr);
            }
        }
        g.writeEndArray();
    }

    private void writeBinary(JsonGenerator g, List<TagPath.Step> steps, int tag, VR vr, byte[] value)
            throws IOException {
        if (bulkDataUri != null && value.length > bulkDataThreshold) {
            String uri = bulkDataUri.uri(new TagPath(steps, tag), vr, value.length);
            g.writeStringField("BulkDataURI", uri);
        } else {
            g.writeFieldName("InlineBinary");
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, value, 0, value.length);
        }
    }

    /**
     * The Value Field of encapsulated data as PS3.5 section A.4 encodes it in little endian: each
     * fragment (the Basic Offset Table first) as an item, then the Sequence Delimitation Item.
     */
    static byte[] encapsulated(Dataset.Fragments fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                fragments.totalLength() + 8L * fragments.size() + 8));
        for (byte[] f : fragments) {
            itemHeader(out, Tag.Item, f.length);
            out.write(f, 0, f.length);
        }
        itemHeader(out, Tag.SequenceDelimitationItem, 0);
        return out.toByteArray();
    }

    private static void itemHeader(ByteArrayOutputStream out, int tag, int length) {
        byte[] h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (tag >>> 16)).putShort((short) tag).putInt(length).array();
        out.write(h, 0, 8);
    }

    /** The attribute name of a tag: eight uppercase hex digits (F.2.2). */
    static String hex8(int tag) {
        char[] c = new char[8];
        for (int i = 0; i < 8; i++) {
            c[i] = HEX[(tag >>> (28 - 4 * i)) & 0xF];
        }
        return new String(c);
    }
}
