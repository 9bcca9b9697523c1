package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dicom.io.TruncationCheckingInputStream.TruncatedDataSetException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A remainder passes through unchanged when whole, and fails its last read when cut short. */
class TruncationCheckingInputStreamTest {
    /** Pixel Data OW of 6 bytes, explicit VR little endian, then Data Set Trailing Padding OB of 2. */
    private static final byte[] EXPLICIT = {
        (byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 6, 0, 0, 0, 1, 2, 3, 4, 5, 6,
        (byte) 0xFC, (byte) 0xFF, (byte) 0xFC, (byte) 0xFF, 'O', 'B', 0, 0, 2, 0, 0, 0, 0, 0};
    /** Pixel Data of 4 bytes, implicit VR little endian. */
    private static final byte[] IMPLICIT = {(byte) 0xE0, 0x7F, 0x10, 0x00, 4, 0, 0, 0, 9, 8, 7, 6};
    /** Encapsulated Pixel Data: empty offset table, one fragment of 4 bytes, the delimiter. */
    private static final byte[] ENCAPSULATED = {
        (byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1,
        (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0,
        (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 4, 0, 0, 0, 1, 2, 3, 4,
        (byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};

    @Test
    void wholeRemaindersPassThroughByteForByte() throws IOException {
        assertThat(readAll(EXPLICIT, true)).isEqualTo(EXPLICIT);
        assertThat(readAll(IMPLICIT, false)).isEqualTo(IMPLICIT);
        assertThat(readAll(ENCAPSULATED, true)).isEqualTo(ENCAPSULATED);
        assertThat(readAll(new byte[0], true)).isEmpty();
    }

    @Test
    void everyCutShortOfAnElementsEndIsATruncation() {
        for (byte[] whole : new byte[][] {EXPLICIT, IMPLICIT, ENCAPSULATED}) {
            boolean explicit = whole != IMPLICIT;
            for (int cut = 1; cut < whole.length; cut++) {
                boolean atBoundary = whole == EXPLICIT && cut == 18;
                byte[] part = Arrays.copyOf(whole, cut);
                if (atBoundary) {
                    continue; // between Pixel Data and the padding: a whole remainder, just shorter
                }
                int c = cut;
                assertThatThrownBy(() -> readAll(part, explicit))
                        .as("cut at %d of %d", c, whole.length)
                        .isInstanceOf(TruncatedDataSetException.class)
                        .hasMessageContaining("C-STORE of 1.2.3")
                        .hasMessageContaining("truncated");
            }
        }
    }

    @Test
    void saysWhichElementAndHowManyBytesAreMissing() {
        assertThatThrownBy(() -> readAll(Arrays.copyOf(EXPLICIT, 15), true))
                .hasMessageContaining("(7FE0,0010)").hasMessageContaining("3 missing");
    }

    @Test
    void aSequenceOfUndefinedLengthIsPassedUnchecked() throws IOException {
        byte[] sq = {0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, -1, -1, -1, -1,
            (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1, 0x08, 0x00};
        assertThat(readAll(sq, true)).isEqualTo(sq);
    }

    private static byte[] readAll(byte[] remainder, boolean explicit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new TruncationCheckingInputStream(new ByteArrayInputStream(remainder), explicit, false,
                "C-STORE of 1.2.3")) {
            byte[] buf = new byte[3]; // small reads: headers and values split across them
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }
}
