package dev.ferry.dicom.charset;

import dev.ferry.api.TextCodec;
import dev.ferry.api.VR;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link TextCodec} for a value of Specific Character Set (0008,0005): PS3.3 section
 * C.12.1.1.2 and PS3.5 section 6.1.
 *
 * <p>Supported Defined Terms: the default repertoire (no value); ISO_IR 100, 101, 109, 110, 144,
 * 127, 126, 138, 148, 203, 13 and 166; the same with code extensions (ISO 2022 IR 6, 100, 101,
 * 109, 110, 144, 127, 126, 138, 148, 203, 13, 166) and the multi-byte ISO 2022 IR 87, 159, 149
 * and 58 as value 2 or later; ISO_IR 192 (UTF-8), GB18030 and GBK. ISO 2022 escape sequences
 * are handled here, not by the JDK: see {@link Iso2022Codec} for how they are read and written.
 *
 * <p>Only PN, LO, SH, ST, LT, UT and UC are text in the specific character set; every other VR
 * is read and written in the default repertoire, with bytes above 0x7F as ISO 8859-1 so they
 * survive unchanged ({@link TextCodec#DEFAULT}).
 *
 * <p>Archives write values that are not Defined Terms. {@link #of(String)} never fails: it reads
 * well-known misspellings ({@code ISO_IR100}, {@code ISO-8859-1}, {@code UTF8}, lower case; see
 * {@link TermParser}) as the term they mean, and a value it does not know as the default
 * repertoire with ISO 8859-1 for bytes above 0x7F (as {@link TextCodec#DEFAULT} does), so that
 * every byte decodes to a character and encodes back to itself. An unknown value 2 or later is
 * ignored, an unknown value 1 among several stands for the default repertoire. Terms the
 * standard allows only elsewhere are moved where they work: {@code ISO_IR 13\ISO 2022 IR 87}
 * reads as {@code ISO 2022 IR 13\ISO 2022 IR 87}, a lone {@code ISO 2022 IR 149} as
 * {@code \ISO 2022 IR 149}, and values after {@code ISO_IR 192}, {@code GB18030} or {@code GBK}
 * (which allow no code extensions) are ignored. {@link #recognition()} and {@link #problems()}
 * say which of these happened. Decoding never throws: bytes that are not valid in the character
 * set decode to U+FFFD.
 *
 * <p>Decoding well-formed bytes and encoding the text again gives the same bytes in every
 * supported set, as long as their writer placed escape sequences the way PS3.5 annexes H, I and J
 * do (a redundant one, such as an {@code ESC ( B} while G0 is already ASCII, is not written again).
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints the attribute value, never text.
 */
public final class SpecificCharacterSet implements TextCodec {

    /** How the attribute value was understood. */
    public enum Recognition {
        /** Every value is a Defined Term, used where the standard allows it. */
        EXACT,
        /** Every value was understood, but some only as an alias or in a position the standard does not allow. */
        LENIENT,
        /** Some value names no character set Ferry knows; see {@link SpecificCharacterSet#problems()}. */
        UNRECOGNIZED
    }

    /** The default repertoire: (0008,0005) absent or empty. */
    public static final SpecificCharacterSet DEFAULT = of("");

    private final String value;
    private final List<String> terms;
    private final Recognition recognition;
    private final List<String> problems;
    private final boolean codeExtensions;
    private final Iso2022Codec iso2022;
    private final MultiByteCodec multiByte;

    private SpecificCharacterSet(String value, List<String> terms, Recognition recognition, List<String> problems,
            boolean codeExtensions, Iso2022Codec iso2022, MultiByteCodec multiByte) {
        this.value = value;
        this.terms = List.copyOf(terms);
        this.recognition = recognition;
        this.problems = List.copyOf(problems);
        this.codeExtensions = codeExtensions;
        this.iso2022 = iso2022;
        this.multiByte = multiByte;
    }

    /**
     * The codec for a value of (0008,0005), backslash-separated if it has several values, padding
     * allowed; {@code null} or empty means the default repertoire. Never fails.
     */
    public static SpecificCharacterSet of(String value) {
        return new Parser(value == null ? "" : value).build();
    }

    /**
     * The terms in effect, canonically spelt, in order: value 1 is empty for the default repertoire
     * with code extensions; an unknown value is kept as written (stripped), an ignored one dropped.
     */
    public List<String> terms() {
        return terms;
    }

    public Recognition recognition() {
        return recognition;
    }

    /** False if some value names no character set Ferry knows (it was read as described in the class comment). */
    public boolean isRecognized() {
        return recognition != Recognition.UNRECOGNIZED;
    }

    /** What was not exactly as the standard has it, one sentence each; empty when {@link Recognition#EXACT}. */
    public List<String> problems() {
        return problems;
    }

    /** True if ISO 2022 escape sequences are read and written (several values, or an ISO 2022 term). */
    public boolean usesCodeExtensions() {
        return codeExtensions;
    }

    /** The value as it should be written: {@link #terms()} joined by backslashes. */
    @Override
    public String specificCharacterSet() {
        return String.join("\\", terms);
    }

    @Override
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        TextRules rules = TextRules.of(Objects.requireNonNull(vr, "vr"));
        if (rules == TextRules.DEFAULT_REPERTOIRE) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        return multiByte != null
                ? multiByte.decode(bytes, offset, length)
                : iso2022.decode(bytes, offset, length, rules);
    }

    @Override
    public byte[] encode(String text, VR vr) {
        Objects.requireNonNull(text, "value");
        TextRules rules = TextRules.of(Objects.requireNonNull(vr, "vr"));
        if (rules == TextRules.DEFAULT_REPERTOIRE) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0xFF) {
                    throw new IllegalArgumentException("a " + vr + " value has a character outside the default "
                            + "repertoire, which " + vr + " values use whatever the Specific Character Set");
                }
            }
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        return multiByte != null ? multiByte.encode(text, vr) : iso2022.encode(text, vr, rules);
    }

    /** Equal when made from the same attribute value, padding aside. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet[" + (value.isEmpty() ? "default repertoire" : TermParser.quote(value)) + "]";
    }

    /** Turns the attribute value into terms, problems and a codec. */
    private static final class Parser {
        private final String value;
        private final String[] values;
        private final List<String> problems = new ArrayList<>();
        private boolean lenient;
        private boolean unknown;

        Parser(String value) {
            this.value = TermParser.strip(value);
            this.values = this.value.split("\\\\", -1);
        }

        SpecificCharacterSet build() {
            boolean multiValued = values.length > 1;
            DefinedTerm[] found = new DefinedTerm[values.length];
            for (int i = 0; i < values.length; i++) {
                found[i] = read(i);
            }
            DefinedTerm first = found[0];
            if (first != null && first.kind() == DefinedTerm.Kind.MULTI_BYTE) {
                return multiByte(first);
            }
            boolean extensions = multiValued || first != null && first.allowsCodeExtensions();
            if (!extensions) {
                return singleByteWithoutExtensions(first);
            }
            return withExtensions(found);
        }

        /** The term value i names, or {@code null} if unknown or empty (reported unless empty value 1). */
        private DefinedTerm read(int i) {
            String v = TermParser.strip(values[i]);
            if (v.isEmpty()) {
                if (i > 0) {
                    lenient("value " + (i + 1) + " is empty; ignored");
                }
                return i == 0 ? DefinedTerm.DEFAULT_REPERTOIRE : null;
            }
            TermParser.Match m = TermParser.match(v);
            if (m == null) {
                unknown = true;
                problems.add("value " + (i + 1) + " " + TermParser.quote(v) + " is not a character set Ferry knows; "
                        + (i == 0 ? "read as the default repertoire" : "ignored"));
                return null;
            }
            if (!m.exact()) {
                lenient("value " + (i + 1) + " " + TermParser.quote(v) + " is not a Defined Term; read as '"
                        + m.term().code() + "'");
            }
            return m.term();
        }

        private void lenient(String problem) {
            lenient = true;
            problems.add(problem);
        }

        private SpecificCharacterSet multiByte(DefinedTerm term) {
            for (int i = 1; i < values.length; i++) {
                if (!TermParser.strip(values[i]).isEmpty()) {
                    lenient(term.code() + " allows no code extensions; values 2 to " + values.length + " ignored");
                    break;
                }
            }
            Charset charset = Charset.forName(term == DefinedTerm.ISO_IR_192 ? "UTF-8" : term.code());
            return result(List.of(term.code()), false, null, new MultiByteCodec(term.code(), charset));
        }

        private SpecificCharacterSet singleByteWithoutExtensions(DefinedTerm term) {
            List<String> terms = List.of(term == null ? TermParser.strip(values[0]) : term.code());
            if (term == null || term == DefinedTerm.DEFAULT_REPERTOIRE) {
                // As TextCodec.DEFAULT: bytes above 0x7F, undeclared, are kept as ISO 8859-1.
                return result(terms, false, new Iso2022Codec(value, false, GraphicSet.ASCII, GraphicSet.LATIN1,
                        List.of(GraphicSet.ASCII, GraphicSet.LATIN1)), null);
            }
            return result(terms, false, new Iso2022Codec(value, false, term.g0(), term.g1(),
                    List.of(term.g0(), term.g1())), null);
        }

        private SpecificCharacterSet withExtensions(DefinedTerm[] found) {
            List<String> terms = new ArrayList<>();
            List<DefinedTerm> effective = new ArrayList<>();
            for (int i = 0; i < found.length; i++) {
                DefinedTerm t = found[i];
                if (t == null) {
                    if (i == 0) {
                        // unknown value 1: the default repertoire, as reported by read(0)
                        terms.add(TermParser.strip(values[0]));
                        effective.add(DefinedTerm.DEFAULT_REPERTOIRE);
                    } else if (!TermParser.strip(values[i]).isEmpty()) {
                        terms.add(TermParser.strip(values[i]));
                    }
                    continue;
                }
                if (t.kind() == DefinedTerm.Kind.MULTI_BYTE) {
                    lenient(t.code() + " cannot be used with code extensions; value " + (i + 1) + " ignored");
                    continue;
                }
                if (i == 0 && t.kind() == DefinedTerm.Kind.MULTI_BYTE_EXTENSION) {
                    lenient(t.code() + " cannot be value 1; read as value 2 after the default repertoire");
                    terms.add("");
                    effective.add(DefinedTerm.DEFAULT_REPERTOIRE);
                } else if (t.kind() == DefinedTerm.Kind.SINGLE_BYTE && (i > 0 || t != DefinedTerm.DEFAULT_REPERTOIRE)) {
                    DefinedTerm ext = t.withCodeExtensions();
                    lenient("value " + (i + 1) + " " + TermParser.quote(values[i])
                            + " used with code extensions; read as '" + ext.code() + "'");
                    t = ext;
                }
                terms.add(t.code());
                effective.add(t);
            }
            DefinedTerm first = effective.get(0);
            List<GraphicSet> declared = new ArrayList<>();
            for (DefinedTerm t : effective) {
                addOnce(declared, t.g0());
                addOnce(declared, t.g1());
            }
            Iso2022Codec codec = new Iso2022Codec(String.join("\\", terms), true, first.g0(), first.g1(), declared);
            return result(terms, true, codec, null);
        }

        private static void addOnce(List<GraphicSet> sets, GraphicSet s) {
            if (s != null && !sets.contains(s)) {
                sets.add(s);
            }
        }

        private SpecificCharacterSet result(List<String> terms, boolean extensions, Iso2022Codec iso2022,
                MultiByteCodec multiByte) {
            Recognition r = unknown ? Recognition.UNRECOGNIZED : lenient ? Recognition.LENIENT : Recognition.EXACT;
            return new SpecificCharacterSet(value, terms, r, problems, extensions, iso2022, multiByte);
        }
    }
}
