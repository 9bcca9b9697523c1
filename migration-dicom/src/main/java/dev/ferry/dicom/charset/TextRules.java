package dev.ferry.dicom.charset;

import dev.ferry.api.VR;

/**
 * How the VR of a value bears on its character set (PS3.5 sections 6.1.2.3 and 6.1.2.5.3): whether
 * Specific Character Set applies at all, and at which characters code extensions return to the
 * initial state.
 */
enum TextRules {
    /** AE, AS, CS, DA, DS, DT, IS, TM, UI, UR and non-text VRs: always the default repertoire. */
    DEFAULT_REPERTOIRE(false, false),
    /** ST, LT, UT: one value, so a backslash is an ordinary character. */
    SINGLE_VALUED(false, false),
    /** LO, SH, UC: the backslash separates values. */
    MULTI_VALUED(true, false),
    /** PN: the backslash separates values, '^' components and '=' component groups. */
    PERSON_NAME(true, true);

    private final boolean backslashDelimits;
    private final boolean nameDelimiters;

    TextRules(boolean backslashDelimits, boolean nameDelimiters) {
        this.backslashDelimits = backslashDelimits;
        this.nameDelimiters = nameDelimiters;
    }

    static TextRules of(VR vr) {
        switch (vr) {
            case PN:
                return PERSON_NAME;
            case LO: case SH: case UC:
                return MULTI_VALUED;
            case ST: case LT: case UT:
                return SINGLE_VALUED;
            default:
                return DEFAULT_REPERTOIRE;
        }
    }

    /**
     * True if code extensions return to the initial designations at this character: CR, LF, FF
     * and TAB in every value, the value delimiter, and the PN delimiters.
     */
    boolean resetsAt(int c) {
        switch (c) {
            case '\r': case '\n': case '\f': case '\t':
                return true;
            case '\\':
                return backslashDelimits;
            case '^': case '=':
                return nameDelimiters;
            default:
                return false;
        }
    }
}
