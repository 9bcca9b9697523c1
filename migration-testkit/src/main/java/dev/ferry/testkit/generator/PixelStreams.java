package dev.ferry.testkit.generator;

import dev.ferry.testkit.GeneratedPixelData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The remainder of a generated instance: the Pixel Data element header in the instance's encoding
 * (explicit or implicit VR, little endian) followed by {@link GeneratedPixelData}'s bytes, generated
 * as they are read. Thread-safe: static methods only.
 */
final class PixelStreams {
    private PixelStreams() {}

    /** The remainder, or an empty stream without pixel data. */
    static InputStream remainder(InstancePlan i) throws IOException {
        if (!i.hasPixelData()) {
            return InputStream.nullInputStream();
        }
        GeneratedPixelData data = new GeneratedPixelData(i.pixelSeed, i.pixelLength);
        if (i.transferSyntax.isExplicitVr()) {
            return data;
        }
        data.skip(GeneratedPixelData.ELEMENT_HEADER_LENGTH);
        long n = i.pixelLength;
        byte[] implicit = {(byte) 0xE0, 0x7F, 0x10, 0x00, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
        return new SequenceInputStream(new ByteArrayInputStream(implicit), data);
    }

    /** The length of {@link #remainder}. */
    static long remainderLength(InstancePlan i) {
        if (!i.hasPixelData()) {
            return 0;
        }
        return (i.transferSyntax.isExplicitVr() ? GeneratedPixelData.ELEMENT_HEADER_LENGTH : 8) + i.pixelLength;
    }

    /** The length of the Pixel Data element header in the instance's encoding. */
    static int elementHeaderLength(InstancePlan i) {
        return i.transferSyntax.isExplicitVr() ? GeneratedPixelData.ELEMENT_HEADER_LENGTH : 8;
    }
}
