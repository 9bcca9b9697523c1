package dev.ferry.dicom.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Digest;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.spi.EvidenceTap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PixelDataTapTest {
    private static final byte[] PIXELS = pixels(1000);
    private static final Digest PIXELS_SHA = sha(PIXELS);

    @Test
    void nativeLittleEndianDigestIsTheValueBytes() throws IOException {
        byte[] remainder = explicitLe(0x7FE00010, "OW", PIXELS);
        assertThat(tapAll(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, remainder)).isEqualTo(PIXELS_SHA);
        assertThat(tapAll(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, implicitLe(0x7FE00010, PIXELS)))
                .isEqualTo(PIXELS_SHA);
    }

    @Test
    void bigEndianWordsAreDigestedInLittleEndianOrder() throws IOException {
        byte[] remainder = explicitBe(0x7FE00010, "OW", swapPairs(PIXELS));
        assertThat(tapAll(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, remainder)).isEqualTo(PIXELS_SHA);
        // OB is a byte string: no swapping.
        assertThat(tapAll(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, explicitBe(0x7FE00010, "OB", PIXELS)))
                .isEqualTo(PIXELS_SHA);
    }

    @Test
    void gePrivateImplicitBigEndianHasBigEndianPixelsInALittleEndianDataSet() throws IOException {
        byte[] remainder = implicitLe(0x7FE00010, swapPairs(PIXELS));
        assertThat(tapAll(TransferSyntax.GE_PRIVATE_IMPLICIT_VR_BIG_ENDIAN, remainder)).isEqualTo(PIXELS_SHA);
    }

    @Test
    void chunkBoundariesDoNotMatter() throws IOException {
        byte[] remainder = explicitBe(0x7FE00010, "OW", swapPairs(PIXELS));
        for (int chunk : new int[] {1, 3, 7, 11, 4096}) {
            EvidenceTap.Tapped t = new PixelDataTap().tap(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(),
                    new ByteArrayInputStream(remainder));
            byte[] out = readInChunks(t.stream(), chunk);
            assertThat(out).as("bytes pass unchanged, chunk %d", chunk).isEqualTo(remainder);
            assertThat(t.pixelData()).as("chunk %d", chunk).contains(PIXELS_SHA);
        }
    }

    @Test
    void encapsulatedDigestIsTheFragmentsAfterTheOffsetTable() throws IOException {
        byte[] f1 = Arrays.copyOfRange(PIXELS, 0, 300);
        byte[] f2 = Arrays.copyOfRange(PIXELS, 300, 1000);
        byte[] withTable = encapsulated(new byte[] {0, 0, 0, 0}, f1, f2);
        byte[] withoutTable = encapsulated(new byte[0], f1, f2);
        assertThat(tapAll(TransferSyntax.JPEG_LOSSLESS, withTable)).isEqualTo(PIXELS_SHA);
        assertThat(tapAll(TransferSyntax.JPEG_LOSSLESS, withoutTable)).isEqualTo(PIXELS_SHA);
    }

    @Test
    void elementsAfterThePixelDataAreNotPartOfIt() throws IOException {
        byte[] remainder = concat(explicitLe(0x7FE00010, "OW", PIXELS), explicitLe(0xFFFCFFFC, "OB", new byte[6]));
        assertThat(tapAll(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, remainder)).isEqualTo(PIXELS_SHA);
    }

    @Test
    void noPixelDataGivesNoDigestAndSaysWhy() throws IOException {
        EvidenceTap.Tapped t = PixelDataTap.digest(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new ByteArrayInputStream(new byte[0]));
        assertThat(t.pixelData()).isEmpty();
        assertThat(t.note()).contains("no Pixel Data");
    }

    @Test
    void aTruncatedRemainderPassesUnchangedWithoutADigest() throws IOException {
        byte[] remainder = explicitLe(0x7FE00010, "OW", PIXELS);
        byte[] cut = Arrays.copyOf(remainder, remainder.length - 10);
        EvidenceTap.Tapped t = new PixelDataTap().tap(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new ByteArrayInputStream(cut));
        assertThat(t.stream().readAllBytes()).isEqualTo(cut);
        assertThat(t.pixelData()).isEmpty();
        assertThat(t.note()).startsWith(PixelDataTap.NOT_FOLLOWED).contains("(7FE0,0010)");
    }

    @Test
    void askingBeforeTheEndIsAnError() {
        EvidenceTap.Tapped t = new PixelDataTap().tap(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                new ByteArrayInputStream(explicitLe(0x7FE00010, "OW", PIXELS)));
        assertThatThrownBy(t::pixelData).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTheSameOrTwoNativeSyntaxesAreComparable() {
        String le = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        assertThat(PixelDataVerifier.comparable(le, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())).isTrue();
        assertThat(PixelDataVerifier.comparable(le, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid())).isTrue();
        assertThat(PixelDataVerifier.comparable(TransferSyntax.JPEG_LOSSLESS.uid(), TransferSyntax.JPEG_LOSSLESS.uid()))
                .isTrue();
        assertThat(PixelDataVerifier.comparable(le, TransferSyntax.JPEG_LOSSLESS.uid())).isFalse();
        assertThat(PixelDataVerifier.comparable(TransferSyntax.JPEG_2000_LOSSLESS.uid(),
                TransferSyntax.JPEG_LOSSLESS.uid())).isFalse();
    }

    // ---- encoding helpers --------------------------------------------------------------------

    private static Digest tapAll(TransferSyntax ts, byte[] remainder) throws IOException {
        EvidenceTap.Tapped t = PixelDataTap.digest(ts.uid(), new ByteArrayInputStream(remainder));
        return t.pixelData().orElseThrow(() -> new AssertionError("no digest: " + t.note()));
    }

    private static byte[] readInChunks(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static byte[] swapPairs(byte[] b) {
        byte[] s = b.clone();
        for (int i = 0; i + 1 < s.length; i += 2) {
            s[i] = b[i + 1];
            s[i + 1] = b[i];
        }
        return s;
    }

    private static byte[] explicitLe(int tag, String vr, byte[] value) {
        ByteBuffer bb = ByteBuffer.allocate(12 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) (tag >>> 16)).putShort((short) tag).put((byte) vr.charAt(0)).put((byte) vr.charAt(1))
                .putShort((short) 0).putInt(value.length).put(value);
        return bb.array();
    }

    private static byte[] explicitBe(int tag, String vr, byte[] value) {
        ByteBuffer bb = ByteBuffer.allocate(12 + value.length).order(ByteOrder.BIG_ENDIAN);
        bb.putShort((short) (tag >>> 16)).putShort((short) tag).put((byte) vr.charAt(0)).put((byte) vr.charAt(1))
                .putShort((short) 0).putInt(value.length).put(value);
        return bb.array();
    }

    private static byte[] implicitLe(int tag, byte[] value) {
        ByteBuffer bb = ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) (tag >>> 16)).putShort((short) tag).putInt(value.length).put(value);
        return bb.array();
    }

    private static byte[] encapsulated(byte[] offsetTable, byte[]... fragments) {
        ByteBuffer bb = ByteBuffer.allocate(12 + 8 + offsetTable.length
                + Arrays.stream(fragments).mapToInt(f -> 8 + f.length).sum() + 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                .putInt(-1);
        bb.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(offsetTable.length).put(offsetTable);
        for (byte[] f : fragments) {
            bb.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(f.length).put(f);
        }
        bb.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return bb.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static Digest sha(byte[] b) {
        try {
            return Digest.of("SHA-256", MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
