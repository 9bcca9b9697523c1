package dev.ferry.dicom.net.pdu;

import java.util.Objects;

/**
 * A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4, Table 9-21): the association is refused, permanently or
 * for now, with a reason that also says who refused it (the {@link Source}).
 *
 * @param result permanent or transient
 * @param reason the reason, which implies the source
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.4.html">PS3.8 9.3.4</a>
 */
public record AssociateRj(Result result, Reason reason) implements Pdu {
    public AssociateRj {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public PduType type() {
        return PduType.ASSOCIATE_RJ;
    }

    /** Who refused: the source the reason belongs to. */
    public Source source() {
        return reason.source();
    }

    /** The PS3.8 wording, e.g. {@code rejected-permanent by DICOM UL service-user: called-AE-title-not-recognized}. */
    public String describe() {
        return result.describe() + " by " + reason.source().describe() + ": " + reason.describe();
    }

    /** Field Result of Table 9-21. */
    public enum Result {
        /** 1: rejected-permanent. */
        REJECTED_PERMANENT(1, "rejected-permanent"),
        /** 2: rejected-transient. */
        REJECTED_TRANSIENT(2, "rejected-transient");

        private final int code;
        private final String wording;

        Result(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value of the field. */
        public int code() {
            return code;
        }

        /** The PS3.8 wording. */
        public String describe() {
            return wording;
        }

        /** The result with this code, or {@code null} if PS3.8 defines none. */
        public static Result forCode(int code) {
            return code == 1 ? REJECTED_PERMANENT : code == 2 ? REJECTED_TRANSIENT : null;
        }
    }

    /** Field Source of Table 9-21. */
    public enum Source {
        /** 1: DICOM UL service-user. */
        SERVICE_USER(1, "DICOM UL service-user"),
        /** 2: DICOM UL service-provider (ACSE related function). */
        SERVICE_PROVIDER_ACSE(2, "DICOM UL service-provider (ACSE related function)"),
        /** 3: DICOM UL service-provider (Presentation related function). */
        SERVICE_PROVIDER_PRESENTATION(3, "DICOM UL service-provider (Presentation related function)");

        private final int code;
        private final String wording;

        Source(int code, String wording) {
            this.code = code;
            this.wording = wording;
        }

        /** The value of the field. */
        public int code() {
            return code;
        }

        /** The PS3.8 wording. */
        public String describe() {
            return wording;
        }

        /** The source with this code, or {@code null} if PS3.8 defines none. */
        public static Source forCode(int code) {
            for (Source s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * Field Reason/Diag. of Table 9-21, whose values depend on the source; the values Table 9-21 marks
     * reserved have no constant.
     */
    public enum Reason {
        /** Service-user, 1: no-reason-given. */
        USER_NO_REASON_GIVEN(Source.SERVICE_USER, 1, "no-reason-given"),
        /** Service-user, 2: application-context-name-not-supported. */
        APPLICATION_CONTEXT_NAME_NOT_SUPPORTED(Source.SERVICE_USER, 2, "application-context-name-not-supported"),
        /** Service-user, 3: calling-AE-title-not-recognized. */
        CALLING_AE_TITLE_NOT_RECOGNIZED(Source.SERVICE_USER, 3, "calling-AE-title-not-recognized"),
        /** Service-user, 7: called-AE-title-not-recognized. */
        CALLED_AE_TITLE_NOT_RECOGNIZED(Source.SERVICE_USER, 7, "called-AE-title-not-recognized"),
        /** Service-provider (ACSE), 1: no-reason-given. */
        ACSE_NO_REASON_GIVEN(Source.SERVICE_PROVIDER_ACSE, 1, "no-reason-given"),
        /** Service-provider (ACSE), 2: protocol-version-not-supported. */
        PROTOCOL_VERSION_NOT_SUPPORTED(Source.SERVICE_PROVIDER_ACSE, 2, "protocol-version-not-supported"),
        /** Service-provider (Presentation), 1: temporary-congestion. */
        TEMPORARY_CONGESTION(Source.SERVICE_PROVIDER_PRESENTATION, 1, "temporary-congestion"),
        /** Service-provider (Presentation), 2: local-limit-exceeded. */
        LOCAL_LIMIT_EXCEEDED(Source.SERVICE_PROVIDER_PRESENTATION, 2, "local-limit-exceeded");

        private final Source source;
        private final int code;
        private final String wording;

        Reason(Source source, int code, String wording) {
            this.source = source;
            this.code = code;
            this.wording = wording;
        }

        /** The source this reason belongs to. */
        public Source source() {
            return source;
        }

        /** The value of the Reason/Diag. field. */
        public int code() {
            return code;
        }

        /** The PS3.8 wording. */
        public String describe() {
            return wording;
        }

        /** The reason with this code for this source, or {@code null} if Table 9-21 reserves or lacks it. */
        public static Reason forCode(Source source, int code) {
            for (Reason r : values()) {
                if (r.source == source && r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }
}
