package dev.ferry.api;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Printing, parsing and classifying tags. Tags are {@code int} on the hot path (group in the high
 * 16 bits); this is the one place that turns them into text and back. Thread-safe.
 */
public final class Tags {
    private Tags() {}

    /** {@code (0010,0020)}: the form used in messages, reports and the custody log. */
    public static String format(int tag) {
        char[] c = {'(', 0, 0, 0, 0, ',', 0, 0, 0, 0, ')'};
        for (int i = 0; i < 4; i++) {
            c[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            c[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code PatientID (0010,0020)} when the tag has a keyword, else {@link #format(int)}. */
    public static String describe(int tag) {
        String k = keyword(tag);
        return k == null ? format(tag) : k + ' ' + format(tag);
    }

    /**
     * Parses {@code (0010,0020)}, {@code 0010,0020}, {@code 00100020} or a PS3.6 keyword
     * ({@code PatientID}).
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    public static int parse(String text) {
        String s = text.strip();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        String hex = s.length() == 9 && s.charAt(4) == ',' ? s.substring(0, 4) + s.substring(5) : s;
        if (hex.length() == 8 && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return (int) Long.parseLong(hex, 16);
        }
        Integer byKeyword = Dictionary.BY_KEYWORD.get(s);
        if (byKeyword == null) {
            throw new IllegalArgumentException("not a DICOM tag or keyword: '" + text + "'");
        }
        return byKeyword;
    }

    /** The PS3.6 keyword of a standard tag, or {@code null} (private and unknown tags). */
    public static String keyword(int tag) {
        return Dictionary.BY_TAG.get(tag);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private elements (PS3.5 7.8). */
    public static boolean isPrivate(int tag) {
        int g = group(tag);
        return (g & 1) == 1 && g > 0x0007 && g != 0xFFFF;
    }

    /** A Private Creator element (gggg,0010) to (gggg,00FF), which reserves a block of 256 elements. */
    public static boolean isPrivateCreator(int tag) {
        int e = element(tag);
        return isPrivate(tag) && e >= 0x0010 && e <= 0x00FF;
    }

    /** The Private Creator element that reserves the block a private data element lives in, or -1. */
    public static int creatorOf(int privateTag) {
        int e = element(privateTag);
        if (!isPrivate(privateTag) || e < 0x1000) {
            return -1;
        }
        return (privateTag & 0xFFFF0000) | (e >>> 8);
    }

    /** Orders tags as the encoding does: as unsigned 32-bit numbers. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** Keyword tables built once, on first use, from the generated {@link Tag} constants. */
    private static final class Dictionary {
        static final Map<Integer, String> BY_TAG = new HashMap<>(8192);
        static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);

        static {
            for (Field f : Tag.class.getFields()) {
                int m = f.getModifiers();
                if (f.getType() == int.class && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                    try {
                        int tag = f.getInt(null);
                        BY_TAG.putIfAbsent(tag, f.getName());
                        BY_KEYWORD.put(f.getName(), tag);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }
}
