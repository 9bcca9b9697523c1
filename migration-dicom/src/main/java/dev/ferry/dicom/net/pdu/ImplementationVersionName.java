package dev.ferry.dicom.net.pdu;

/**
 * Implementation Version Name Sub-Item (item type 55H, PS3.7 D.3.3.2): the name of the sender's
 * implementation version, 1 to 16 characters by PS3.7. Kept as received (length and characters are
 * not checked, as nothing depends on them). Immutable.
 *
 * @param name the implementation version name
 */
public record ImplementationVersionName(String name) implements UserItem {
    static final int ITEM_TYPE = 0x55;

    public ImplementationVersionName {
        Text.requireLatin1(name, "implementation version name");
        Text.requireItemLength(name.length(), "implementation version name sub-item");
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
