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
        encode(tag, vr, length, b, 0);
        return b;
    }

    /** Encodes the header into {@code b} at {@code at}; returns its size (8 or 12 bytes). */
    int encode(int tag, VR vr, long length, byte[] b, int at) {
        put16(b, at, tag >>> 16);
        put16(b, at + 2, tag & 0xFFFF);
        if (!explicit || isItemOrDelimiter(tag)) {
            put32(b, at + 4, length);
            return 8;
        }
        String name = vr.name();
        b[at + 4] = (byte) name.charAt(0);
        b[at + 5] = (byte) name.charAt(1);
        if (vr.hasLongHeader()) {
            b[at + 6] = 0;
            b[at + 7] = 0;
            put32(b, at + 8, length);
            return 12;
        }
        put16(b, at + 6, (int) length);
        return 8;
    }

    /** A header read back: tag, VR (from the dictionary if implicit), length. */
    record Parsed(int tag, VR vr, long length) {}

    /**
     * Parses the element header at the start of {@code b}; {@code null} if it is not one (an
     * unknown VR, an item or delimiter, too few bytes). Implicit VR takes the dictionary's VR,
     * OW for Pixel Data.
     */
    static Parsed parse(byte[] b, boolean explicit, boolean bigEndian) {
        if (b.length < 8) {
            return null;
        }
        int group = u16(b, 0, bigEndian);
        int element = u16(b, 2, bigEndian);
        int tag = (group << 16) | element;
        if (isItemOrDelimiter(tag)) {
            return null;
        }
        if (!explicit) {
            VR vr = tag == dev.ferry.api.Tag.PixelData ? VR.OW
                    : dev.ferry.dicom.ElementDictionary.standard().vrOf(tag);
            return new Parsed(tag, vr, u32(b, 4, bigEndian));
        }
        VR vr = VR.of(b[4] & 0xFF, b[5] & 0xFF);
        if (vr == null) {
            return null;
        }
        if (vr.hasLongHeader()) {
            return b.length < 12 ? null : new Parsed(tag, vr, u32(b, 8, bigEndian));
        }
        return new Parsed(tag, vr, u16(b, 6, bigEndian));
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return bigEndian ? (x << 8) | y : (y << 8) | x;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long hi = u16(b, at, bigEndian);
        long lo = u16(b, at + 2, bigEndian);
        return bigEndian ? (hi << 16) | lo : (lo << 16) | hi;
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
