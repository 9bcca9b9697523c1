package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * A lazily generated remainder: the Pixel Data element (7FE0,0010) encoded in Explicit VR Little
 * Endian (tag, {@code OW}, two reserved bytes, a 32-bit length) followed by that many deterministic
 * pseudo-random bytes. Nothing is held in memory, so the value can be as large as the 32-bit length
 * allows (4 GiB - 2), which is what streaming tests above 2 GiB need.
 *
 * <p>The byte at each position is a function of the seed and the position only (a SplitMix64
 * counter), so two streams with the same seed and length are identical, and {@link #skip(long)} is
 * free.
 *
 * <p>Not thread-safe, like any {@code InputStream}. Reading after {@link #close()} throws.
 */
public final class GeneratedPixelData extends InputStream {
    /** Length of the element header that precedes the value. */
    public static final int ELEMENT_HEADER_LENGTH = 12;
    /** The largest value length a 32-bit explicit length can state (0xFFFFFFFF means undefined). */
    public static final long MAX_VALUE_LENGTH = 0xFFFFFFFEL;

    private final long seed;
    private final long total;
    private final byte[] header;
    private long position;
    private boolean closed;

    /**
     * @param seed what the value bytes derive from
     * @param valueLength the Pixel Data value length in bytes: even, 0 to {@link #MAX_VALUE_LENGTH}
     */
    public GeneratedPixelData(long seed, long valueLength) {
        if (valueLength < 0 || valueLength > MAX_VALUE_LENGTH || (valueLength & 1) != 0) {
            throw new IllegalArgumentException("pixel data value length must be even and 0.." + MAX_VALUE_LENGTH
                    + ": " + valueLength);
        }
        this.seed = seed;
        this.total = ELEMENT_HEADER_LENGTH + valueLength;
        this.header = elementHeader(valueLength);
    }

    /** The encoded element header for a Pixel Data value of this length. */
    public static byte[] elementHeader(long valueLength) {
        return new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
            (byte) valueLength, (byte) (valueLength >>> 8), (byte) (valueLength >>> 16), (byte) (valueLength >>> 24)};
    }

    /** The total length of the stream: element header plus value. */
    public long length() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        if (position >= total) {
            return -1;
        }
        int n = (int) Math.min(len, total - position);
        int i = 0;
        while (i < n) {
            long p = position + i;
            if (p < ELEMENT_HEADER_LENGTH) {
                b[off + i] = header[(int) p];
                i++;
                continue;
            }
            long v = p - ELEMENT_HEADER_LENGTH;
            long word = word(seed, v >>> 3);
            int shift = (int) (v & 7);
            int take = Math.min(8 - shift, n - i);
            for (int k = 0; k < take; k++) {
                b[off + i + k] = (byte) (word >>> ((shift + k) * 8));
            }
            i += take;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        ensureOpen();
        long skipped = Math.max(0, Math.min(n, total - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return (int) Math.min(Integer.MAX_VALUE, total - position);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("generated pixel data stream is closed");
        }
    }

    /** SplitMix64 of the block index: 8 value bytes, little-endian. */
    private static long word(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
