package dev.ferry.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * SOP Class Common Extended Negotiation Sub-Item (item type 57H, PS3.7 D.3.3.6): the service class
 * of a SOP class and the more general SOP classes it relates to, so that an acceptor can take a SOP
 * class it does not know. The sub-item version field is sent as 00H and not kept. UIDs lose
 * trailing NULs and spaces. Immutable.
 *
 * @param sopClassUid the SOP class UID
 * @param serviceClassUid the service class UID
 * @param relatedGeneralSopClassUids zero or more related general SOP class UIDs, in order
 */
public record CommonExtendedNegotiation(String sopClassUid, String serviceClassUid,
        List<String> relatedGeneralSopClassUids) implements UserItem {
    static final int ITEM_TYPE = 0x57;

    public CommonExtendedNegotiation {
        sopClassUid = Text.uid(sopClassUid, "common extended negotiation SOP class UID");
        serviceClassUid = Text.uid(serviceClassUid, "common extended negotiation service class UID");
        List<String> related = new ArrayList<>(relatedGeneralSopClassUids.size());
        long relatedLength = 0;
        for (String uid : relatedGeneralSopClassUids) {
            String u = Text.uid(uid, "related general SOP class UID");
            related.add(u);
            relatedLength += 2 + u.length();
        }
        relatedGeneralSopClassUids = List.copyOf(related);
        Text.requireItemLength(2L + sopClassUid.length() + 2 + serviceClassUid.length() + 2 + relatedLength,
                "SOP class common extended negotiation sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
