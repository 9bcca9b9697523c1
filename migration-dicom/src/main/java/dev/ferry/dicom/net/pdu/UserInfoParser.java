package dev.ferry.dicom.net.pdu;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a User Information Item (PS3.8 section 9.3.2.3, PS3.7 Annex D.3.3). Sub-items of types
 * PS3.7 does not define are kept as {@link UnknownUserItem}s. A sub-item's fields must fill its
 * item length exactly, with one allowance: a User Identity Sub-Item (RQ) that ends after its primary
 * field is read as having an empty secondary field.
 */
final class UserInfoParser {
    private UserInfoParser() {}

    /** The user information item whose header starts at {@code at}, of {@code length} bytes after it. */
    static UserInformation parse(Body b, int at, int length, boolean rq) throws PduException {
        List<UserItem> items = new ArrayList<>();
        boolean[] seen = new boolean[256];
        int end = at + 4 + length;
        for (int i = at + 4; i < end; ) {
            int type = b.u8(i);
            int len = b.itemLength(i, end, "the user information item");
            if (UserInformation.isSingle(type)) {
                if (seen[type]) {
                    throw b.unexpected(i, "a second sub-item " + Items.name(type));
                }
                seen[type] = true;
            }
            items.add(subItem(b, type, i, len, rq));
            i += 4 + len;
        }
        if (!seen[MaxLength.ITEM_TYPE]) {
            throw b.invalid(at, "the user information item has no maximum length sub-item (51H)");
        }
        return new UserInformation(items);
    }

    private static UserItem subItem(Body b, int type, int at, int len, boolean rq) throws PduException {
        int s = at + 4;
        int end = s + len;
        switch (type) {
            case MaxLength.ITEM_TYPE:
                requireLength(b, at, len, 4);
                return new MaxLength(b.u32(s));
            case ImplementationClassUid.ITEM_TYPE:
                return new ImplementationClassUid(b.latin1(s, len));
            case AsyncOpsWindow.ITEM_TYPE:
                requireLength(b, at, len, 4);
                return new AsyncOpsWindow(b.u16(s), b.u16(s + 2));
            case RoleSelection.ITEM_TYPE: {
                int uid = field16(b, at, s, end);
                requireLength(b, at, len, 2 + uid + 2);
                return new RoleSelection(b.latin1(s + 2, uid), b.u8(s + 2 + uid) != 0, b.u8(s + 3 + uid) != 0);
            }
            case ImplementationVersionName.ITEM_TYPE:
                return new ImplementationVersionName(b.latin1(s, len));
            case ExtendedNegotiation.ITEM_TYPE: {
                int uid = field16(b, at, s, end);
                return new ExtendedNegotiation(b.latin1(s + 2, uid), b.copy(s + 2 + uid, end - s - 2 - uid));
            }
            case CommonExtendedNegotiation.ITEM_TYPE:
                return common(b, at, s, end);
            case UserIdentityRq.ITEM_TYPE:
                if (!rq) {
                    throw b.unexpected(at, "sub-item " + Items.name(type) + " does not belong in an A-ASSOCIATE-AC");
                }
                return identity(b, at, s, end);
            case UserIdentityAc.ITEM_TYPE: {
                if (rq) {
                    throw b.unexpected(at, "sub-item " + Items.name(type) + " does not belong in an A-ASSOCIATE-RQ");
                }
                int response = field16(b, at, s, end);
                requireLength(b, at, len, 2 + response);
                return new UserIdentityAc(b.copy(s + 2, response));
            }
            default:
                return new UnknownUserItem(type, b.copy(s, len));
        }
    }

    /** PS3.7 Table D.3-12: three UIDs with 2-byte lengths, the last a list of related general SOP classes. */
    private static CommonExtendedNegotiation common(Body b, int at, int s, int end) throws PduException {
        int sop = field16(b, at, s, end);
        int p = s + 2 + sop;
        int service = field16(b, at, p, end);
        int q = p + 2 + service;
        int related = field16(b, at, q, end);
        int r = q + 2;
        requireLength(b, at, end - s, r + related - s);
        List<String> uids = new ArrayList<>();
        for (int k = r; k < r + related; ) {
            int uid = field16(b, at, k, r + related);
            uids.add(b.latin1(k + 2, uid));
            k += 2 + uid;
        }
        return new CommonExtendedNegotiation(b.latin1(s + 2, sop), b.latin1(p + 2, service), uids);
    }

    /** PS3.7 Table D.3-14. */
    private static UserIdentityRq identity(Body b, int at, int s, int end) throws PduException {
        if (end - s < 2) {
            throw b.invalid(at + 2, "sub-item " + Items.name(UserIdentityRq.ITEM_TYPE) + " has length " + (end - s)
                    + ", too short for its fields");
        }
        int primary = field16(b, at, s + 2, end);
        int p = s + 4 + primary;
        byte[] secondary = new byte[0];
        if (p < end) {
            int length = field16(b, at, p, end);
            requireLength(b, at, end - s, p + 2 + length - s);
            secondary = b.copy(p + 2, length);
        }
        return new UserIdentityRq(b.u8(s), b.u8(s + 1) != 0, b.copy(s + 4, primary), secondary);
    }

    /**
     * A 2-byte length field at {@code i} and the field it announces, both before {@code end}; the
     * length. {@code at} is where the sub-item starts, for the message.
     */
    private static int field16(Body b, int at, int i, int end) throws PduException {
        if (end - i < 2) {
            throw b.invalid(i, "sub-item " + Items.name(b.u8(at)) + " ends inside a length field");
        }
        int length = b.u16(i);
        if (length > end - i - 2) {
            throw b.invalid(i, "sub-item " + Items.name(b.u8(at)) + " has a field of length " + length
                    + " that runs past its end");
        }
        return length;
    }

    private static void requireLength(Body b, int at, int actual, int expected) throws PduException {
        if (actual != expected) {
            throw b.invalid(at + 2, "sub-item " + Items.name(b.u8(at)) + " has length " + actual + " where its fields"
                    + " make " + expected);
        }
    }
}
