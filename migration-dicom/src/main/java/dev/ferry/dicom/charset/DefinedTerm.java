package dev.ferry.dicom.charset;

import static dev.ferry.dicom.charset.GraphicSet.ARABIC;
import static dev.ferry.dicom.charset.GraphicSet.ASCII;
import static dev.ferry.dicom.charset.GraphicSet.CYRILLIC;
import static dev.ferry.dicom.charset.GraphicSet.GB2312;
import static dev.ferry.dicom.charset.GraphicSet.GREEK;
import static dev.ferry.dicom.charset.GraphicSet.HEBREW;
import static dev.ferry.dicom.charset.GraphicSet.JIS_KATAKANA;
import static dev.ferry.dicom.charset.GraphicSet.JIS_ROMAN;
import static dev.ferry.dicom.charset.GraphicSet.JIS_X0208;
import static dev.ferry.dicom.charset.GraphicSet.JIS_X0212;
import static dev.ferry.dicom.charset.GraphicSet.KS_X1001;
import static dev.ferry.dicom.charset.GraphicSet.LATIN1;
import static dev.ferry.dicom.charset.GraphicSet.LATIN2;
import static dev.ferry.dicom.charset.GraphicSet.LATIN3;
import static dev.ferry.dicom.charset.GraphicSet.LATIN4;
import static dev.ferry.dicom.charset.GraphicSet.LATIN5;
import static dev.ferry.dicom.charset.GraphicSet.LATIN9;
import static dev.ferry.dicom.charset.GraphicSet.THAI;

import java.util.HashMap;
import java.util.Map;

/**
 * The Defined Terms of Specific Character Set (0008,0005), PS3.3 section C.12.1.1.2, tables
 * C.12-2 to C.12-5: what each designates into G0 and G1, or the multi-byte encoding it names.
 */
enum DefinedTerm {
    // Table C.12-2: single-byte character sets without code extensions.
    DEFAULT_REPERTOIRE("", Kind.SINGLE_BYTE, 6, ASCII, null),
    ISO_IR_100("ISO_IR 100", Kind.SINGLE_BYTE, 100, ASCII, LATIN1),
    ISO_IR_101("ISO_IR 101", Kind.SINGLE_BYTE, 101, ASCII, LATIN2),
    ISO_IR_109("ISO_IR 109", Kind.SINGLE_BYTE, 109, ASCII, LATIN3),
    ISO_IR_110("ISO_IR 110", Kind.SINGLE_BYTE, 110, ASCII, LATIN4),
    ISO_IR_144("ISO_IR 144", Kind.SINGLE_BYTE, 144, ASCII, CYRILLIC),
    ISO_IR_127("ISO_IR 127", Kind.SINGLE_BYTE, 127, ASCII, ARABIC),
    ISO_IR_126("ISO_IR 126", Kind.SINGLE_BYTE, 126, ASCII, GREEK),
    ISO_IR_138("ISO_IR 138", Kind.SINGLE_BYTE, 138, ASCII, HEBREW),
    ISO_IR_148("ISO_IR 148", Kind.SINGLE_BYTE, 148, ASCII, LATIN5),
    ISO_IR_203("ISO_IR 203", Kind.SINGLE_BYTE, 203, ASCII, LATIN9),
    ISO_IR_13("ISO_IR 13", Kind.SINGLE_BYTE, 13, JIS_ROMAN, JIS_KATAKANA),
    ISO_IR_166("ISO_IR 166", Kind.SINGLE_BYTE, 166, ASCII, THAI),

    // Table C.12-3: single-byte character sets with code extensions.
    ISO_2022_IR_6("ISO 2022 IR 6", Kind.SINGLE_BYTE_EXTENSION, 6, ASCII, null),
    ISO_2022_IR_100("ISO 2022 IR 100", Kind.SINGLE_BYTE_EXTENSION, 100, ASCII, LATIN1),
    ISO_2022_IR_101("ISO 2022 IR 101", Kind.SINGLE_BYTE_EXTENSION, 101, ASCII, LATIN2),
    ISO_2022_IR_109("ISO 2022 IR 109", Kind.SINGLE_BYTE_EXTENSION, 109, ASCII, LATIN3),
    ISO_2022_IR_110("ISO 2022 IR 110", Kind.SINGLE_BYTE_EXTENSION, 110, ASCII, LATIN4),
    ISO_2022_IR_144("ISO 2022 IR 144", Kind.SINGLE_BYTE_EXTENSION, 144, ASCII, CYRILLIC),
    ISO_2022_IR_127("ISO 2022 IR 127", Kind.SINGLE_BYTE_EXTENSION, 127, ASCII, ARABIC),
    ISO_2022_IR_126("ISO 2022 IR 126", Kind.SINGLE_BYTE_EXTENSION, 126, ASCII, GREEK),
    ISO_2022_IR_138("ISO 2022 IR 138", Kind.SINGLE_BYTE_EXTENSION, 138, ASCII, HEBREW),
    ISO_2022_IR_148("ISO 2022 IR 148", Kind.SINGLE_BYTE_EXTENSION, 148, ASCII, LATIN5),
    ISO_2022_IR_203("ISO 2022 IR 203", Kind.SINGLE_BYTE_EXTENSION, 203, ASCII, LATIN9),
    ISO_2022_IR_13("ISO 2022 IR 13", Kind.SINGLE_BYTE_EXTENSION, 13, JIS_ROMAN, JIS_KATAKANA),
    ISO_2022_IR_166("ISO 2022 IR 166", Kind.SINGLE_BYTE_EXTENSION, 166, ASCII, THAI),

    // Table C.12-4: multi-byte character sets with code extensions (never value 1).
    ISO_2022_IR_87("ISO 2022 IR 87", Kind.MULTI_BYTE_EXTENSION, 87, JIS_X0208, null),
    ISO_2022_IR_159("ISO 2022 IR 159", Kind.MULTI_BYTE_EXTENSION, 159, JIS_X0212, null),
    ISO_2022_IR_149("ISO 2022 IR 149", Kind.MULTI_BYTE_EXTENSION, 149, null, KS_X1001),
    ISO_2022_IR_58("ISO 2022 IR 58", Kind.MULTI_BYTE_EXTENSION, 58, null, GB2312),

    // Table C.12-5: multi-byte character sets without code extensions (a single value only).
    ISO_IR_192("ISO_IR 192", Kind.MULTI_BYTE, 192, null, null),
    GB18030("GB18030", Kind.MULTI_BYTE, -1, null, null),
    GBK("GBK", Kind.MULTI_BYTE, -1, null, null);

    enum Kind {
        /** ISO_IR n: a G0 and G1 set, no escape sequences. */
        SINGLE_BYTE,
        /** ISO 2022 IR n, single-byte: may be value 1 and may be switched to by escape sequences. */
        SINGLE_BYTE_EXTENSION,
        /** ISO 2022 IR n, multi-byte: value 2 or later only. */
        MULTI_BYTE_EXTENSION,
        /** UTF-8, GB18030, GBK: a whole encoding of its own, which allows no code extensions. */
        MULTI_BYTE
    }

    private static final Map<String, DefinedTerm> BY_CODE = new HashMap<>();

    static {
        for (DefinedTerm t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final String code;
    private final Kind kind;
    private final int registration;
    private final GraphicSet g0;
    private final GraphicSet g1;

    DefinedTerm(String code, Kind kind, int registration, GraphicSet g0, GraphicSet g1) {
        this.code = code;
        this.kind = kind;
        this.registration = registration;
        this.g0 = g0;
        this.g1 = g1;
    }

    /** The term as the standard spells it; empty for the default repertoire. */
    String code() {
        return code;
    }

    Kind kind() {
        return kind;
    }

    /** The set the term designates into G0, or {@code null} (G1-only and multi-byte terms). */
    GraphicSet g0() {
        return g0;
    }

    /** The set the term designates into G1, or {@code null}. */
    GraphicSet g1() {
        return g1;
    }

    boolean allowsCodeExtensions() {
        return kind == Kind.SINGLE_BYTE_EXTENSION || kind == Kind.MULTI_BYTE_EXTENSION;
    }

    /** The term with exactly this spelling, or {@code null}. */
    static DefinedTerm byCode(String code) {
        return BY_CODE.get(code);
    }

    /**
     * The term for an ISO-IR registration number in the form a position needs: with the ISO 2022
     * prefix when code extensions are in use, without it otherwise. ISO_IR 192 has one form only;
     * the multi-byte ISO 2022 sets exist only with the prefix. {@code null} if none.
     */
    static DefinedTerm forRegistration(int registration, boolean codeExtensions) {
        if (registration <= 0) {
            return null;
        }
        DefinedTerm withoutPrefix = null;
        DefinedTerm withPrefix = null;
        for (DefinedTerm t : values()) {
            if (t.registration != registration || t == DEFAULT_REPERTOIRE) {
                continue;
            }
            if (t.allowsCodeExtensions()) {
                withPrefix = t;
            } else {
                withoutPrefix = t;
            }
        }
        if (registration == 6) {
            return codeExtensions ? ISO_2022_IR_6 : DEFAULT_REPERTOIRE;
        }
        if (codeExtensions) {
            return withPrefix != null ? withPrefix : withoutPrefix;
        }
        return withoutPrefix != null ? withoutPrefix : withPrefix;
    }

    /** The same character set in the form that allows code extensions, or this term if it has none. */
    DefinedTerm withCodeExtensions() {
        if (kind != Kind.SINGLE_BYTE) {
            return this;
        }
        return this == DEFAULT_REPERTOIRE ? ISO_2022_IR_6 : forRegistration(registration, true);
    }
}
