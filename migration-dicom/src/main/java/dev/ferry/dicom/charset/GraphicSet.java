package dev.ferry.dicom.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * A graphic character set that an ISO 2022 escape sequence designates into G0 or G1 (PS3.3
 * tables C.12-3 and C.12-4), with its code tables.
 *
 * <p>Codes are given without the GL/GR offset: a single-byte G1 set maps bytes 0x80-0xFF, a
 * double-byte set maps 7-bit row/cell pairs 0x2121-0x7E7E (GR adds 0x8080). The tables come from
 * the JDK's charsets and are built on first use; building is idempotent, so the benign race on
 * {@link #tables} needs no lock. Thread-safe.
 */
enum GraphicSet {
    /** ISO-IR 6, ASCII. */
    ASCII(Slot.G0, 1, null, 0x1B, 0x28, 0x42),
    /**
     * ISO-IR 14, JIS X 0201 Romaji, the G0 set of ISO 2022 IR 13. It is read and written as ASCII:
     * 05/12 stays the DICOM value delimiter (PS3.5 section 6.1.2.5.3) rather than a yen sign, and
     * 07/14 a tilde, which is what Japanese DICOM systems in practice exchange.
     */
    JIS_ROMAN(Slot.G0, 1, null, 0x1B, 0x28, 0x4A),
    /** ISO-IR 13, JIS X 0201 half-width katakana in G1 (bytes 0xA1-0xDF). */
    JIS_KATAKANA(Slot.G1, 1, null, 0x1B, 0x29, 0x49),
    /** ISO-IR 100, the right half of ISO 8859-1. */
    LATIN1(Slot.G1, 1, "ISO-8859-1", 0x1B, 0x2D, 0x41),
    /** ISO-IR 101, ISO 8859-2. */
    LATIN2(Slot.G1, 1, "ISO-8859-2", 0x1B, 0x2D, 0x42),
    /** ISO-IR 109, ISO 8859-3. */
    LATIN3(Slot.G1, 1, "ISO-8859-3", 0x1B, 0x2D, 0x43),
    /** ISO-IR 110, ISO 8859-4. */
    LATIN4(Slot.G1, 1, "ISO-8859-4", 0x1B, 0x2D, 0x44),
    /** ISO-IR 144, ISO 8859-5. */
    CYRILLIC(Slot.G1, 1, "ISO-8859-5", 0x1B, 0x2D, 0x4C),
    /** ISO-IR 127, ISO 8859-6. */
    ARABIC(Slot.G1, 1, "ISO-8859-6", 0x1B, 0x2D, 0x47),
    /** ISO-IR 126, ISO 8859-7. */
    GREEK(Slot.G1, 1, "ISO-8859-7", 0x1B, 0x2D, 0x46),
    /** ISO-IR 138, ISO 8859-8. */
    HEBREW(Slot.G1, 1, "ISO-8859-8", 0x1B, 0x2D, 0x48),
    /** ISO-IR 148, ISO 8859-9. */
    LATIN5(Slot.G1, 1, "ISO-8859-9", 0x1B, 0x2D, 0x4D),
    /** ISO-IR 203, ISO 8859-15. */
    LATIN9(Slot.G1, 1, "ISO-8859-15", 0x1B, 0x2D, 0x62),
    /** ISO-IR 166, TIS 620-2533. */
    THAI(Slot.G1, 1, "TIS-620", 0x1B, 0x2D, 0x54),
    /** ISO-IR 87, JIS X 0208 in G0. */
    JIS_X0208(Slot.G0, 2, "EUC-JP", 0x1B, 0x24, 0x42),
    /** ISO-IR 159, JIS X 0212 in G0. */
    JIS_X0212(Slot.G0, 2, "EUC-JP", 0x1B, 0x24, 0x28, 0x44),
    /** ISO-IR 149, KS X 1001 in G1. */
    KS_X1001(Slot.G1, 2, "EUC-KR", 0x1B, 0x24, 0x29, 0x43),
    /** ISO-IR 58, GB 2312 in G1. */
    GB2312(Slot.G1, 2, "GB2312", 0x1B, 0x24, 0x29, 0x41);

    /** The code element an escape sequence designates the set into. */
    enum Slot { G0, G1 }

    static final int ESC = 0x1B;

    /** Designations accepted when reading though never written: older forms of ESC $ B. */
    private static final byte[] JIS_C6226_1978 = {0x1B, 0x24, 0x40};
    private static final byte[] JIS_X0208_LONG_FORM = {0x1B, 0x24, 0x28, 0x42};

    private static final GraphicSet[] VALUES = values();

    private final Slot slot;
    private final int bytesPerChar;
    private final String charsetName;
    private final byte[] escape;
    private final Designation designation;
    private volatile Tables tables;

    GraphicSet(Slot slot, int bytesPerChar, String charsetName, int... escape) {
        this.slot = slot;
        this.bytesPerChar = bytesPerChar;
        this.charsetName = charsetName;
        this.escape = new byte[escape.length];
        for (int i = 0; i < escape.length; i++) {
            this.escape[i] = (byte) escape[i];
        }
        this.designation = new Designation(this, escape.length);
    }

    Slot slot() {
        return slot;
    }

    boolean isDoubleByte() {
        return bytesPerChar == 2;
    }

    /** The escape sequence that designates this set; the caller must not modify it. */
    byte[] escapeSequence() {
        return escape;
    }

    /** An escape sequence found in a value: the set it designates and how many bytes it takes. */
    record Designation(GraphicSet set, int length) {}

    /**
     * The designation by the escape sequence at {@code bytes[at]}, or {@code null} if none Ferry
     * knows starts there (or the value ends inside it).
     */
    static Designation designationAt(byte[] bytes, int at, int end) {
        for (GraphicSet s : VALUES) {
            if (startsWith(bytes, at, end, s.escape)) {
                return s.designation;
            }
        }
        if (startsWith(bytes, at, end, JIS_X0208_LONG_FORM)) {
            return new Designation(JIS_X0208, JIS_X0208_LONG_FORM.length);
        }
        if (startsWith(bytes, at, end, JIS_C6226_1978)) {
            return new Designation(JIS_X0208, JIS_C6226_1978.length);
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The character for a single-byte code: 0x20-0x7E for a G0 set, 0x80-0xFF for a G1 set;
     * U+FFFD where the set has no character.
     */
    char decodeByte(int code) {
        if (slot == Slot.G0) {
            return (char) code;
        }
        return tables().decode[code - 0x80];
    }

    /** The character for a 7-bit row and cell (0x21-0x7E each); U+FFFD where the set has none. */
    char decodePair(int row, int cell) {
        return tables().decode[(row - 0x21) * 94 + (cell - 0x21)];
    }

    /**
     * The code of a character in this set, without GL/GR offset for double-byte sets
     * ({@code row << 8 | cell}), or -1 if the set cannot represent it. Controls are never in a set.
     */
    int encode(int codePoint) {
        if (slot == Slot.G0 && bytesPerChar == 1) {
            return codePoint >= 0x20 && codePoint < 0x7F ? codePoint : -1;
        }
        if (codePoint > 0xFFFF) {
            return -1;
        }
        Tables t = tables();
        int i = Arrays.binarySearch(t.sortedChars, (char) codePoint);
        return i < 0 ? -1 : t.codes[i];
    }

    private Tables tables() {
        Tables t = tables;
        if (t == null) {
            t = Tables.build(this);
            tables = t;
        }
        return t;
    }

    /** Decode table plus its inverse as sorted parallel arrays (the sets have no duplicate mappings). */
    private static final class Tables {
        final char[] decode;
        final char[] sortedChars;
        final int[] codes;

        private Tables(char[] decode, char[] sortedChars, int[] codes) {
            this.decode = decode;
            this.sortedChars = sortedChars;
            this.codes = codes;
        }

        static Tables build(GraphicSet set) {
            char[] decode;
            int firstCode;
            if (set.bytesPerChar == 1) {
                decode = new char[128];
                firstCode = 0x80;
                for (int b = 0x80; b <= 0xFF; b++) {
                    decode[b - 0x80] = set == JIS_KATAKANA
                            ? (b >= 0xA1 && b <= 0xDF ? (char) (0xFF61 + b - 0xA1) : '\uFFFD')
                            : decodeStrictly(set.charsetName, new byte[] {(byte) b});
                }
            } else {
                decode = new char[94 * 94];
                firstCode = -1;
                for (int row = 0x21; row <= 0x7E; row++) {
                    for (int cell = 0x21; cell <= 0x7E; cell++) {
                        byte[] euc = set == JIS_X0212
                                ? new byte[] {(byte) 0x8F, (byte) (row | 0x80), (byte) (cell | 0x80)}
                                : new byte[] {(byte) (row | 0x80), (byte) (cell | 0x80)};
                        decode[(row - 0x21) * 94 + (cell - 0x21)] = decodeStrictly(set.charsetName, euc);
                    }
                }
            }
            return invert(decode, firstCode);
        }

        /** {@code firstCode} is the code of decode[0] for single-byte sets, -1 for 94x94 tables. */
        private static Tables invert(char[] decode, int firstCode) {
            long[] pairs = new long[decode.length];
            int n = 0;
            for (int i = 0; i < decode.length; i++) {
                if (decode[i] != '\uFFFD') {
                    int code = firstCode >= 0 ? firstCode + i : ((i / 94 + 0x21) << 8) | (i % 94 + 0x21);
                    pairs[n++] = ((long) decode[i] << 32) | code;
                }
            }
            Arrays.sort(pairs, 0, n);
            char[] chars = new char[n];
            int[] codes = new int[n];
            for (int i = 0; i < n; i++) {
                chars[i] = (char) (pairs[i] >>> 32);
                codes[i] = (int) pairs[i];
            }
            return new Tables(decode, chars, codes);
        }

        /** The one BMP character the bytes stand for, or U+FFFD if they are unmapped or decode to more. */
        private static char decodeStrictly(String charsetName, byte[] bytes) {
            CharsetDecoder d = Charset.forName(charsetName).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer c = d.decode(ByteBuffer.wrap(bytes));
                return c.length() == 1 ? c.get(0) : '\uFFFD';
            } catch (CharacterCodingException e) {
                return '\uFFFD';
            }
        }
    }
}
