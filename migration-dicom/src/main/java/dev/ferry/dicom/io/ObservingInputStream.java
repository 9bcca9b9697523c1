package dev.ferry.dicom.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream that passes its input through unchanged while a subclass watches every byte: what it
 * reads goes to {@link #observe}, its end to {@link #ended} (once). Skipping reads, so nothing
 * escapes the watch; mark and reset are not supported.
 *
 * <p>Not thread-safe, like any {@code InputStream}.
 */
public abstract class ObservingInputStream extends FilterInputStream {
    private boolean ended;

    protected ObservingInputStream(InputStream in) {
        super(Objects.requireNonNull(in, "in"));
    }

    /** Bytes {@code b[off..off+n)}, the next ones read; may throw to fail the read. */
    protected abstract void observe(byte[] b, int off, int n) throws IOException;

    /** The input ended; called once, on the first read that meets the end. */
    protected void ended() throws IOException {
    }

    /** Whether the input's end was read. */
    protected final boolean atEnd() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (!ended) {
                ended = true;
                ended();
            }
            return -1;
        }
        if (n > 0) {
            observe(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return SkipByReading.skip(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
