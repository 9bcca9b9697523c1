package dev.ferry.api;

/**
 * Value Representations of PS3.5 section 6.2, with the facts about each that do not depend on a
 * transfer syntax: whether its value is text or binary, its padding byte, and the length of its
 * header in explicit-VR encodings (PS3.5 section 7.1.2).
 */
public enum VR {
    AE(Kind.TEXT, ' ', false),
    AS(Kind.TEXT, ' ', false),
    AT(Kind.BINARY_NUMBER, 0, false),
    CS(Kind.TEXT, ' ', false),
    DA(Kind.TEXT, ' ', false),
    DS(Kind.TEXT, ' ', false),
    DT(Kind.TEXT, ' ', false),
    FD(Kind.BINARY_NUMBER, 0, false),
    FL(Kind.BINARY_NUMBER, 0, false),
    IS(Kind.TEXT, ' ', false),
    LO(Kind.TEXT, ' ', false),
    LT(Kind.TEXT, ' ', false),
    OB(Kind.BINARY, 0, true),
    OD(Kind.BINARY, 0, true),
    OF(Kind.BINARY, 0, true),
    OL(Kind.BINARY, 0, true),
    OV(Kind.BINARY, 0, true),
    OW(Kind.BINARY, 0, true),
    PN(Kind.TEXT, ' ', false),
    SH(Kind.TEXT, ' ', false),
    SL(Kind.BINARY_NUMBER, 0, false),
    SQ(Kind.SEQUENCE, 0, true),
    SS(Kind.BINARY_NUMBER, 0, false),
    ST(Kind.TEXT, ' ', false),
    SV(Kind.BINARY_NUMBER, 0, true),
    TM(Kind.TEXT, ' ', false),
    UC(Kind.TEXT, ' ', true),
    UI(Kind.TEXT, 0, false),
    UL(Kind.BINARY_NUMBER, 0, false),
    UN(Kind.BINARY, 0, true),
    UR(Kind.TEXT, ' ', true),
    US(Kind.BINARY_NUMBER, 0, false),
    UT(Kind.TEXT, ' ', true),
    UV(Kind.BINARY_NUMBER, 0, true);

    /** How a value of this VR is held in a {@link Dataset}. */
    public enum Kind {
        /** Character data, decoded with the data set's character set; multiple values split by backslash. */
        TEXT,
        /** Fixed-size binary numbers (little-endian in a {@link Dataset}). */
        BINARY_NUMBER,
        /** Opaque bytes (little-endian words for OW, OF, OD, OL, OV). */
        BINARY,
        /** A sequence of items. */
        SEQUENCE
    }

    private final Kind kind;
    private final byte padding;
    private final boolean longHeader;

    VR(Kind kind, int padding, boolean longHeader) {
        this.kind = kind;
        this.padding = (byte) padding;
        this.longHeader = longHeader;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** The byte that pads a value of odd length to even length: a space for text, NUL otherwise. */
    public byte padding() {
        return padding;
    }

    /**
     * True for the VRs whose explicit-VR header has two reserved bytes and a 32-bit length
     * (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV); false for the 16-bit length ones.
     */
    public boolean hasLongHeader() {
        return longHeader;
    }

    /** Size in bytes of one binary number of this VR (2, 4 or 8), or 0 for the other kinds. */
    public int numberSize() {
        switch (this) {
            case US: case SS: return 2;
            case UL: case SL: case FL: case AT: return 4;
            case FD: case SV: case UV: return 8;
            default: return 0;
        }
    }

    /** Byte width that must be swapped when converting between byte orders (1 if none). */
    public int wordSize() {
        switch (this) {
            case OW: return 2;
            case OF: case OL: return 4;
            case OD: case OV: return 8;
            case AT: return 2;
            default: return Math.max(1, numberSize());
        }
    }

    /**
     * The VR named by two ASCII bytes, or {@code null} if they name none: an unknown VR in a file
     * is the codec's to report, not an exception here.
     */
    public static VR of(int b0, int b1) {
        if (b0 < 'A' || b0 > 'Z' || b1 < 'A' || b1 > 'Z') {
            return null;
        }
        return BY_CODE[(b0 - 'A') * 26 + (b1 - 'A')];
    }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            String n = vr.name();
            BY_CODE[(n.charAt(0) - 'A') * 26 + (n.charAt(1) - 'A')] = vr;
        }
    }
}
