package dev.ferry.dicom.archive.web;

import dev.ferry.dicom.io.ObservingInputStream;
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
final class FingerprintingInputStream extends ObservingInputStream {
    /** The length and CRC32C of a whole stream. */
    record Fingerprint(long length, long crc) {}

    private final CRC32C crc = new CRC32C();
    private long count;
    private boolean closed;

    FingerprintingInputStream(InputStream in) {
        super(in);
    }

    @Override
    protected void observe(byte[] b, int off, int n) {
        crc.update(b, off, n);
        count += n;
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
