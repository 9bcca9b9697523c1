package dev.ferry.dicom.net.dimse;

/**
 * The meanings of status codes: service-specific ones from PS3.4 (C-STORE B.2.3, C-FIND C.4.1.1.4,
 * C-MOVE C.4.2.1.5, C-GET C.4.3.1.4), then the general ones of PS3.7 Annex C, then the class.
 */
final class StatusMeanings {
    private StatusMeanings() {}

    static String describe(int code, CommandField service) {
        String specific = service == null ? null : switch (service.request()) {
            case C_STORE_RQ -> store(code);
            case C_FIND_RQ -> find(code);
            case C_MOVE_RQ -> retrieve(code, true);
            case C_GET_RQ -> retrieve(code, false);
            default -> null;
        };
        if (specific != null) {
            return specific;
        }
        String general = general(code);
        return general != null ? general : byClass(code);
    }

    private static String store(int code) {
        if (code == 0x0000) {
            return "Success";
        }
        switch (code) {
            case 0xB000: return "Coercion of Data Elements";
            case 0xB006: return "Elements Discarded";
            case 0xB007: return "Data Set does not match SOP Class";
            default: break;
        }
        switch (code & 0xF000) {
            case 0xC000: return "Error: Cannot understand";
            case 0xA000:
                switch (code & 0xFF00) {
                    case 0xA700: return "Refused: Out of Resources";
                    case 0xA900: return "Error: Data Set does not match SOP Class";
                    default: return null;
                }
            default: return null;
        }
    }

    private static String find(int code) {
        switch (code) {
            case 0x0000: return "Matching is complete";
            case 0xFF00: return "Matches are continuing: current match supplied, Optional Keys supported";
            case 0xFF01: return "Matches are continuing: one or more Optional Keys were not supported";
            case 0xFE00: return "Matching terminated due to Cancel request";
            default: break;
        }
        return unableToProcess(code);
    }

    private static String retrieve(int code, boolean move) {
        switch (code) {
            case 0x0000: return move ? "Sub-operations complete: no failures"
                    : "Sub-operations complete: no failures or warnings";
            case 0xFF00: return "Sub-operations are continuing";
            case 0xFE00: return "Sub-operations terminated due to Cancel indication";
            case 0xB000: return move ? "Sub-operations complete: one or more failures"
                    : "Sub-operations complete: one or more failures or warnings";
            case 0xA701: return "Refused: Out of Resources: unable to calculate number of matches";
            case 0xA702: return "Refused: Out of Resources: unable to perform sub-operations";
            case 0xA801: return move ? "Refused: Move Destination unknown" : null;
            default: break;
        }
        return unableToProcess(code);
    }

    /** The failures C-FIND, C-GET and C-MOVE share. */
    private static String unableToProcess(int code) {
        if ((code & 0xF000) == 0xC000) {
            return "Unable to process";
        }
        switch (code & 0xFF00) {
            case 0xA700: return "Refused: Out of Resources";
            case 0xA900: return "Identifier does not match SOP Class";
            default: return null;
        }
    }

    /** PS3.7 Annex C: the codes whose meaning no service may change. */
    private static String general(int code) {
        switch (code) {
            case 0x0000: return "Success";
            case 0xFF00: return "Pending";
            case 0xFF01: return "Pending: one or more Optional Keys were not supported";
            case 0xFE00: return "Cancel";
            case 0x0001: return "Warning";
            case 0x0107: return "Attribute list error";
            case 0x0116: return "Attribute Value out of range";
            case 0x0105: return "No such Attribute";
            case 0x0106: return "Invalid Attribute Value";
            case 0x0110: return "Processing failure";
            case 0x0111: return "Duplicate SOP Instance";
            case 0x0112: return "No such SOP Instance";
            case 0x0113: return "No such event type";
            case 0x0114: return "No such argument";
            case 0x0115: return "Invalid argument value";
            case 0x0117: return "Invalid SOP Instance";
            case 0x0118: return "No such SOP Class";
            case 0x0119: return "Class-instance conflict";
            case 0x0120: return "Missing Attribute";
            case 0x0121: return "Missing Attribute Value";
            case 0x0122: return "Refused: SOP Class not supported";
            case 0x0123: return "No such action";
            case 0x0124: return "Refused: not authorized";
            case 0x0210: return "Duplicate invocation";
            case 0x0211: return "Unrecognized operation";
            case 0x0212: return "Mistyped argument";
            case 0x0213: return "Resource limitation";
            default: return null;
        }
    }

    private static String byClass(int code) {
        int high = code & 0xF000;
        if (high == 0xB000) {
            return "Warning (implementation-specific code)";
        }
        if (high == 0xA000 || high == 0xC000) {
            return "Failure (implementation-specific code)";
        }
        if ((code & 0xFF00) == 0x0100 || (code & 0xFF00) == 0x0200) {
            return "Failure (code reserved by the standard)";
        }
        return "Failure (not a status code PS3.7 allows)";
    }
}
