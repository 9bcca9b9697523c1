package dev.ferry.dicom.io;

import dev.ferry.api.VR;

/**
 * Encodes element headers (tag, VR, length) for one encoding (PS3.5 section 7.1). Immutable.
 */
record ElementHeader(boolean explicit, boolean bigEndian) {
    static final long UNDEFINED = 0xFFFFFFFFL;

    /** The bytes of the header; {@code length} may be {@link #UNDEFINED}. */
    byte[] encode(int tag, VR vr, long length) {
        byte[] b = new byte[size(tag, vr)];
        put16(b, 0, tag >>> 16);
        put16(b, 2, tag & 0xFFFF);
        if (!explicit || isItemOrDelimiter(tag)) {
            put32(b, 4, length);
        } else if (vr.hasLongHeader()) {
            b[4] = (byte) vr.name().charAt(0);
            b[5] = (byte) vr.name().charAt(1);
            put32(b, 8, length);
        } else {
            b[4] = (byte) vr.name().charAt(0);
            b[5] = (byte) vr.name().charAt(1);
            put16(b, 6, (int) length);
        }
        return b;
    }

    /** Header size in bytes: 8 for implicit VR, items, delimiters and short explicit VRs; 12 for long ones. */
    int size(int tag, VR vr) {
        return !explicit || isItemOrDelimiter(tag) || !vr.hasLongHeader() ? 8 : 12;
    }

    /** Item (FFFE,E000) and the two delimiters (FFFE,E00D), (FFFE,E0DD): headers without a VR. */
    static boolean isItemOrDelimiter(int tag) {
        return tag == 0xFFFEE000 || tag == 0xFFFEE00D || tag == 0xFFFEE0DD;
    }

    private void put16(byte[] b, int at, int v) {
        if (bigEndian) {
            b[at] = (byte) (v >>> 8);
            b[at + 1] = (byte) v;
        } else {
            b[at] = (byte) v;
            b[at + 1] = (byte) (v >>> 8);
        }
    }

    private void put32(byte[] b, int at, long v) {
        if (bigEndian) {
            put16(b, at, (int) (v >>> 16));
            put16(b, at + 2, (int) v);
        } else {
            put16(b, at, (int) v);
            put16(b, at + 2, (int) (v >>> 16));
        }
    }
}
