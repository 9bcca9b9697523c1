package dev.ferry.dicom.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds data sets from DICOM JSON Model objects (PS3.18 section F.2). Top-level attributes are
 * read one at a time, each into a {@link JsonTree} first because JSON does not order an object's
 * keys: "vr" may come after "Value". Immutable and thread-safe.
 */
final class JsonDatasetReader {
    private static final Pattern TAG_KEY = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern NON_FINITE = Pattern.compile("NaN|[+-]?Infinity");
    private static final BigInteger MAX_UV = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final List<String> GROUPS = JsonDatasetWriter.PERSON_NAME_GROUPS;

    private final BulkDataLoader loader;

    JsonDatasetReader(BulkDataLoader loader) {
        this.loader = loader;
    }

    /** Reads one JSON object, which must be all the input holds. */
    Dataset read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new DicomJsonException("a DICOM JSON Model object must start with '{'" + JsonTree.at(p));
        }
        Dataset ds = readObject(p);
        if (p.nextToken() != null) {
            throw new DicomJsonException("more JSON after the data set's object" + JsonTree.at(p));
        }
        return ds;
    }

    /**
     * Reads a JSON array of objects (a QIDO-RS response, PS3.18 F.2.1), handing each data set to
     * {@code each} as soon as it is read, so that a long array is never held whole; the array must
     * be all the input holds.
     *
     * @return how many data sets were read
     */
    long readArray(JsonParser p, Consumer<? super Dataset> each) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new DicomJsonException("a list of DICOM JSON Model objects must start with '['" + JsonTree.at(p));
        }
        long count = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            each.accept(readObject(p));
            count++;
        }
        if (t != JsonToken.END_ARRAY) {
            throw new DicomJsonException("an element of the list is not a JSON object" + JsonTree.at(p));
        }
        if (p.nextToken() != null) {
            throw new DicomJsonException("more JSON after the list" + JsonTree.at(p));
        }
        return count;
    }

    /** Reads the object whose '{' is the parser's current token; afterwards the parser is at its '}'. */
    private Dataset readObject(JsonParser p) throws IOException {
        Dataset ds = new Dataset();
        List<TagPath.Step> steps = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            int tag = tag(p.currentName(), steps, JsonTree.at(p));
            p.nextToken();
            String where = JsonTree.at(p);
            if (ds.contains(tag)) {
                throw error(TagPath.of(tag), "appears twice", where);
            }
            put(ds, tag, JsonTree.read(p), steps, where);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new DicomJsonException("a DICOM JSON Model object is not closed" + JsonTree.at(p));
        }
        setCharacterSet(ds);
        return ds;
    }

    private void item(Map<?, ?> attributes, List<TagPath.Step> steps, Dataset ds, String where) throws IOException {
        for (Map.Entry<?, ?> e : attributes.entrySet()) {
            int tag = tag((String) e.getKey(), steps, where);
            put(ds, tag, e.getValue(), steps, where);
        }
        setCharacterSet(ds);
    }

    private static void setCharacterSet(Dataset ds) {
        String term = ds.getString(Tag.SpecificCharacterSet);
        if (term != null) {
            ds.setTextCodec(SpecificCharacterSet.of(term));
        }
    }

    private static int tag(String key, List<TagPath.Step> steps, String where) throws DicomJsonException {
        if (!TAG_KEY.matcher(key).matches()) {
            StringBuilder in = new StringBuilder();
            for (TagPath.Step s : steps) {
                in.append(in.length() == 0 ? "in " : ".").append(Tags.format(s.sequenceTag()))
                        .append('[').append(s.item()).append(']');
            }
            throw new DicomJsonException("a key " + in + (in.length() == 0 ? "" : " ")
                    + "is not a tag of 8 hex digits" + where);
        }
        return (int) Long.parseLong(key, 16);
    }

    private void put(Dataset ds, int tag, Object attribute, List<TagPath.Step> steps, String where) throws IOException {
        TagPath path = new TagPath(steps, tag);
        if (!(attribute instanceof Map<?, ?> a)) {
            throw error(path, "is not a JSON object", where);
        }
        VR vr = vr(a.get("vr"), path, where);
        int kinds = (a.containsKey("Value") ? 1 : 0) + (a.containsKey("InlineBinary") ? 1 : 0)
                + (a.containsKey("BulkDataURI") ? 1 : 0);
        if (kinds > 1) {
            throw error(path, "has more than one of Value, InlineBinary and BulkDataURI", where);
        }
        if (a.get("BulkDataURI") != null) {
            byte[] value = loader.load(path, vr, string(a.get("BulkDataURI"), path, "BulkDataURI", where));
            if (value != null) {
                putBytes(ds, tag, vr, value, path, where);
            }
        } else if (a.get("InlineBinary") != null) {
            byte[] value;
            try {
                value = Base64.getDecoder().decode(string(a.get("InlineBinary"), path, "InlineBinary", where));
            } catch (IllegalArgumentException e) {
                throw error(path, "InlineBinary is not base64", where);
            }
            putBytes(ds, tag, vr, value, path, where);
        } else if (a.get("Value") == null) {
            ds.setEmpty(tag, vr);
        } else if (!(a.get("Value") instanceof List<?> values)) {
            throw error(path, "Value is not an array", where);
        } else if (values.isEmpty()) {
            ds.setEmpty(tag, vr);
        } else {
            switch (vr.kind()) {
                case SEQUENCE -> putItems(ds, tag, values, steps, path, where);
                case TEXT -> ds.setString(tag, vr, text(values, vr, path, where));
                case BINARY_NUMBER -> ds.setBytes(tag, vr, numbers(values, vr, path, where));
                default -> throw error(path, vr + " takes InlineBinary or BulkDataURI, not Value", where);
            }
        }
    }

    private void putItems(Dataset ds, int tag, List<?> values, List<TagPath.Step> steps, TagPath path, String where)
            throws IOException {
        Dataset.Sequence seq = ds.newSequence(tag);
        for (int k = 0; k < values.size(); k++) {
            Object v = values.get(k);
            if (v != null && !(v instanceof Map)) {
                throw error(path, "item " + (k + 1) + " is not a JSON object", where);
            }
            Dataset item = seq.addItem();
            if (v != null) {
                steps.add(new TagPath.Step(tag, k));
                item((Map<?, ?>) v, steps, item, where);
                steps.remove(steps.size() - 1);
            }
        }
    }

    /** Bytes from InlineBinary or a loader; Pixel Data holding items is encapsulated. */
    private static void putBytes(Dataset ds, int tag, VR vr, byte[] value, TagPath path, String where)
            throws DicomJsonException {
        if (vr == VR.SQ) {
            throw error(path, "a sequence cannot have InlineBinary or BulkDataURI", where);
        }
        List<byte[]> fragments = tag == Tag.PixelData && (vr == VR.OB || vr == VR.OW) ? fragments(value) : null;
        if (fragments == null) {
            ds.setBytes(tag, vr, value);
        } else {
            Dataset.Fragments f = ds.newFragments(tag);
            f.addAll(fragments);
        }
    }

    /**
     * The fragments if {@code value} is exactly an encapsulated Value Field (items, then the Sequence
     * Delimitation Item, PS3.5 A.4), else {@code null}.
     */
    private static List<byte[]> fragments(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= 8) {
            int tag = ((b.getShort() & 0xFFFF) << 16) | (b.getShort() & 0xFFFF);
            long length = b.getInt() & 0xFFFFFFFFL;
            if (tag == Tag.SequenceDelimitationItem) {
                return length == 0 && !b.hasRemaining() ? out : null;
            }
            if (tag != Tag.Item || length > b.remaining()) {
                return null;
            }
            byte[] f = new byte[(int) length];
            b.get(f);
            out.add(f);
        }
        return null;
    }

    private static String text(List<?> values, VR vr, TagPath path, String where) throws DicomJsonException {
        boolean single = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR;
        if (single && values.size() > 1) {
            throw error(path, vr + " holds one value, found " + values.size(), where);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < values.size(); k++) {
            Object v = values.get(k);
            if (k > 0) {
                sb.append('\\');
            }
            if (v == null) {
                continue;
            }
            if (v instanceof String s) {
                sb.append(s);
            } else if (v instanceof JsonTree.Num n && (vr == VR.DS || vr == VR.IS)) {
                sb.append(n.text());
            } else if (v instanceof Map<?, ?> name && vr == VR.PN) {
                sb.append(personName(name, k, path, where));
            } else {
                throw error(path, vr + " value " + (k + 1) + " has the wrong JSON type", where);
            }
        }
        return sb.toString();
    }

    /** The component groups joined by '=', trailing empty ones left out (PS3.5 6.2.1). */
    private static String personName(Map<?, ?> name, int index, TagPath path, String where) throws DicomJsonException {
        String[] groups = new String[GROUPS.size()];
        int last = -1;
        for (int g = 0; g < GROUPS.size(); g++) {
            Object v = name.get(GROUPS.get(g));
            if (v != null && !(v instanceof String)) {
                throw error(path, "PN value " + (index + 1) + ": " + GROUPS.get(g) + " is not a string", where);
            }
            groups[g] = v == null ? "" : (String) v;
            if (!groups[g].isEmpty()) {
                last = g;
            }
        }
        for (Object key : name.keySet()) {
            if (!GROUPS.contains(key)) {
                throw error(path, "PN value " + (index + 1) + " has a key that is no component group", where);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g <= last; g++) {
            sb.append(g == 0 ? "" : "=").append(groups[g]);
        }
        return sb.toString();
    }

    /** Binary numbers as little-endian bytes; numbers may also come as strings (F.2.3 for SV and UV). */
    private static byte[] numbers(List<?> values, VR vr, TagPath path, String where) throws DicomJsonException {
        int width = vr.numberSize();
        ByteBuffer b = ByteBuffer.allocate(values.size() * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < values.size(); k++) {
            Object v = values.get(k);
            String text = v instanceof JsonTree.Num n ? n.text() : v instanceof String s ? s.strip() : null;
            if (text == null) {
                throw error(path, vr + " value " + (k + 1) + (v == null ? " is empty" : " is not a number"), where);
            }
            try {
                put(b, vr, text);
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(path, vr + " value " + (k + 1) + " is not a valid " + vr + " value", where);
            }
        }
        return b.array();
    }

    private static void put(ByteBuffer b, VR vr, String text) {
        switch (vr) {
            case AT -> {
                if (!TAG_KEY.matcher(text).matches()) {
                    throw new NumberFormatException("AT");
                }
                long t = Long.parseLong(text, 16);
                b.putShort((short) (t >>> 16)).putShort((short) t);
            }
            case FL -> b.putFloat(Float.parseFloat(floating(text)));
            case FD -> b.putDouble(Double.parseDouble(floating(text)));
            default -> {
                BigInteger v = new BigDecimal(text).toBigIntegerExact();
                switch (vr) {
                    case US -> b.putShort((short) inRange(v, 0, 0xFFFF));
                    case SS -> b.putShort((short) inRange(v, Short.MIN_VALUE, Short.MAX_VALUE));
                    case UL -> b.putInt((int) inRange(v, 0, 0xFFFFFFFFL));
                    case SL -> b.putInt((int) inRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    case SV -> b.putLong(v.longValueExact());
                    case UV -> {
                        if (v.signum() < 0 || v.compareTo(MAX_UV) > 0) {
                            throw new ArithmeticException("UV");
                        }
                        b.putLong(v.longValue());
                    }
                    default -> throw new IllegalStateException("not a binary number VR: " + vr);
                }
            }
        }
    }

    /** A JSON number, or NaN and the infinities as strings; Java-only forms ("1f", hex) are refused. */
    private static String floating(String text) {
        if (!NON_FINITE.matcher(text).matches()) {
            new BigDecimal(text); // rejects what Double.parseDouble would also take: "1f", "0x1p3"
        }
        return text;
    }

    private static long inRange(BigInteger v, long min, long max) {
        long l = v.longValueExact();
        if (l < min || l > max) {
            throw new ArithmeticException("range");
        }
        return l;
    }

    private static VR vr(Object name, TagPath path, String where) throws DicomJsonException {
        if (name == null) {
            throw error(path, "has no \"vr\"", where);
        }
        VR vr = name instanceof String s && s.length() == 2 ? VR.of(s.charAt(0), s.charAt(1)) : null;
        if (vr == null) {
            throw error(path, "\"vr\" is not a DICOM VR", where);
        }
        return vr;
    }

    private static String string(Object v, TagPath path, String key, String where) throws DicomJsonException {
        if (!(v instanceof String s)) {
            throw error(path, key + " is not a string", where);
        }
        return s;
    }

    private static DicomJsonException error(TagPath path, String problem, String where) {
        return new DicomJsonException(path + ": " + problem + where);
    }
}
