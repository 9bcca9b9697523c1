package dev.ferry.dicom.net.pdu;

/** The item types PS3.8 section 9.3 and PS3.7 Annex D.3.3 define, by name, for messages. */
final class Items {
    private Items() {}

    /** Whether PS3.8 or PS3.7 defines the item type, for some place in some PDU. */
    static boolean isKnown(int type) {
        return known(type) != null;
    }

    /** The item type and its name, e.g. {@code 20H (presentation context, RQ)}. */
    static String name(int type) {
        String name = known(type);
        return String.format("%02XH", type) + (name == null ? "" : " (" + name + ")");
    }

    private static String known(int type) {
        return switch (type) {
            case 0x10 -> "application context";
            case 0x20 -> "presentation context, RQ";
            case 0x21 -> "presentation context, AC";
            case 0x30 -> "abstract syntax";
            case 0x40 -> "transfer syntax";
            case 0x50 -> "user information";
            case 0x51 -> "maximum length";
            case 0x52 -> "implementation class UID";
            case 0x53 -> "asynchronous operations window";
            case 0x54 -> "SCP/SCU role selection";
            case 0x55 -> "implementation version name";
            case 0x56 -> "SOP class extended negotiation";
            case 0x57 -> "SOP class common extended negotiation";
            case 0x58 -> "user identity, RQ";
            case 0x59 -> "user identity, AC";
            default -> null;
        };
    }
}
