package dev.ferry.dicom.net.pdu;

/**
 * Asynchronous Operations Window Sub-Item (item type 53H, PS3.7 D.3.3.3): how many operations the
 * sender may have outstanding. Immutable.
 *
 * @param maxOperationsInvoked the Maximum-number-operations-invoked, 0 to 65535; 0 means unlimited
 * @param maxOperationsPerformed the Maximum-number-operations-performed, 0 to 65535; 0 means unlimited
 */
public record AsyncOpsWindow(int maxOperationsInvoked, int maxOperationsPerformed) implements UserItem {
    static final int ITEM_TYPE = 0x53;

    public AsyncOpsWindow {
        if (maxOperationsInvoked < 0 || maxOperationsInvoked > 0xFFFF) {
            throw new IllegalArgumentException("maximum operations invoked " + maxOperationsInvoked
                    + " is not 0 to 65535");
        }
        if (maxOperationsPerformed < 0 || maxOperationsPerformed > 0xFFFF) {
            throw new IllegalArgumentException("maximum operations performed " + maxOperationsPerformed
                    + " is not 0 to 65535");
        }
    }

    @Override
    public int itemType() {
        return ITEM_TYPE;
    }
}
