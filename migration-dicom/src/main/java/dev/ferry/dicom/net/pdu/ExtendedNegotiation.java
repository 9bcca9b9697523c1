package dev.ferry.dicom.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * SOP Class Extended Negotiation Sub-Item (item type 56H, PS3.7 D.3.3.5): service-class
 * application information for one SOP class, whose format the service class defines. Immutable:
 * the bytes are copied in and out, compared by content, and only their count is printed.
 *
 * @param sopClassUid the SOP class UID (trailing NULs and spaces removed)
 * @param applicationInformation the Service-class-application-information field
 */
public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) implements UserItem {
    static final int ITEM_TYPE = 0x56;

    public ExtendedNegotiation {
        sopClassUid = Text.uid(sopClassUid, "extended negotiation SOP class UID");
        applicationInformation = Objects.requireNonNull(applicationInformation, "applicationInformation").clone();
        Text.requireItemLength(2L + sopClassUid.length() + applicationInformation.length,
                "SOP class extended negotiation sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }

    /** A copy of the Service-class-application-information field. */
    @Override
    public byte[] applicationInformation() {
        return applicationInformation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedNegotiation other && sopClassUid.equals(other.sopClassUid)
                && Arrays.equals(applicationInformation, other.applicationInformation);
    }

    @Override
    public int hashCode() {
        return 31 * sopClassUid.hashCode() + Arrays.hashCode(applicationInformation);
    }

    @Override
    public String toString() {
        return "ExtendedNegotiation[sopClassUid=" + sopClassUid + ", applicationInformation="
                + applicationInformation.length + " bytes]";
    }
}
