package dev.ferry.dicom.net.pdu;

/**
 * Implementation Class UID Sub-Item (item type 52H, PS3.7 D.3.3.2): the UID that identifies the
 * sender's implementation. Trailing NULs and spaces are removed; the syntax is not checked.
 * Immutable.
 *
 * @param uid the implementation class UID
 */
public record ImplementationClassUid(String uid) implements UserItem {
    static final int ITEM_TYPE = 0x52;

    public ImplementationClassUid {
        uid = Text.uid(uid, "implementation class UID");
        Text.requireItemLength(uid.length(), "implementation class UID sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
