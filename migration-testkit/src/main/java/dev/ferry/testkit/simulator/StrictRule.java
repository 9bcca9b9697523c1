package dev.ferry.testkit.simulator;

/**
 * The header rules a {@link StrictDestination} enforces, each refused with a C-STORE failure status
 * and an Error Comment that names the attribute, never its value: A900H (Data Set does not match SOP
 * Class) for what the IOD forbids, C000H (Cannot understand) for text it cannot decode.
 */
public enum StrictRule {
    /**
     * A Type 1 attribute missing or empty: SOP Class UID, SOP Instance UID, Study Instance UID,
     * Series Instance UID, Modality.
     */
    MISSING_TYPE1(0xA900),
    /** Patient ID (0010,0020) missing or empty (the destination files every study under a patient). */
    MISSING_PATIENT_ID(0xA900),
    /**
     * A UID value that is not a UID: empty components, characters other than digits and dots, a
     * component with a leading zero, or more than 64 characters.
     */
    INVALID_UID(0xA900),
    /**
     * A value longer than its VR allows (PS3.5 table 6.2-1): SH 16, LO 64, a PN component group 64,
     * CS 16, AE 16, DS 16, IS 12, AS 4, ST 1024, LT 10240, UI 64 (checked by {@link #INVALID_UID}).
     */
    VALUE_TOO_LONG(0xA900),
    /** A DA, TM or DT value that is not a valid date, time or date-time. */
    INVALID_DATE_TIME(0xA900),
    /**
     * Text bytes its Specific Character Set does not cover: bytes above 7FH without a Specific
     * Character Set, or bytes that do not decode in the declared one.
     */
    UNDECLARED_CHARACTERS(0xC000),
    /** A Specific Character Set (0008,0005) value that names no character set. */
    UNKNOWN_CHARACTER_SET(0xC000),
    /**
     * Native Pixel Data whose length is not Rows × Columns × Samples per Pixel × Bits Allocated ÷ 8 ×
     * Number of Frames (rounded up to even).
     */
    PIXEL_DATA_LENGTH(0xA900);

    private final int status;

    StrictRule(int status) {
        this.status = status;
    }

    /** The C-STORE failure status the rule is refused with. */
    public int status() {
        return status;
    }
}
