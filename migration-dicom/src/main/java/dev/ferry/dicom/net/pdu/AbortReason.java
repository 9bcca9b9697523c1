package dev.ferry.dicom.net.pdu;

/**
 * The reason of an A-ABORT sent by the DICOM UL service-provider (PS3.8 section 9.3.8, Table 9-26,
 * field Reason/Diag.); also what a {@link PduException} says to send. Code 3 is reserved.
 */
public enum AbortReason {
    /** 0: reason-not-specified; also the value of the field when the service-user aborts. */
    REASON_NOT_SPECIFIED(0, "reason-not-specified"),
    /** 1: unrecognized-PDU (an unknown PDU type). */
    UNRECOGNIZED_PDU(1, "unrecognized-PDU"),
    /** 2: unexpected-PDU (a PDU the association's state does not allow). */
    UNEXPECTED_PDU(2, "unexpected-PDU"),
    /** 4: unrecognized-PDU-parameter. */
    UNRECOGNIZED_PDU_PARAMETER(4, "unrecognized-PDU-parameter"),
    /** 5: unexpected-PDU-parameter (a known item where it does not belong, or repeated). */
    UNEXPECTED_PDU_PARAMETER(5, "unexpected-PDU-parameter"),
    /** 6: invalid-PDU-parameter-value (a length, an identifier or a value PS3.8 does not allow). */
    INVALID_PDU_PARAMETER_VALUE(6, "invalid-PDU-parameter-value");

    private final int code;
    private final String wording;

    AbortReason(int code, String wording) {
        this.code = code;
        this.wording = wording;
    }

    /** The value of the Reason/Diag. field. */
    public int code() {
        return code;
    }

    /** The PS3.8 wording, e.g. {@code invalid-PDU-parameter-value}. */
    public String describe() {
        return wording;
    }

    /** The reason with this code, or {@code null} for 3 (reserved) and values PS3.8 does not define. */
    public static AbortReason forCode(int code) {
        for (AbortReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
