package dev.ferry.dicom.net.pdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * A User-Data Sub-Item of a type PS3.7 Annex D.3.3 does not define (not 51H to 59H). PS3.8 section
 * 9.3 has unrecognised items ignored; Ferry keeps them, as received, so that nothing a peer sent is
 * lost, and sends them again if they are in a PDU it encodes. The bytes are copied in and out and
 * compared by content; only their count is printed. Immutable.
 *
 * @param itemType the item type, 0 to 255 but not 51H to 59H
 * @param value the item's bytes after its item-length field
 */
public record UnknownUserItem(int itemType, byte[] value) implements UserItem {
    public UnknownUserItem {
        if (itemType < 0 || itemType > 255) {
            throw new IllegalArgumentException("item type " + itemType + " does not fit one byte");
        }
        if (itemType >= MaxLength.ITEM_TYPE && itemType <= UserIdentityAc.ITEM_TYPE) {
            throw new IllegalArgumentException(String.format("item type %02XH is a known user information sub-item",
                    itemType));
        }
        value = Objects.requireNonNull(value, "value").clone();
        Text.requireItemLength(value.length, "user information sub-item");
    }

    /** A copy of the item's value. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownUserItem other && itemType == other.itemType && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * itemType + Arrays.hashCode(value);
    }

    /** The type and length; never the content. */
    @Override
    public String toString() {
        return String.format("UnknownUserItem[itemType=%02XH, value=%d bytes]", itemType, value.length);
    }
}
