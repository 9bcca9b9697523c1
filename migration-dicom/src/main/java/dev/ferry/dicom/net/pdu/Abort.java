package dev.ferry.dicom.net.pdu;

import java.util.Objects;

/**
 * A-ABORT PDU (PS3.8 section 9.3.8): an abrupt end of the association, by the service-user or by the
 * service-provider with a reason. When the service-user aborts, PS3.8 makes the reason field not
 * significant (sent as 00H, not tested on receipt): the reason is then always
 * {@link AbortReason#REASON_NOT_SPECIFIED}.
 *
 * @param source who aborts
 * @param reason why, for the service-provider; {@link AbortReason#REASON_NOT_SPECIFIED} for the service-user
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.8.html">PS3.8 9.3.8</a>
 */
public record Abort(AbortSource source, AbortReason reason) implements Pdu {
    public Abort {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        if (source == AbortSource.SERVICE_USER && reason != AbortReason.REASON_NOT_SPECIFIED) {
            throw new IllegalArgumentException("an A-ABORT by the service-user has no reason (PS3.8 Table 9-26), not "
                    + reason.describe());
        }
    }

    /** An abort by the DICOM UL service-user. */
    public static Abort byServiceUser() {
        return new Abort(AbortSource.SERVICE_USER, AbortReason.REASON_NOT_SPECIFIED);
    }

    /** An abort by the DICOM UL service-provider for {@code reason}. */
    public static Abort byServiceProvider(AbortReason reason) {
        return new Abort(AbortSource.SERVICE_PROVIDER, reason);
    }

    @Override
    public PduType type() {
        return PduType.ABORT;
    }

    /** The PS3.8 wording, e.g. {@code DICOM UL service-provider (initiated abort): unexpected-PDU}. */
    public String describe() {
        return source == AbortSource.SERVICE_USER ? source.describe() : source.describe() + ": " + reason.describe();
    }
}
