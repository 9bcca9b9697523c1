package dev.ferry.testkit.simulator;

import dev.ferry.api.Tag;
import java.io.IOException;
import java.io.InputStream;

/**
 * The element header a remainder starts with (see {@link dev.ferry.dicom.io.DicomObject#remainder()}),
 * peeked without consuming it: which element it is and the length it declares. Stateless.
 *
 * @param tag the element's tag
 * @param headerLength how many bytes the element header takes (8 or 12)
 * @param valueLength the declared value length, or -1 for undefined length (encapsulated)
 */
record PixelDataHeader(int tag, int headerLength, long valueLength) {
    private static final long UNDEFINED = 0xFFFFFFFFL;

    boolean isPixelData() {
        return tag == Tag.PixelData;
    }

    /**
     * Peeks the element header at the start of {@code in}, which must support mark and reset; null
     * if the stream holds fewer bytes than an element header.
     *
     * @param explicitVr whether the data set is encoded with explicit VRs
     * @param bigEndian whether it is big endian
     */
    static PixelDataHeader peek(InputStream in, boolean explicitVr, boolean bigEndian) throws IOException {
        in.mark(16);
        byte[] b = in.readNBytes(12);
        in.reset();
        if (b.length < 8) {
            return null;
        }
        int group = u16(b, 0, bigEndian);
        int element = u16(b, 2, bigEndian);
        int tag = group << 16 | element;
        long length;
        int headerLength;
        if (!explicitVr) {
            length = u32(b, 4, bigEndian);
            headerLength = 8;
        } else {
            String vr = new String(b, 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
            boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("OF") || vr.equals("OD")
                    || vr.equals("OL") || vr.equals("OV") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT")
                    || vr.equals("UC") || vr.equals("UR");
            if (longForm) {
                if (b.length < 12) {
                    return null;
                }
                length = u32(b, 8, bigEndian);
                headerLength = 12;
            } else {
                length = u16(b, 6, bigEndian);
                headerLength = 8;
            }
        }
        return new PixelDataHeader(tag, headerLength, length == UNDEFINED ? -1 : length);
    }

    private static int u16(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF) : (b[off + 1] & 0xFF) << 8 | (b[off] & 0xFF);
    }

    private static long u32(byte[] b, int off, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int k = bigEndian ? off + i : off + 3 - i;
            v = v << 8 | (b[k] & 0xFF);
        }
        return v;
    }
}
