package dev.ferry.dicom.charset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of a Part 10 reader for the character set tests: raw values of an Explicit VR
 * Little Endian file, with sequence items, up to Pixel Data. Ferry's own codec lives elsewhere;
 * this exists so these tests need nothing but the files.
 */
final class ExplicitVrLittleEndianScanner {
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_HEADER =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    /** One data set: raw values by tag, and the items of its sequences. */
    static final class Item {
        final Map<Integer, byte[]> values = new LinkedHashMap<>();
        final Map<Integer, List<Item>> sequences = new LinkedHashMap<>();

        /** The value without trailing padding (space or NUL), or {@code null} if absent. */
        byte[] value(int tag) {
            byte[] v = values.get(tag);
            if (v == null) {
                return null;
            }
            int end = v.length;
            while (end > 0 && (v[end - 1] == ' ' || v[end - 1] == 0)) {
                end--;
            }
            return Arrays.copyOf(v, end);
        }

        /** A value of the default repertoire, e.g. Specific Character Set. */
        String ascii(int tag) {
            byte[] v = value(tag);
            return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
        }
    }

    private final ByteBuffer buf;

    private ExplicitVrLittleEndianScanner(byte[] file) {
        this.buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The data set of a Part 10 file (File Meta Information included). */
    static Item scan(byte[] file) {
        if (file.length < 132 || file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M') {
            throw new IllegalArgumentException("not a Part 10 file");
        }
        ExplicitVrLittleEndianScanner s = new ExplicitVrLittleEndianScanner(file);
        Item top = new Item();
        s.readElements(132, file.length, top);
        return top;
    }

    /** Reads elements from {@code pos} to {@code end} or an item delimiter; returns the position after. */
    private int readElements(int pos, int end, Item into) {
        while (pos + 8 <= end) {
            int tag = (buf.getShort(pos) & 0xFFFF) << 16 | (buf.getShort(pos + 2) & 0xFFFF);
            if (tag == ITEM_END) {
                return pos + 8;
            }
            if (tag == PIXEL_DATA) {
                return end;
            }
            String vr = new String(new byte[] {buf.get(pos + 4), buf.get(pos + 5)}, StandardCharsets.US_ASCII);
            boolean longHeader = LONG_HEADER.contains(vr);
            long length = longHeader ? buf.getInt(pos + 8) & 0xFFFFFFFFL : buf.getShort(pos + 6) & 0xFFFF;
            int value = pos + (longHeader ? 12 : 8);
            if (vr.equals("SQ")) {
                List<Item> items = new ArrayList<>();
                into.sequences.put(tag, items);
                pos = readItems(value, length == UNDEFINED ? end : value + (int) length, items);
            } else {
                into.values.put(tag, Arrays.copyOfRange(buf.array(), value, value + (int) length));
                pos = value + (int) length;
            }
        }
        return pos;
    }

    private int readItems(int pos, int end, List<Item> items) {
        while (pos + 8 <= end) {
            int tag = (buf.getShort(pos) & 0xFFFF) << 16 | (buf.getShort(pos + 2) & 0xFFFF);
            long length = buf.getInt(pos + 4) & 0xFFFFFFFFL;
            if (tag == SEQUENCE_END) {
                return pos + 8;
            }
            if (tag != ITEM) {
                throw new IllegalStateException("expected an item at offset " + pos);
            }
            Item item = new Item();
            items.add(item);
            pos = length == UNDEFINED
                    ? readElements(pos + 8, end, item)
                    : readElements(pos + 8, pos + 8 + (int) length, item);
        }
        return pos;
    }
}
