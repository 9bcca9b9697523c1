package dev.ferry.dicom.net.pdu;

/**
 * The seven PDU types of the DICOM Upper Layer protocol (PS3.8 section 9.3, Figure 9-1), with the
 * code of their PDU-type field. {@link #toString()} gives the PS3.8 name ({@code A-ASSOCIATE-RQ}).
 */
public enum PduType {
    /** A-ASSOCIATE-RQ, 01H (PS3.8 9.3.2). */
    ASSOCIATE_RQ(0x01, "A-ASSOCIATE-RQ"),
    /** A-ASSOCIATE-AC, 02H (PS3.8 9.3.3). */
    ASSOCIATE_AC(0x02, "A-ASSOCIATE-AC"),
    /** A-ASSOCIATE-RJ, 03H (PS3.8 9.3.4). */
    ASSOCIATE_RJ(0x03, "A-ASSOCIATE-RJ"),
    /** P-DATA-TF, 04H (PS3.8 9.3.5). */
    P_DATA_TF(0x04, "P-DATA-TF"),
    /** A-RELEASE-RQ, 05H (PS3.8 9.3.6). */
    RELEASE_RQ(0x05, "A-RELEASE-RQ"),
    /** A-RELEASE-RP, 06H (PS3.8 9.3.7). */
    RELEASE_RP(0x06, "A-RELEASE-RP"),
    /** A-ABORT, 07H (PS3.8 9.3.8). */
    ABORT(0x07, "A-ABORT");

    private static final PduType[] BY_CODE = new PduType[8];

    static {
        for (PduType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String pduName;

    PduType(int code, String pduName) {
        this.code = code;
        this.pduName = pduName;
    }

    /** The value of the PDU-type field. */
    public int code() {
        return code;
    }

    /** The type with this PDU-type code, or {@code null} if PS3.8 defines none. */
    public static PduType forCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The name PS3.8 gives the PDU, e.g. {@code A-ASSOCIATE-RQ}. */
    @Override
    public String toString() {
        return pduName;
    }
}
