package dev.ferry.core.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The remainder of an instance on its way from the source to the destination: hashed (SHA-256),
 * counted and, with a bucket, held to the bandwidth cap, in the one pass the destination makes.
 * Not thread-safe (one instance, one reader).
 */
final class MeteredInputStream extends FilterInputStream {
    private final MessageDigest sha256;
    private final TokenBucket bucket;
    private long count;

    MeteredInputStream(InputStream in, TokenBucket bucket) {
        super(in);
        this.bucket = bucket;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
            paid(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0) {
            sha256.update(buf, off, n);
            paid(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the hash: read them instead.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void paid(int n) throws IOException {
        count += n;
        if (bucket != null) {
            bucket.acquire(n);
        }
    }

    long count() {
        return count;
    }

    /** Hex SHA-256 of what was read; call once, after the destination finished reading. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
