package dev.ferry.dicom.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered input that knows its offset and can look ahead, for the parser. Not thread-safe.
 */
final class DicomInput {
    private static final byte[] EMPTY = {};
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long offset; // of buf[pos]

    DicomInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    long offset() {
        return offset;
    }

    /** Makes at least {@code n} bytes available unless the stream ends first; returns how many are. */
    int ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return n;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                break;
            }
            limit += r;
        }
        return Math.min(n, limit - pos);
    }

    /** The byte {@code i} positions ahead, without consuming; -1 past the end. */
    int peek(int i) throws IOException {
        return ensure(i + 1) > i ? buf[pos + i] & 0xFF : -1;
    }

    boolean atEnd() throws IOException {
        return ensure(1) == 0;
    }

    int u8() throws IOException {
        if (ensure(1) < 1) {
            throw new EOFException();
        }
        offset++;
        return buf[pos++] & 0xFF;
    }

    int u16(boolean bigEndian) throws IOException {
        if (ensure(2) < 2) {
            throw new EOFException();
        }
        int a = buf[pos] & 0xFF;
        int b = buf[pos + 1] & 0xFF;
        pos += 2;
        offset += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    long u32(boolean bigEndian) throws IOException {
        int hi = u16(bigEndian);
        int lo = u16(bigEndian);
        return bigEndian ? ((long) hi << 16) | lo : ((long) lo << 16) | hi;
    }

    /** Consumes {@code n} bytes, which must be there. */
    void skip(int n) throws IOException {
        while (n > 0) {
            int avail = limit - pos;
            if (avail == 0) {
                if (ensure(1) == 0) {
                    throw new EOFException();
                }
                continue;
            }
            int step = Math.min(avail, n);
            pos += step;
            offset += step;
            n -= step;
        }
    }

    void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            int avail = limit - pos;
            if (avail == 0) {
                if (ensure(1) == 0) {
                    throw new EOFException();
                }
                continue;
            }
            int n = Math.min(avail, len);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            offset += n;
            off += n;
            len -= n;
        }
    }

    /** The rest of the input: what is buffered, then the underlying stream. Ends this input's use. */
    InputStream rest() {
        return rest(EMPTY);
    }

    /** {@code head}, then the rest of the input (see {@link #rest()}). */
    InputStream rest(byte[] head) {
        int from = pos;
        pos = limit;
        return new RemainderStream(head, buf, from, limit, in);
    }
}
