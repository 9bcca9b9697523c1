package dev.ferry.testkit.tck;

import dev.ferry.dicom.io.SkipByReading;
import dev.ferry.api.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Counts and hashes (SHA-256) the bytes read through it, so a kit can tell what a consumer took. Not thread-safe. */
final class MeasuringInputStream extends FilterInputStream {
    private final MessageDigest md;
    private long count;

    MeasuringInputStream(InputStream in) {
        super(in);
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            md.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Skipped bytes would escape the digest: reads them instead. */
    @Override
    public long skip(long n) throws IOException {
        return SkipByReading.skip(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    /** The digest of everything read so far; call once, after the last read. */
    Digest sha256() {
        return Digest.of("SHA-256", md.digest());
    }
}
