package dev.ferry.dicom.charset;

import dev.ferry.api.VR;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Every Defined Term but ISO_IR 192, GB18030 and GBK: the single-byte sets, and the sets ISO 2022
 * code extensions combine (PS3.5 section 6.1.2.5, PS3.3 section C.12.1.1.2), as a state machine
 * over G0 and G1.
 *
 * <p>Reading: an escape sequence designates a set into G0 or G1; bytes below 0x80 are read in G0
 * and the others in G1, one or two bytes a character as the set has it. At CR, LF, FF, TAB and
 * the delimiters of the VR ({@link TextRules}) both return to the sets of value 1, which is what
 * a writer must have done anyway (PS3.5 section 6.1.2.5.3). Any designation Ferry knows is
 * followed even if (0008,0005) did not declare it; an unknown escape sequence yields U+FFFD for
 * its ESC and its remaining bytes are read as text. A byte above 0x7F while no G1 set is
 * designated is read in the first G1 set the attribute declares (writers that omit
 * {@code ESC $ ) C} before Korean exist), else it is malformed: U+FFFD.
 *
 * <p>Writing: each character goes in the active G0 set, else the active G1 set, else the first
 * declared set that has it, after that set's escape sequence. Before every control character,
 * delimiter and the end of the value, the sets of value 1 are designated again where they were
 * replaced. This reproduces the examples of PS3.5 annexes H, I and J byte for byte.
 *
 * <p>Without code extensions the same machine runs with escape sequences neither read nor written.
 * Immutable and thread-safe.
 */
final class Iso2022Codec {
    private static final byte[] NO_BYTES = {};

    private final String term;
    private final boolean escapes;
    private final GraphicSet initialG0;
    private final GraphicSet initialG1;
    private final GraphicSet[] declared;
    /** What G1 bytes are read in while no G1 set is designated; {@code null}: none. */
    private final GraphicSet undesignatedG1;

    /**
     * @param term the Specific Character Set value, for messages
     * @param escapes whether code extensions are in use
     * @param initialG0 the G0 set of value 1: ASCII or JIS X 0201 Romaji
     * @param initialG1 the G1 set of value 1, or {@code null} if it has none
     * @param declared every set the attribute declares, in its order, for writing
     */
    Iso2022Codec(String term, boolean escapes, GraphicSet initialG0, GraphicSet initialG1, List<GraphicSet> declared) {
        this.term = term;
        this.escapes = escapes;
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.declared = declared.toArray(new GraphicSet[0]);
        GraphicSet firstG1 = null;
        for (GraphicSet s : declared) {
            if (s.slot() == GraphicSet.Slot.G1) {
                firstG1 = s;
                break;
            }
        }
        this.undesignatedG1 = initialG1 != null ? initialG1 : firstG1;
    }

    String decode(byte[] b, int offset, int length, TextRules rules) {
        int end = offset + length;
        if (isPlainAscii(b, offset, end)) {
            return new String(b, offset, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(length);
        GraphicSet g0 = initialG0;
        GraphicSet g1 = initialG1;
        int i = offset;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == GraphicSet.ESC && escapes) {
                GraphicSet.Designation d = GraphicSet.designationAt(b, i, end);
                if (d == null) {
                    sb.append('\uFFFD');
                    i++;
                } else {
                    if (d.set().slot() == GraphicSet.Slot.G0) {
                        g0 = d.set();
                    } else {
                        g1 = d.set();
                    }
                    i += d.length();
                }
            } else if (c < 0x20 || c == 0x7F || c == 0x20 && g0.isDoubleByte()) {
                sb.append((char) c);
                i++;
                if (rules.resetsAt(c)) {
                    g0 = initialG0;
                    g1 = initialG1;
                }
            } else if (c < 0x80) {
                if (g0.isDoubleByte()) {
                    i += decodePair(g0, b, i, end, 0, sb);
                } else {
                    sb.append(g0.decodeByte(c));
                    i++;
                    if (rules.resetsAt(c)) {
                        g0 = initialG0;
                        g1 = initialG1;
                    }
                }
            } else {
                GraphicSet s = g1 != null ? g1 : undesignatedG1;
                if (s == null) {
                    sb.append('\uFFFD');
                    i++;
                } else if (s.isDoubleByte()) {
                    i += decodePair(s, b, i, end, 0x80, sb);
                } else {
                    sb.append(s.decodeByte(c));
                    i++;
                }
            }
        }
        return sb.toString();
    }

    private boolean isPlainAscii(byte[] b, int offset, int end) {
        for (int i = offset; i < end; i++) {
            if (b[i] < 0 || b[i] == GraphicSet.ESC && escapes) {
                return false;
            }
        }
        return true;
    }

    /** Appends the character of the pair at {@code b[i]} (U+FFFD if there is none) and returns the bytes used. */
    private static int decodePair(GraphicSet set, byte[] b, int i, int end, int offset, StringBuilder sb) {
        int row = (b[i] & 0xFF) - offset;
        int cell = i + 1 < end ? (b[i + 1] & 0xFF) - offset : -1;
        if (row < 0x21 || row > 0x7E || cell < 0x21 || cell > 0x7E) {
            sb.append('\uFFFD');
            return 1;
        }
        sb.append(set.decodePair(row, cell));
        return 2;
    }

    byte[] encode(String value, VR vr, TextRules rules) {
        if (value.isEmpty()) {
            return NO_BYTES;
        }
        Output out = new Output(value.length() + 16);
        GraphicSet g0 = initialG0;
        GraphicSet g1 = initialG1;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            boolean control = cp < 0x20 || cp == 0x7F;
            if (control || rules.resetsAt(cp)) {
                if (cp == GraphicSet.ESC && escapes) {
                    throw new IllegalArgumentException("a " + vr + " value contains ESC (1B), which the code "
                            + "extensions of Specific Character Set " + TermParser.quote(term) + " reserve");
                }
                if (g0 != initialG0) {
                    out.write(initialG0.escapeSequence());
                    g0 = initialG0;
                }
                if (g1 != initialG1 && (initialG1 != null || rules.resetsAt(cp))) {
                    if (initialG1 != null) {
                        out.write(initialG1.escapeSequence());
                    }
                    g1 = initialG1;
                }
                out.write(cp);
                continue;
            }
            int code = g0.encode(cp);
            if (code >= 0) {
                out.write(code, g0.isDoubleByte(), 0);
                continue;
            }
            if (g1 != null && (code = g1.encode(cp)) >= 0) {
                out.write(code, g1.isDoubleByte(), 0x80);
                continue;
            }
            GraphicSet s = escapes ? firstDeclaredWith(cp) : null;
            if (s == null) {
                throw new IllegalArgumentException("a " + vr + " value has a character that Specific Character Set "
                        + TermParser.quote(term) + " cannot represent");
            }
            out.write(s.escapeSequence());
            if (s.slot() == GraphicSet.Slot.G0) {
                g0 = s;
                out.write(s.encode(cp), s.isDoubleByte(), 0);
            } else {
                g1 = s;
                out.write(s.encode(cp), s.isDoubleByte(), 0x80);
            }
        }
        if (g0 != initialG0) {
            out.write(initialG0.escapeSequence());
        }
        if (g1 != initialG1 && initialG1 != null) {
            out.write(initialG1.escapeSequence());
        }
        return out.toByteArray();
    }

    private GraphicSet firstDeclaredWith(int codePoint) {
        for (GraphicSet s : declared) {
            if (s.encode(codePoint) >= 0) {
                return s;
            }
        }
        return null;
    }

    /** A growable byte array. */
    private static final class Output {
        private byte[] buf;
        private int size;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        /** A single-byte code as it is, or a row and a cell each plus {@code offset} (0x80 in G1). */
        void write(int code, boolean doubleByte, int offset) {
            if (doubleByte) {
                ensure(2);
                buf[size++] = (byte) ((code >> 8) + offset);
                buf[size++] = (byte) ((code & 0xFF) + offset);
            } else {
                write(code);
            }
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
