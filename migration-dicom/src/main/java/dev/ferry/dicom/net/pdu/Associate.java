package dev.ferry.dicom.net.pdu;

/** Checks shared by {@link AssociateRq} and {@link AssociateAc}. */
final class Associate {
    /** Application Context Item type (PS3.8 9.3.2.1). */
    static final int APPLICATION_CONTEXT_ITEM = 0x10;
    /** Length of the fixed fields after the PDU header: version, reserved, two AE titles, 32 reserved bytes. */
    static final int FIXED_LENGTH = 2 + 2 + 16 + 16 + 32;

    private Associate() {}

    static void requireProtocolVersion(int version) {
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("protocol version " + version + " does not fit two bytes");
        }
    }

    /** An A-ASSOCIATE-RQ's AE title, normalised and checked. */
    static String requireAeTitle(String value, String what) {
        String s = Text.aeTitle(value, what);
        String problem = Text.aeTitleProblem(s);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return s;
    }

    static String applicationContext(String name) {
        String s = Text.uid(name, "application context name");
        Text.requireItemLength(s.length(), "application context item");
        return s;
    }
}
