package dev.ferry.dicom.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link InputStream#skip} for streams that must see every byte (a digest, a count, a structure
 * check): the skipped bytes are read through the stream itself and dropped, so nothing escapes.
 */
public final class SkipByReading {
    private static final int CHUNK = 8192;

    private SkipByReading() {}

    /**
     * Reads and drops up to {@code n} bytes of {@code in} through its {@code read(byte[], int, int)}.
     *
     * @return the bytes skipped: fewer than {@code n} only at the end of the stream; 0 if {@code n <= 0}
     */
    public static long skip(InputStream in, long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        byte[] scratch = new byte[(int) Math.min(CHUNK, n)];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }
}
