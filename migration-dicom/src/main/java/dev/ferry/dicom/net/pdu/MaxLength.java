package dev.ferry.dicom.net.pdu;

/**
 * Maximum Length Sub-Item (item type 51H, PS3.8 Annex D.1, PS3.7 D.3.3.1): the largest variable
 * field of a P-DATA-TF PDU, i.e. its PDU-length field, that the sender of the A-ASSOCIATE-RQ or -AC
 * will receive. Immutable.
 *
 * @param maxPduLength an unsigned 32-bit value; 0 means no limit
 */
public record MaxLength(long maxPduLength) implements UserItem {
    static final int ITEM_TYPE = 0x51;

    public MaxLength {
        if (maxPduLength < 0 || maxPduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("maximum length " + maxPduLength + " is not an unsigned 32-bit value");
        }
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
