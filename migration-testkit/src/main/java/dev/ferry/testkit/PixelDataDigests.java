package dev.ferry.testkit;

import dev.ferry.api.Digest;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 digests of remainders, streamed through a fixed buffer: of the whole remainder, or of
 * the Pixel Data value bytes only (what {@link dev.ferry.api.InstanceEvidence#pixelData()} holds).
 * Thread-safe: static methods without shared state.
 */
public final class PixelDataDigests {
    private static final int BUFFER = 64 * 1024;

    private PixelDataDigests() {}

    /** SHA-256 of everything the stream yields, read to its end. */
    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
        }
        return Digest.of("SHA-256", md.digest());
    }

    /**
     * SHA-256 of the Pixel Data value bytes of a remainder in Explicit VR Little Endian that starts
     * with the Pixel Data element (as synthetic instances and most codecs produce it); for
     * encapsulated pixel data (undefined length) the digest covers everything after the element
     * header. Reads the stream to the end of the value.
     *
     * @return the digest, or {@code null} for an empty remainder (an object without pixel data)
     * @throws IOException if the remainder is truncated or does not start with Pixel Data
     */
    public static Digest valueSha256(InputStream remainder) throws IOException {
        byte[] head = new byte[8];
        int first = remainder.readNBytes(head, 0, 8);
        if (first == 0) {
            return null;
        }
        if (first < 8) {
            throw new EOFException("remainder ends inside an element header");
        }
        int tag = ((head[1] & 0xFF) << 24) | ((head[0] & 0xFF) << 16) | ((head[3] & 0xFF) << 8) | (head[2] & 0xFF);
        if (tag != Tag.PixelData) {
            throw new IOException("remainder does not start with Pixel Data but with " + Tags.format(tag));
        }
        VR vr = VR.of(head[4], head[5]);
        if (vr == null) {
            throw new IOException("Pixel Data has no valid explicit VR");
        }
        long length;
        if (vr.hasLongHeader()) {
            byte[] len = new byte[4];
            if (remainder.readNBytes(len, 0, 4) < 4) {
                throw new EOFException("remainder ends inside the Pixel Data element header");
            }
            length = (len[0] & 0xFFL) | (len[1] & 0xFFL) << 8 | (len[2] & 0xFFL) << 16 | (len[3] & 0xFFL) << 24;
        } else {
            length = (head[6] & 0xFFL) | (head[7] & 0xFFL) << 8;
        }
        if (length == 0xFFFFFFFFL) {
            return sha256(remainder);
        }
        MessageDigest md = newSha256();
        byte[] buf = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = remainder.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("Pixel Data value is " + (length - left) + " of " + length + " bytes");
            }
            md.update(buf, 0, n);
            left -= n;
        }
        return Digest.of("SHA-256", md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
