package dev.ferry.dicom.net.pdu;

import java.util.Arrays;

/** A growing big-endian byte array, with lengths patched in once an item is complete. Not thread-safe. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        putU32(buf, size, v);
        size += 4;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    void zeros(int n) {
        ensure(n);
        size += n;
    }

    /** A string of one byte a character, its length prefixed in two bytes. */
    void text16(String s) {
        u16(s.length());
        bytes(Text.bytes(s));
    }

    /** Writes an item header (type, reserved 00H, a 2-byte length to patch) and returns where it starts. */
    int beginItem(int itemType) {
        int start = size;
        u8(itemType);
        u8(0);
        u16(0);
        return start;
    }

    /** Patches the length of the item begun at {@code start}: the bytes after its header. */
    void endItem(int start) {
        int length = size - start - 4;
        if (length > 0xFFFF) {
            throw new IllegalStateException("item of " + length + " bytes; the records should have refused it");
        }
        buf[start + 2] = (byte) (length >>> 8);
        buf[start + 3] = (byte) length;
    }

    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
        }
    }
}
