package dev.ferry.dicom.net.pdu;

/**
 * SCP/SCU Role Selection Sub-Item (item type 54H, PS3.7 D.3.3.4): in an A-ASSOCIATE-RQ, the roles
 * the requestor proposes to support for a SOP class; in an A-ASSOCIATE-AC, the roles the acceptor
 * accepts. On receipt any non-zero role byte counts as support. Immutable.
 *
 * @param sopClassUid the SOP class UID (trailing NULs and spaces removed)
 * @param scuRole the SCU-role field: support (RQ) or acceptance (AC) of the requestor acting as SCU
 * @param scpRole the SCP-role field: support (RQ) or acceptance (AC) of the requestor acting as SCP
 */
public record RoleSelection(String sopClassUid, boolean scuRole, boolean scpRole) implements UserItem {
    static final int ITEM_TYPE = 0x54;

    public RoleSelection {
        sopClassUid = Text.uid(sopClassUid, "role selection SOP class UID");
        Text.requireItemLength(2L + sopClassUid.length() + 2, "role selection sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
