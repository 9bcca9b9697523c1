package dev.ferry.dicom.net.dimse;

import java.util.Optional;

/**
 * The values of Command Field (0000,0100): which DIMSE message a command set is (PS3.7 Annex E,
 * table E.1-1). A response's code is its request's with the high bit set; C-CANCEL-RQ has no
 * response.
 */
public enum CommandField {
    C_STORE_RQ(0x0001, "C-STORE-RQ"),
    C_STORE_RSP(0x8001, "C-STORE-RSP"),
    C_GET_RQ(0x0010, "C-GET-RQ"),
    C_GET_RSP(0x8010, "C-GET-RSP"),
    C_FIND_RQ(0x0020, "C-FIND-RQ"),
    C_FIND_RSP(0x8020, "C-FIND-RSP"),
    C_MOVE_RQ(0x0021, "C-MOVE-RQ"),
    C_MOVE_RSP(0x8021, "C-MOVE-RSP"),
    C_ECHO_RQ(0x0030, "C-ECHO-RQ"),
    C_ECHO_RSP(0x8030, "C-ECHO-RSP"),
    N_EVENT_REPORT_RQ(0x0100, "N-EVENT-REPORT-RQ"),
    N_EVENT_REPORT_RSP(0x8100, "N-EVENT-REPORT-RSP"),
    N_GET_RQ(0x0110, "N-GET-RQ"),
    N_GET_RSP(0x8110, "N-GET-RSP"),
    N_SET_RQ(0x0120, "N-SET-RQ"),
    N_SET_RSP(0x8120, "N-SET-RSP"),
    N_ACTION_RQ(0x0130, "N-ACTION-RQ"),
    N_ACTION_RSP(0x8130, "N-ACTION-RSP"),
    N_CREATE_RQ(0x0140, "N-CREATE-RQ"),
    N_CREATE_RSP(0x8140, "N-CREATE-RSP"),
    N_DELETE_RQ(0x0150, "N-DELETE-RQ"),
    N_DELETE_RSP(0x8150, "N-DELETE-RSP"),
    C_CANCEL_RQ(0x0FFF, "C-CANCEL-RQ");

    private static final int RESPONSE_BIT = 0x8000;

    /** values() copies its array on every call; parsing looks codes up once per message. */
    private static final CommandField[] VALUES = values();

    private final int code;
    private final String label;

    CommandField(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The value of Command Field (0000,0100). */
    public int code() {
        return code;
    }

    /** The name PS3.7 uses, e.g. {@code C-STORE-RQ}. */
    public String label() {
        return label;
    }

    public boolean isResponse() {
        return (code & RESPONSE_BIT) != 0;
    }

    public boolean isRequest() {
        return !isResponse();
    }

    /** The request a response answers, or this if it is a request. */
    public CommandField request() {
        return isResponse() ? forCode(code & ~RESPONSE_BIT).orElseThrow() : this;
    }

    /**
     * The response to this request, or this if it is a response; empty for C-CANCEL-RQ, which is
     * never answered (PS3.7 section 9.3.2.3).
     */
    public Optional<CommandField> response() {
        if (this == C_CANCEL_RQ) {
            return Optional.empty();
        }
        return isResponse() ? Optional.of(this) : forCode(code | RESPONSE_BIT);
    }

    /** The command field with this code; empty for a code PS3.7 does not define. */
    public static Optional<CommandField> forCode(int code) {
        for (CommandField f : VALUES) {
            if (f.code == code) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
