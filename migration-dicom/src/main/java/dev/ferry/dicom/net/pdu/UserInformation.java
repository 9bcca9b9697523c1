package dev.ferry.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * User Information Item (item type 50H, PS3.8 section 9.3.2.3 and 9.3.3.3): the User-Data Sub-Items
 * of an A-ASSOCIATE-RQ or -AC, in their order.
 *
 * <p>PS3.8 places no significance on the order of the sub-items, but notes that some older
 * applications expect ascending item types. Decoding keeps the order received, so that a PDU
 * re-encodes to the bytes it came from; {@link #of} and {@link #with} keep the items in ascending
 * order of type.
 *
 * <p>There is exactly one {@link MaxLength} (PS3.8 Annex D.1 makes it mandatory), and at most one
 * each of {@link ImplementationClassUid}, {@link ImplementationVersionName}, {@link AsyncOpsWindow},
 * {@link UserIdentityRq} and {@link UserIdentityAc}. The implementation class UID, mandatory by
 * PS3.7 D.3.3.2, may be missing: refusing a peer that omits it would gain nothing. Immutable.
 *
 * @param items the sub-items, in order
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.2.3.html">PS3.8 9.3.2.3</a>
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part07/sect_D.3.3.html">PS3.7 D.3.3</a>
 */
public record UserInformation(List<UserItem> items) {
    static final int ITEM_TYPE = 0x50;

    public UserInformation {
        items = List.copyOf(items);
        int maxLengths = 0;
        int[] singles = new int[256];
        long length = 0;
        for (UserItem item : items) {
            if (item instanceof MaxLength) {
                maxLengths++;
            }
            if (isSingle(item.itemType()) && ++singles[item.itemType()] > 1) {
                throw new IllegalArgumentException(String.format(
                        "user information has more than one sub-item of type %02XH", item.itemType()));
            }
            length += 4 + UserItemCodec.contentLength(item);
        }
        if (maxLengths != 1) {
            throw new IllegalArgumentException("user information has no maximum length sub-item (51H)");
        }
        Text.requireItemLength(length, "user information item");
    }

    /**
     * The usual user information: maximum length, implementation class UID and, unless
     * {@code null}, implementation version name.
     */
    public static UserInformation of(long maxPduLength, String implementationClassUid,
            String implementationVersionName) {
        List<UserItem> items = new ArrayList<>(3);
        items.add(new MaxLength(maxPduLength));
        items.add(new ImplementationClassUid(implementationClassUid));
        if (implementationVersionName != null) {
            items.add(new ImplementationVersionName(implementationVersionName));
        }
        return new UserInformation(items);
    }

    /**
     * This user information with {@code item}: it replaces the sub-item of its type if there can be
     * only one, else it goes after the last sub-item of a type not above its own.
     */
    public UserInformation with(UserItem item) {
        List<UserItem> list = new ArrayList<>(items);
        if (isSingle(item.itemType())) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).itemType() == item.itemType()) {
                    list.set(i, item);
                    return new UserInformation(list);
                }
            }
        }
        int at = list.size();
        while (at > 0 && list.get(at - 1).itemType() > item.itemType()) {
            at--;
        }
        list.add(at, item);
        return new UserInformation(list);
    }

    /** The maximum length the sender receives: the P-DATA-TF PDU-length it accepts, 0 for no limit. */
    public long maxPduLength() {
        return first(MaxLength.class).orElseThrow().maxPduLength();
    }

    /** The sender's implementation class UID, if it sent one. */
    public Optional<String> implementationClassUid() {
        return first(ImplementationClassUid.class).map(ImplementationClassUid::uid);
    }

    /** The sender's implementation version name, if it sent one. */
    public Optional<String> implementationVersionName() {
        return first(ImplementationVersionName.class).map(ImplementationVersionName::name);
    }

    /** The asynchronous operations window, if negotiated. */
    public Optional<AsyncOpsWindow> asyncOpsWindow() {
        return first(AsyncOpsWindow.class);
    }

    /** The role selections, in order. */
    public List<RoleSelection> roleSelections() {
        return all(RoleSelection.class);
    }

    /** The SOP class extended negotiations, in order. */
    public List<ExtendedNegotiation> extendedNegotiations() {
        return all(ExtendedNegotiation.class);
    }

    /** The SOP class common extended negotiations, in order. */
    public List<CommonExtendedNegotiation> commonExtendedNegotiations() {
        return all(CommonExtendedNegotiation.class);
    }

    /** The user identity of an A-ASSOCIATE-RQ, if any. */
    public Optional<UserIdentityRq> userIdentityRq() {
        return first(UserIdentityRq.class);
    }

    /** The user identity response of an A-ASSOCIATE-AC, if any. */
    public Optional<UserIdentityAc> userIdentityAc() {
        return first(UserIdentityAc.class);
    }

    /** The sub-items of types PS3.7 does not define, in order. */
    public List<UnknownUserItem> unknownItems() {
        return all(UnknownUserItem.class);
    }

    /** Whether PS3.7 allows at most one sub-item of this type. */
    static boolean isSingle(int itemType) {
        return itemType == MaxLength.ITEM_TYPE || itemType == ImplementationClassUid.ITEM_TYPE
                || itemType == AsyncOpsWindow.ITEM_TYPE || itemType == ImplementationVersionName.ITEM_TYPE
                || itemType == UserIdentityRq.ITEM_TYPE || itemType == UserIdentityAc.ITEM_TYPE;
    }

    private <T extends UserItem> Optional<T> first(Class<T> type) {
        for (UserItem item : items) {
            if (type.isInstance(item)) {
                return Optional.of(type.cast(item));
            }
        }
        return Optional.empty();
    }

    private <T extends UserItem> List<T> all(Class<T> type) {
        List<T> list = new ArrayList<>();
        for (UserItem item : items) {
            if (type.isInstance(item)) {
                list.add(type.cast(item));
            }
        }
        return List.copyOf(list);
    }
}
