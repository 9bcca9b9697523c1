package dev.ferry.dicom.net.pdu;

/** Encodes User-Data Sub-Items (PS3.7 Annex D.3.3) and measures them. */
final class UserItemCodec {
    private UserItemCodec() {}

    /** The bytes of the sub-item after its 4-byte header. */
    static int contentLength(UserItem item) {
        if (item instanceof MaxLength) {
            return 4;
        } else if (item instanceof ImplementationClassUid i) {
            return i.uid().length();
        } else if (item instanceof ImplementationVersionName v) {
            return v.name().length();
        } else if (item instanceof AsyncOpsWindow) {
            return 4;
        } else if (item instanceof RoleSelection r) {
            return 2 + r.sopClassUid().length() + 2;
        } else if (item instanceof ExtendedNegotiation e) {
            return 2 + e.sopClassUid().length() + e.applicationInformation().length;
        } else if (item instanceof CommonExtendedNegotiation c) {
            int n = 2 + c.sopClassUid().length() + 2 + c.serviceClassUid().length() + 2;
            for (String uid : c.relatedGeneralSopClassUids()) {
                n += 2 + uid.length();
            }
            return n;
        } else if (item instanceof UserIdentityRq u) {
            return 1 + 1 + 2 + u.primaryField().length + 2 + u.secondaryField().length;
        } else if (item instanceof UserIdentityAc a) {
            return 2 + a.serverResponse().length;
        } else {
            return ((UnknownUserItem) item).value().length;
        }
    }

    /** Writes the whole sub-item, header included. */
    static void encode(UserItem item, ByteSink out) {
        int start = out.beginItem(item.itemType());
        if (item instanceof MaxLength m) {
            out.u32(m.maxPduLength());
        } else if (item instanceof ImplementationClassUid i) {
            out.bytes(Text.bytes(i.uid()));
        } else if (item instanceof ImplementationVersionName v) {
            out.bytes(Text.bytes(v.name()));
        } else if (item instanceof AsyncOpsWindow w) {
            out.u16(w.maxOperationsInvoked());
            out.u16(w.maxOperationsPerformed());
        } else if (item instanceof RoleSelection r) {
            out.text16(r.sopClassUid());
            out.u8(r.scuRole() ? 1 : 0);
            out.u8(r.scpRole() ? 1 : 0);
        } else if (item instanceof ExtendedNegotiation e) {
            out.text16(e.sopClassUid());
            out.bytes(e.applicationInformation());
        } else if (item instanceof CommonExtendedNegotiation c) {
            out.text16(c.sopClassUid());
            out.text16(c.serviceClassUid());
            int related = 0;
            for (String uid : c.relatedGeneralSopClassUids()) {
                related += 2 + uid.length();
            }
            out.u16(related);
            for (String uid : c.relatedGeneralSopClassUids()) {
                out.text16(uid);
            }
        } else if (item instanceof UserIdentityRq u) {
            byte[] primary = u.primaryField();
            byte[] secondary = u.secondaryField();
            out.u8(u.identityType());
            out.u8(u.positiveResponseRequested() ? 1 : 0);
            out.u16(primary.length);
            out.bytes(primary);
            out.u16(secondary.length);
            out.bytes(secondary);
        } else if (item instanceof UserIdentityAc a) {
            byte[] response = a.serverResponse();
            out.u16(response.length);
            out.bytes(response);
        } else {
            out.bytes(((UnknownUserItem) item).value());
        }
        out.endItem(start);
    }
}
