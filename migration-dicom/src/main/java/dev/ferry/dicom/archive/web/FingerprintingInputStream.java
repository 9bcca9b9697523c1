package dev.ferry.dicom.archive.web;

import dev.ferry.dicom.io.SkipByReading;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Counts and checksums what passes, and on close reads the rest through, so the fingerprint covers
 * the whole stream however much the reader took. A fingerprint, not a proof: CRC32C and the length
 * tell two copies of an instance in one response apart (a server fault rare enough that a 1 in 2^32
 * chance of missing one is acceptable), at a cost a SHA-256 of every retrieved byte would not have.
 * Not thread-safe.
 */
final class FingerprintingInputStream extends FilterInputStream {
    /** The length and CRC32C of a whole stream. */
    record Fingerprint(long length, long crc) {}

    private final CRC32C crc = new CRC32C();
    private long count;
    private boolean closed;

    FingerprintingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            crc.update(b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            crc.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads what is skipped, so it counts in the fingerprint. */
    @Override
    public long skip(long n) throws IOException {
        return SkipByReading.skip(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads the rest through the checksum, then closes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // draining
            }
        } finally {
            in.close();
        }
    }

    Fingerprint fingerprint() {
        return new Fingerprint(count, crc.getValue());
    }
}
