package dev.ferry.dicom.net.pdu;

/** Who aborts the association (PS3.8 section 9.3.8, Table 9-26, field Source). Code 1 is reserved. */
public enum AbortSource {
    /** 0: DICOM UL service-user (initiated abort). */
    SERVICE_USER(0, "DICOM UL service-user (initiated abort)"),
    /** 2: DICOM UL service-provider (initiated abort). */
    SERVICE_PROVIDER(2, "DICOM UL service-provider (initiated abort)");

    private final int code;
    private final String wording;

    AbortSource(int code, String wording) {
        this.code = code;
        this.wording = wording;
    }

    /** The value of the Source field. */
    public int code() {
        return code;
    }

    /** The PS3.8 wording. */
    public String describe() {
        return wording;
    }

    /** The source with this code, or {@code null} for 1 (reserved) and values PS3.8 does not define. */
    public static AbortSource forCode(int code) {
        return code == 0 ? SERVICE_USER : code == 2 ? SERVICE_PROVIDER : null;
    }
}
