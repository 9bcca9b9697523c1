package dev.ferry.bench;

import java.io.OutputStream;

/** An output that counts bytes, so nothing is optimised away and nothing is kept. */
public final class CountingSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** How many bytes were written. */
    public long count() {
        return count;
    }
}
