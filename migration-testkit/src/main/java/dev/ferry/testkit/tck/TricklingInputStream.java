package dev.ferry.testkit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Wraps a stream so that each read returns only 1 to 7 bytes, as a slow network or a legacy
 * archive delivers them, and {@link #available()} always says 0 (which the {@code InputStream}
 * contract allows). Code that assumes a read fills its buffer, or that {@code available()} is the
 * remaining length, fails on it. Counts the bytes read.
 *
 * <p>Not thread-safe, like any {@code InputStream}.
 */
public final class TricklingInputStream extends InputStream {
    private final InputStream in;
    private final SplittableRandom random;
    private long bytesRead;

    /** @param seed makes the sequence of read sizes reproducible */
    public TricklingInputStream(InputStream in, long seed) {
        this.in = Objects.requireNonNull(in, "in");
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            bytesRead++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        if (n > 0) {
            bytesRead += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] buf = new byte[7];
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** Always 0: nothing is promised to be readable without blocking. */
    @Override
    public int available() {
        return 0;
    }

    /** How many bytes have been read through this stream so far. */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
