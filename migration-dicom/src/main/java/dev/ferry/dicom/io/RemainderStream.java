package dev.ferry.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The rest of an object after its header: the encoded header of the element the reader stopped at,
 * what the reader had buffered past it, then the source stream. {@link #transferTo} writes the two
 * held parts directly and lets the source transfer itself, so passing pixel data through costs no
 * buffer of this class's own (unlike {@link java.io.SequenceInputStream}, which copies through an
 * 8 KiB one). Like that class, once closed it reads as ended. Not thread-safe.
 */
final class RemainderStream extends InputStream {
    private final byte[] head;
    private int headPos;
    private final byte[] buffered;
    private int bufferedPos;
    private final int bufferedLimit;
    private final InputStream source;
    private boolean closed;

    /**
     * @param head bytes that come first (may be empty); not copied
     * @param buffered the reader's buffer; bytes {@code from} to {@code limit} come next; not copied
     */
    RemainderStream(byte[] head, byte[] buffered, int from, int limit, InputStream source) {
        this.head = head;
        this.buffered = buffered;
        this.bufferedPos = from;
        this.bufferedLimit = limit;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        if (headPos < head.length) {
            return head[headPos++] & 0xFF;
        }
        if (bufferedPos < bufferedLimit) {
            return buffered[bufferedPos++] & 0xFF;
        }
        return closed ? -1 : source.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (headPos < head.length) {
            int n = Math.min(len, head.length - headPos);
            System.arraycopy(head, headPos, b, off, n);
            headPos += n;
            return n;
        }
        if (bufferedPos < bufferedLimit) {
            int n = Math.min(len, bufferedLimit - bufferedPos);
            System.arraycopy(buffered, bufferedPos, b, off, n);
            bufferedPos += n;
            return n;
        }
        return closed ? -1 : source.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = 0;
        int fromHead = (int) Math.min(n, head.length - headPos);
        headPos += fromHead;
        skipped += fromHead;
        int fromBuffer = (int) Math.min(n - skipped, bufferedLimit - bufferedPos);
        bufferedPos += fromBuffer;
        skipped += fromBuffer;
        if (skipped < n && !closed) {
            skipped += source.skip(n - skipped);
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        long held = (long) (head.length - headPos) + (bufferedLimit - bufferedPos);
        return (int) Math.min(Integer.MAX_VALUE, held + (closed ? 0 : source.available()));
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        long n = 0;
        if (headPos < head.length) {
            out.write(head, headPos, head.length - headPos);
            n += head.length - headPos;
            headPos = head.length;
        }
        if (bufferedPos < bufferedLimit) {
            out.write(buffered, bufferedPos, bufferedLimit - bufferedPos);
            n += bufferedLimit - bufferedPos;
            bufferedPos = bufferedLimit;
        }
        return closed ? n : n + source.transferTo(out);
    }

    @Override
    public void close() throws IOException {
        headPos = head.length;
        bufferedPos = bufferedLimit;
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
