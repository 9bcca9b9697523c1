package dev.ferry.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A DICOM header: data elements addressed by tag, kept in ascending tag order, with nested
 * {@link Sequence sequences} of items. This is what crosses the SPI where an implementation reads
 * or changes a header; pixel data never lives here (see {@link DicomInstance}).
 *
 * <p>Values are held as the encoding holds them, independent of any transfer syntax:
 * <ul>
 *   <li>text VRs as the bytes read (decoded on demand through the data set's {@link TextCodec},
 *       so an unchanged value is written back byte for byte), or as a {@code String} once set;
 *   <li>binary numbers and OB/OD/OF/OL/OV/OW/UN as little-endian bytes (the codec swaps
 *       big-endian input);
 *   <li>SQ as a {@link Sequence} of nested data sets;
 *   <li>encapsulated pixel data inside an item (an icon image, say) as {@link Fragments}; the
 *       top-level Pixel Data never sits in a data set.
 * </ul>
 * An element with no value has an empty value, never {@code null}.
 *
 * <p>Private elements can be addressed through their creator ({@link #resolve(PrivateTag)},
 * {@link #reserve(PrivateTag)}), whatever block the source used.
 *
 * <p>Not thread-safe: one thread owns a data set at a time. {@link #toString()} prints the number of
 * elements only, never a value, so a data set cannot leak patient data into a log.
 */
public final class Dataset {
    private static final int[] NO_TAGS = {};
    private static final VR[] NO_VRS = {};
    private static final Object[] NO_VALUES = {};
    private static final byte[] EMPTY = {};
    /** The first capacity of a data set that grows from empty: most items hold a handful of elements. */
    private static final int FIRST_CAPACITY = 8;

    private int[] tags = NO_TAGS;
    private VR[] vrs = NO_VRS;
    private Object[] values = NO_VALUES;
    private int size;
    private Dataset parent;
    private Sequence owner;
    private TextCodec textCodec;
    private boolean undefinedLength = true;

    public Dataset() {}

    /**
     * An empty data set with room for {@code expectedSize} elements before it grows: for a decoder
     * that knows about how many elements are coming.
     */
    public Dataset(int expectedSize) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize must be >= 0: " + expectedSize);
        }
        if (expectedSize > 0) {
            tags = new int[expectedSize];
            vrs = new VR[expectedSize];
            values = new Object[expectedSize];
        }
    }

    /** The number of elements at this level (items of sequences not counted). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The enclosing data set if this is an item of a sequence, else {@code null}. */
    public Dataset parent() {
        return parent;
    }

    /**
     * The codec for this data set's text values: its own if set, else its parent's (an item without
     * its own Specific Character Set uses the enclosing one's, PS3.5 section 7.5.3), else the default
     * repertoire.
     */
    public TextCodec textCodec() {
        for (Dataset d = this; d != null; d = d.parent) {
            if (d.textCodec != null) {
                return d.textCodec;
            }
        }
        return TextCodec.DEFAULT;
    }

    /**
     * Sets the codec that decodes this data set's text. The caller keeps Specific Character Set
     * (0008,0005) in step; a coercer that changes character set decodes every text value with the
     * old codec and sets it as a string before switching.
     */
    public void setTextCodec(TextCodec codec) {
        this.textCodec = codec;
    }

    /**
     * For an item of a sequence: whether it was (and will be) encoded with undefined length and an
     * Item Delimitation Item rather than an explicit length. A hint that lets a writer reproduce the
     * source's encoding byte for byte; both forms mean the same. Default {@code true}.
     */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }

    // ---------------------------------------------------------------------------------------------
    // Index access, in tag order: what a writer walks.

    /** Index of the element with this tag, or a negative number ({@code -(insertion point) - 1}). */
    public int indexOf(int tag) {
        int n = size;
        int key = tag ^ Integer.MIN_VALUE;
        if (n > 0) {
            // A decoder appends in tag order: answer "after the last" without a search.
            int last = tags[n - 1] ^ Integer.MIN_VALUE;
            if (last == key) {
                return n - 1;
            }
            if (last < key) {
                return -(n + 1);
            }
        }
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = tags[mid] ^ Integer.MIN_VALUE;
            if (v < key) {
                lo = mid + 1;
            } else if (v > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    public int tagAt(int index) {
        checkIndex(index);
        return tags[index];
    }

    public VR vrAt(int index) {
        checkIndex(index);
        return vrs[index];
    }

    /**
     * The value of a non-sequence element as it would be encoded, without padding: the bytes read
     * for an unchanged value, the text codec's encoding for a value set as a string. The array is
     * the data set's own for unchanged values: do not modify it.
     *
     * @throws IllegalStateException if the element is a sequence
     */
    public byte[] encodedValueAt(int index) {
        checkIndex(index);
        Object v = values[index];
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof String s) {
            return textCodec().encode(s, vrs[index]);
        }
        throw new IllegalStateException(Tags.format(tags[index]) + " is a sequence or encapsulated");
    }

    /** The fragments at this index, or {@code null} if the element is not encapsulated. */
    public Fragments fragmentsAt(int index) {
        checkIndex(index);
        return values[index] instanceof Fragments f ? f : null;
    }

    /** The sequence at this index, or {@code null} if the element is not a sequence. */
    public Sequence sequenceAt(int index) {
        checkIndex(index);
        return values[index] instanceof Sequence s ? s : null;
    }

    private void checkIndex(int index) {
        Objects.checkIndex(index, size);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading values.

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** The VR of the element, or {@code null} if absent. */
    public VR vr(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /**
     * The whole text value (all values, backslash-separated) without trailing padding, or
     * {@code null} if the element is absent. Binary values are rendered as by {@link #valueAsText(int)}.
     */
    public String getString(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : stringAt(i);
    }

    public String getString(int tag, String defaultValue) {
        String s = getString(tag);
        return s == null ? defaultValue : s;
    }

    /** The values of a multi-valued text element, each without padding; empty if absent or empty. */
    public List<String> getStrings(int tag) {
        String s = getString(tag);
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        VR vr = vr(tag);
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR) {
            return List.of(s); // single-valued by definition: a backslash is a character
        }
        String[] parts = s.split("\\\\", -1);
        for (int k = 0; k < parts.length; k++) {
            parts[k] = stripTrailing(parts[k]);
        }
        return List.of(parts);
    }

    private String stringAt(int i) {
        Object v = values[i];
        VR vr = vrs[i];
        if (v instanceof String s) {
            return stripTrailing(s);
        }
        if (v instanceof byte[] b && vr.isText()) {
            int end = b.length;
            while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
                end--;
            }
            return textCodec().decode(b, 0, end, vr);
        }
        return render(i);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The first value as an int; {@code defaultValue} if absent or empty. */
    public int getInt(int tag, int defaultValue) {
        long[] v = getLongs(tag);
        return v.length == 0 ? defaultValue : (int) v[0];
    }

    /** The first value as a double; {@code defaultValue} if absent or empty. */
    public double getDouble(int tag, double defaultValue) {
        double[] v = getDoubles(tag);
        return v.length == 0 ? defaultValue : v[0];
    }

    /**
     * All values of an integer element (US, SS, UL, SL, SV, UV, AT, IS), unsigned VRs zero-extended.
     * Empty if absent.
     *
     * @throws InvalidValueException naming the tag if the value is not integers of that VR
     */
    public long[] getLongs(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return new long[0];
        }
        VR vr = vrs[i];
        if (vr == VR.IS || vr == VR.DS) {
            List<String> parts = getStrings(tag);
            long[] out = new long[parts.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = vr == VR.IS ? parseIS(tag, parts.get(k), k) : (long) parseDS(tag, parts.get(k), k);
            }
            return out;
        }
        int w = vr.numberSize();
        if (w == 0 || vr == VR.FL || vr == VR.FD) {
            throw new InvalidValueException(tag, "VR " + vr + " does not hold integers");
        }
        ByteBuffer b = numbers(i, w);
        if (vr == VR.AT) {
            long[] out = new long[b.remaining() / 4];
            for (int k = 0; k < out.length; k++) {
                int g = b.getShort() & 0xFFFF;
                int e = b.getShort() & 0xFFFF;
                out[k] = Integer.toUnsignedLong((g << 16) | e);
            }
            return out;
        }
        long[] out = new long[b.remaining() / w];
        for (int k = 0; k < out.length; k++) {
            switch (vr) {
                case US -> out[k] = b.getShort() & 0xFFFF;
                case SS -> out[k] = b.getShort();
                case UL -> out[k] = b.getInt() & 0xFFFFFFFFL;
                case SL -> out[k] = b.getInt();
                default -> out[k] = b.getLong(); // SV, UV (UV above 2^63 wraps: use getBytes)
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern DS_SYNTAX =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern IS_SYNTAX = java.util.regex.Pattern.compile("[+-]?\\d{1,12}");

    /** An IS value: an optionally signed integer in -2^31 .. 2^31-1 (PS3.5 table 6.2-1). */
    private static long parseIS(int tag, String value, int index) {
        String p = value.strip();
        if (!IS_SYNTAX.matcher(p).matches()) {
            throw new InvalidValueException(tag, "IS value " + (index + 1) + " is not an integer");
        }
        long v = Long.parseLong(p.startsWith("+") ? p.substring(1) : p);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidValueException(tag, "IS value " + (index + 1) + " is outside -2^31..2^31-1");
        }
        return v;
    }

    /** A DS value: a fixed or floating point decimal string; Java-only forms (NaN, hex, 1.5f) are refused. */
    private static double parseDS(int tag, String value, int index) {
        String p = value.strip();
        if (!DS_SYNTAX.matcher(p).matches()) {
            throw new InvalidValueException(tag, "DS value " + (index + 1) + " is not a decimal number");
        }
        return Double.parseDouble(p);
    }

    /** The little-endian value at {@code i}, checked to be whole numbers of {@code width} bytes. */
    private ByteBuffer numbers(int i, int width) {
        byte[] b = (byte[]) values[i];
        if (b.length % width != 0) {
            throw new InvalidValueException(tags[i], "a " + vrs[i] + " value of " + b.length
                    + " bytes is not a whole number of " + width + "-byte values");
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * All values of a numeric element (FL, FD, OF, OD, DS, and every integer VR). Empty if absent.
     *
     * @throws InvalidValueException naming the tag if the value is not numbers
     */
    public double[] getDoubles(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return new double[0];
        }
        VR vr = vrs[i];
        if (vr == VR.DS) {
            List<String> parts = getStrings(tag);
            double[] out = new double[parts.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = parseDS(tag, parts.get(k), k);
            }
            return out;
        }
        if (vr == VR.FL || vr == VR.OF || vr == VR.FD || vr == VR.OD) {
            boolean single = vr == VR.FL || vr == VR.OF;
            ByteBuffer b = numbers(i, single ? 4 : 8);
            double[] out = new double[b.remaining() / (single ? 4 : 8)];
            for (int k = 0; k < out.length; k++) {
                out[k] = single ? b.getFloat() : b.getDouble();
            }
            return out;
        }
        long[] l = getLongs(tag);
        double[] out = new double[l.length];
        for (int k = 0; k < l.length; k++) {
            out[k] = l[k];
        }
        return out;
    }

    /**
     * The first value of a DA element as a date; {@code null} if absent or empty. Accepts the
     * ACR-NEMA form {@code YYYY.MM.DD} that legacy archives still hold.
     *
     * @throws InvalidValueException naming the tag if the value is not a date
     */
    public java.time.LocalDate getDate(int tag) {
        String v = firstValue(tag);
        return v == null ? null : DicomDateTimes.date(tag, v);
    }

    /**
     * The first value of a TM element as a time of day; {@code null} if absent or empty. Partial
     * values ({@code HH}, {@code HHMM}) take zero for what is missing; {@code HH:MM:SS} is accepted.
     *
     * @throws InvalidValueException naming the tag if the value is not a time
     */
    public java.time.LocalTime getTime(int tag) {
        String v = firstValue(tag);
        return v == null ? null : DicomDateTimes.time(tag, v);
    }

    /**
     * The first value of a DT element as a local date-time, its UTC offset (if any) ignored;
     * {@code null} if absent or empty. Missing parts take their lowest value.
     *
     * @throws InvalidValueException naming the tag if the value is not a DT
     */
    public java.time.LocalDateTime getDateTime(int tag) {
        String v = firstValue(tag);
        return v == null ? null : DicomDateTimes.dateTime(tag, v);
    }

    /**
     * The first value of a DT element with its UTC offset, or with {@code whenAbsent} (the data
     * set's Timezone Offset From UTC (0008,0201), say) if the value has none; {@code null} if absent.
     *
     * @throws InvalidValueException naming the tag if the value is not a DT
     */
    public java.time.OffsetDateTime getDateTime(int tag, java.time.ZoneOffset whenAbsent) {
        String v = firstValue(tag);
        return v == null ? null : DicomDateTimes.offsetDateTime(tag, v, whenAbsent);
    }

    private String firstValue(int tag) {
        List<String> values = getStrings(tag);
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    /**
     * A copy of the value's bytes: the encoded text for text VRs, little-endian bytes for binary
     * ones; {@code null} if absent.
     *
     * @throws IllegalStateException if the element is a sequence
     */
    public byte[] getBytes(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : encodedValueAt(i).clone();
    }

    /** The sequence, or {@code null} if absent or not a sequence. */
    public Sequence getSequence(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : sequenceAt(i);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing values.

    /** Sets a text value (the whole value, backslash-separated if multi-valued). */
    public Dataset setString(int tag, VR vr, String value) {
        requireKind(tag, vr, VR.Kind.TEXT);
        put(tag, vr, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets a multi-valued text value. */
    public Dataset setStrings(int tag, VR vr, String... values) {
        return setString(tag, vr, String.join("\\", values));
    }

    /**
     * Sets the raw bytes of a value: encoded text (in this data set's character set, without
     * padding) for text VRs, little-endian bytes for binary VRs. The array is owned by the data set
     * afterwards: the caller must not modify it. This is what a decoder calls.
     */
    public Dataset setBytes(int tag, VR vr, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (vr == VR.SQ) {
            throw new IllegalArgumentException(Tags.format(tag) + ": use newSequence for SQ");
        }
        put(tag, vr, value);
        return this;
    }

    /** Sets an element with an empty value. */
    public Dataset setEmpty(int tag, VR vr) {
        put(tag, vr, vr == VR.SQ ? new Sequence(this) : EMPTY);
        return this;
    }

    /** Sets integer values for US, SS, UL, SL, SV, UV or AT, or IS (written as text). */
    public Dataset setInts(int tag, VR vr, int... values) {
        long[] l = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            l[k] = values[k];
        }
        return setLongs(tag, vr, l);
    }

    /** Sets integer values for US, SS, UL, SL, SV, UV or AT, or IS/DS (written as text). */
    public Dataset setLongs(int tag, VR vr, long... values) {
        if (vr == VR.IS || vr == VR.DS) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < values.length; k++) {
                sb.append(k == 0 ? "" : "\\").append(values[k]);
            }
            return setString(tag, vr, sb.toString());
        }
        int w = vr.numberSize();
        if (w == 0 || vr == VR.FL || vr == VR.FD) {
            throw new IllegalArgumentException(Tags.format(tag) + ": VR " + vr + " does not hold integers");
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * w).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (vr) {
                case US, SS -> b.putShort((short) v);
                case UL, SL -> b.putInt((int) v);
                case AT -> b.putShort((short) (v >>> 16)).putShort((short) v);
                default -> b.putLong(v);
            }
        }
        put(tag, vr, b.array());
        return this;
    }

    /** Sets FL, FD, OF or OD values, or DS (written as text). */
    public Dataset setDoubles(int tag, VR vr, double... values) {
        if (vr == VR.DS) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new IllegalArgumentException(Tags.format(tag) + ": DS cannot hold " + values[k]);
                }
                sb.append(k == 0 ? "" : "\\").append(formatDecimal(values[k]));
            }
            return setString(tag, vr, sb.toString());
        }
        boolean single = vr == VR.FL || vr == VR.OF;
        if (!single && vr != VR.FD && vr != VR.OD) {
            throw new IllegalArgumentException(Tags.format(tag) + ": VR " + vr + " does not hold floating point");
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * (single ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (single) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        put(tag, vr, b.array());
        return this;
    }

    /** A DS value is at most 16 characters (PS3.5 table 6.2-1). */
    private static String formatDecimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 15; digits > 0; digits--) {
            String t = String.format(java.util.Locale.ROOT, "%." + digits + "G", v).strip();
            if (t.length() <= 16) {
                return t;
            }
        }
        return String.format(java.util.Locale.ROOT, "%.6E", v);
    }

    /**
     * Replaces the element with new, empty encapsulated content (OB, undefined length, items) and
     * returns it: the first fragment added is the Basic Offset Table item, possibly empty.
     */
    public Fragments newFragments(int tag) {
        Fragments f = new Fragments();
        put(tag, VR.OB, f);
        return f;
    }

    /** The fragments, or {@code null} if absent or not encapsulated. */
    public Fragments getFragments(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : fragmentsAt(i);
    }

    /** Replaces the element with a new, empty sequence and returns it. */
    public Sequence newSequence(int tag) {
        Sequence s = new Sequence(this);
        put(tag, VR.SQ, s);
        return s;
    }

    /** Removes the element; true if it was there. */
    public boolean remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        detach(values[i]);
        int tail = size - i - 1;
        System.arraycopy(tags, i + 1, tags, i, tail);
        System.arraycopy(vrs, i + 1, vrs, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        size--;
        values[size] = null;
        vrs[size] = null;
        return true;
    }

    /**
     * Items of a sequence that leaves this data set no longer belong to it, so they can be added to
     * another sequence (moving a sequence from one tag to another, say).
     */
    private static void detach(Object oldValue) {
        if (oldValue instanceof Sequence s) {
            for (Dataset item : s.items) {
                item.parent = null;
                item.owner = null;
            }
        }
    }

    private static void requireKind(int tag, VR vr, VR.Kind kind) {
        if (vr.kind() != kind) {
            throw new IllegalArgumentException(Tags.format(tag) + ": VR " + vr + " is not " + kind);
        }
    }

    private void put(int tag, VR vr, Object value) {
        Objects.requireNonNull(vr, "vr");
        int i = indexOf(tag);
        if (i >= 0) {
            detach(values[i]);
            vrs[i] = vr;
            values[i] = value;
            return;
        }
        int at = -(i + 1);
        if (size == tags.length) {
            int cap = Math.max(FIRST_CAPACITY, size * 2);
            tags = Arrays.copyOf(tags, cap);
            vrs = Arrays.copyOf(vrs, cap);
            values = Arrays.copyOf(values, cap);
        }
        int tail = size - at;
        System.arraycopy(tags, at, tags, at + 1, tail);
        System.arraycopy(vrs, at, vrs, at + 1, tail);
        System.arraycopy(values, at, values, at + 1, tail);
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
    }

    // ---------------------------------------------------------------------------------------------
    // Private elements (PS3.5 section 7.8.1).

    /** The Private Creator of the block that a private data element lives in, or {@code null}. */
    public String privateCreatorOf(int tag) {
        int creatorTag = Tags.creatorOf(tag);
        return creatorTag < 0 ? null : getString(creatorTag);
    }

    /** The tag this data set uses for a private element, or -1 if its creator reserved no block here. */
    public int resolve(PrivateTag p) {
        int base = p.group() << 16;
        int i = indexOf(base | 0x10);
        // Walk the reservations (gggg,0010)-(gggg,00FF) that are present, in tag order.
        for (i = i < 0 ? -(i + 1) : i; i < size && Integer.compareUnsigned(tags[i], base | 0xFF) <= 0; i++) {
            if (values[i] != null && !(values[i] instanceof Sequence) && !(values[i] instanceof Fragments)
                    && p.creator().equals(stringAt(i).strip())) {
                return p.inBlock(tags[i] & 0xFF);
            }
        }
        return -1;
    }

    /**
     * The tag for a private element, reserving the first free block for its creator if it has none.
     *
     * @throws IllegalStateException if all 240 blocks of the group are taken
     */
    public int reserve(PrivateTag p) {
        int tag = resolve(p);
        if (tag >= 0) {
            return tag;
        }
        int base = p.group() << 16;
        for (int e = 0x10; e <= 0xFF; e++) {
            if (!contains(base | e)) {
                setString(base | e, VR.LO, p.creator());
                return p.inBlock(e);
            }
        }
        throw new IllegalStateException(String.format("group %04X has no free private block", p.group()));
    }

    // ---------------------------------------------------------------------------------------------
    // Copies, rendering, equality.

    /** A deep copy (sequences and items included), with the same text codec. */
    public Dataset copy() {
        Dataset d = new Dataset();
        copyInto(d);
        if (textCodec == null && parent != null) {
            d.textCodec = textCodec(); // a copied item leaves its parent but keeps decoding as before
        }
        return d;
    }

    private void copyInto(Dataset d) {
        d.textCodec = textCodec;
        d.undefinedLength = undefinedLength;
        d.tags = Arrays.copyOf(tags, size);
        d.vrs = Arrays.copyOf(vrs, size);
        d.values = new Object[size];
        d.size = size;
        for (int i = 0; i < size; i++) {
            Object v = values[i];
            if (v instanceof Sequence s) {
                Sequence c = new Sequence(d);
                c.undefinedLength = s.undefinedLength;
                for (Dataset item : s) {
                    Dataset ci = new Dataset();
                    item.copyInto(ci);
                    c.add(ci);
                }
                v = c;
            } else if (v instanceof byte[] b) {
                v = b.length == 0 ? EMPTY : b.clone();
            } else if (v instanceof Fragments f) {
                Fragments c = new Fragments();
                for (byte[] fragment : f) {
                    c.add(fragment.clone());
                }
                v = c;
            }
            d.values[i] = v;
        }
    }

    /**
     * The value as one line of text, for change reports and the custody log (never for logs: it is
     * the value itself): text decoded; numbers in decimal, backslash-separated; AT as tags; other
     * binary values as their length and SHA-256; a sequence as its item count. {@code null} if absent.
     */
    public String valueAsText(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : (vrs[i].isText() ? stringAt(i) : render(i));
    }

    private String render(int i) {
        VR vr = vrs[i];
        Object v = values[i];
        if (v instanceof Sequence s) {
            return "[" + s.size() + (s.size() == 1 ? " item]" : " items]");
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Fragments f) {
            return "[" + f.size() + (f.size() == 1 ? " fragment, " : " fragments, ") + f.totalLength() + " bytes]";
        }
        byte[] b = (byte[]) v;
        StringBuilder sb = new StringBuilder();
        switch (vr) {
            case AT -> {
                for (long t : getLongs(tags[i])) {
                    sb.append(sb.length() == 0 ? "" : "\\").append(Tags.format((int) t));
                }
            }
            case US, SS, UL, SL, SV -> {
                for (long n : getLongs(tags[i])) {
                    sb.append(sb.length() == 0 ? "" : "\\").append(n);
                }
            }
            case UV -> {
                ByteBuffer bb = numbers(i, 8);
                while (bb.remaining() >= 8) {
                    sb.append(sb.length() == 0 ? "" : "\\").append(Long.toUnsignedString(bb.getLong()));
                }
            }
            case FL, FD -> {
                for (double n : getDoubles(tags[i])) {
                    sb.append(sb.length() == 0 ? "" : "\\").append(n);
                }
            }
            default -> sb.append(b.length).append(" bytes, sha-256 ").append(sha256(b));
        }
        return sb.toString();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * Equal when both hold the same tags with the same VRs and values: text compared as decoded and
     * without trailing padding, binary byte for byte, sequences item by item.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Dataset d) || d.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (tags[i] != d.tags[i] || vrs[i] != d.vrs[i]) {
                return false;
            }
            Object a = values[i];
            Object b = d.values[i];
            if (a instanceof Sequence || a instanceof Fragments) {
                if (!a.equals(b)) {
                    return false;
                }
            } else if (vrs[i].isText()) {
                if (!stringAt(i).equals(d.stringAt(i))) {
                    return false;
                }
            } else if (!(b instanceof byte[] bb) || !Arrays.equals((byte[]) a, bb)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(tags, size));
    }

    @Override
    public String toString() {
        return "Dataset[" + size + (size == 1 ? " element]" : " elements]");
    }

    /** Tags at this level, ascending; for diagnostics and diffs. */
    public int[] tags() {
        return Arrays.copyOf(tags, size);
    }

    /**
     * Makes {@code item} an item of {@code sequence}, held by this data set. An item belongs to one
     * sequence at most, once, and never contains the data set that holds it.
     */
    private void adopt(Dataset item, Sequence sequence) {
        if (item.owner != null) {
            throw new IllegalArgumentException("the item already belongs to a sequence; add a copy()");
        }
        for (Dataset d = this; d != null; d = d.parent) {
            if (d == item) {
                throw new IllegalArgumentException("an item cannot contain the data set that holds it");
            }
        }
        item.parent = this;
        item.owner = sequence;
    }

    /**
     * The items of an encapsulated value nested in an item (PS3.5 section A.4): the first is the Basic
     * Offset Table (possibly empty), the others are fragments of compressed data, each of even length.
     * Arrays added are owned by the list.
     */
    public static final class Fragments extends java.util.AbstractList<byte[]> implements java.util.RandomAccess {
        private final ArrayList<byte[]> items = new ArrayList<>(2);

        Fragments() {}

        @Override
        public byte[] get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void add(int index, byte[] fragment) {
            items.add(index, Objects.requireNonNull(fragment, "fragment"));
        }

        @Override
        public byte[] set(int index, byte[] fragment) {
            return items.set(index, Objects.requireNonNull(fragment, "fragment"));
        }

        @Override
        public byte[] remove(int index) {
            return items.remove(index);
        }

        /** The sum of the fragments' lengths. */
        public long totalLength() {
            long n = 0;
            for (byte[] b : items) {
                n += b.length;
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Fragments f) || f.size() != size()) {
                return false;
            }
            for (int i = 0; i < size(); i++) {
                if (!Arrays.equals(items.get(i), f.items.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return items.size();
        }

        @Override
        public String toString() {
            return "Fragments[" + items.size() + "]";
        }
    }

    /**
     * Items of an SQ element, in order. Adding an item makes this data set its parent (for
     * character-set inheritance); an item belongs to at most one sequence.
     */
    public static final class Sequence extends java.util.AbstractList<Dataset> implements java.util.RandomAccess {
        private final Dataset owner;
        private final ArrayList<Dataset> items = new ArrayList<>(2);
        private boolean undefinedLength = true;

        Sequence(Dataset owner) {
            this.owner = owner;
        }

        /**
         * Whether the sequence was (and will be) encoded with undefined length and a Sequence
         * Delimitation Item: a hint for byte-identical rewriting, as {@link Dataset#undefinedLength()}.
         */
        public boolean undefinedLength() {
            return undefinedLength;
        }

        public void setUndefinedLength(boolean undefinedLength) {
            this.undefinedLength = undefinedLength;
        }

        /** Appends and returns a new, empty item. */
        public Dataset addItem() {
            Dataset d = new Dataset();
            add(d);
            return d;
        }

        @Override
        public Dataset get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void add(int index, Dataset item) {
            Objects.checkIndex(index, items.size() + 1);
            owner.adopt(Objects.requireNonNull(item, "item"), this);
            items.add(index, item);
        }

        @Override
        public Dataset set(int index, Dataset item) {
            Dataset old = items.get(index);
            if (old == Objects.requireNonNull(item, "item")) {
                return old;
            }
            owner.adopt(item, this);
            items.set(index, item);
            old.parent = null;
            old.owner = null;
            return old;
        }

        @Override
        public Dataset remove(int index) {
            Dataset old = items.remove(index);
            old.parent = null;
            old.owner = null;
            return old;
        }

        @Override
        public String toString() {
            return "Sequence[" + items.size() + (items.size() == 1 ? " item]" : " items]");
        }
    }
}
