package dev.ferry.dicom.verify;

import dev.ferry.api.Digest;
import dev.ferry.api.VR;
import dev.ferry.dicom.io.RemainderFollower;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Digests the Pixel Data (7FE0,0010) value of a remainder as {@link RemainderFollower} reports it,
 * as {@link dev.ferry.api.InstanceEvidence#pixelData()} defines the digest: native pixel data in
 * little-endian byte order (big-endian words are swapped back, so the digest survives a change of
 * byte order), encapsulated pixel data as its fragments' values after the Basic Offset Table.
 *
 * <p>Not thread-safe: one per instance.
 */
final class PixelDataDigester implements RemainderFollower.Listener {
    static final String ALGORITHM = "SHA-256";

    private final MessageDigest digest;
    private final boolean pixelDataBigEndian;
    private final byte[] word = new byte[8];
    private final byte[] swapped = new byte[8192];
    private int wordFill;
    private int width = 1;
    private boolean inPixelData;
    private boolean encapsulated;
    private boolean seen;
    private int fragment = -1;
    private String note = "";

    PixelDataDigester(boolean pixelDataBigEndian) {
        this.pixelDataBigEndian = pixelDataBigEndian;
        try {
            this.digest = MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    @Override
    public void element(int tag, VR vr, long length) {
        finishWord();
        inPixelData = tag == RemainderFollower.PIXEL_DATA && !seen;
        if (!inPixelData) {
            return;
        }
        seen = true;
        encapsulated = length == RemainderFollower.UNDEFINED;
        width = encapsulated || !pixelDataBigEndian ? 1 : wordWidth(vr);
        fragment = -1;
    }

    @Override
    public void fragment(int index, long length) {
        fragment = index;
    }

    @Override
    public void value(byte[] b, int off, int len) {
        if (!inPixelData) {
            return;
        }
        if (encapsulated) {
            if (fragment >= 1) {
                digest.update(b, off, len);
            }
        } else if (width == 1) {
            digest.update(b, off, len);
        } else {
            swap(b, off, len);
        }
    }

    @Override
    public void unfollowed(int tag) {
        finishWord();
        inPixelData = false;
        if (!seen) {
            note = String.format("a sequence (%04X,%04X) of undefined length comes before any Pixel Data in the "
                    + "remainder: not followed", tag >>> 16, tag & 0xFFFF);
        }
    }

    /** The digest, or empty (with {@link #note()}) if the remainder held no Pixel Data. */
    Optional<Digest> finish() {
        finishWord();
        if (!seen) {
            if (note.isEmpty()) {
                note = "no Pixel Data element in the remainder";
            }
            return Optional.empty();
        }
        return Optional.of(Digest.of(ALGORITHM, digest.digest()));
    }

    String note() {
        return note;
    }

    /** Big-endian words of {@link #width} bytes, put into little-endian order before digesting. */
    private void swap(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (wordFill > 0 && i < end) {
            word[wordFill++] = b[i++];
            if (wordFill == width) {
                for (int k = 0; k < width; k++) {
                    swapped[k] = word[width - 1 - k];
                }
                digest.update(swapped, 0, width);
                wordFill = 0;
            }
        }
        while (end - i >= width) {
            int words = Math.min((end - i) / width, swapped.length / width);
            int n = words * width;
            for (int w = 0; w < n; w += width) {
                for (int k = 0; k < width; k++) {
                    swapped[w + k] = b[i + w + width - 1 - k];
                }
            }
            digest.update(swapped, 0, n);
            i += n;
        }
        while (i < end) {
            word[wordFill++] = b[i++];
        }
    }

    /** An odd byte left at the end of a value is digested as it is. */
    private void finishWord() {
        if (wordFill > 0) {
            digest.update(word, 0, wordFill);
            wordFill = 0;
        }
    }

    /** The byte-swapping unit of a native Pixel Data VR; implicit VR means OW. */
    private static int wordWidth(VR vr) {
        if (vr == null || vr == VR.OW) {
            return 2;
        }
        if (vr == VR.OL || vr == VR.OF) {
            return 4;
        }
        if (vr == VR.OD || vr == VR.OV) {
            return 8;
        }
        return 1;
    }
}
