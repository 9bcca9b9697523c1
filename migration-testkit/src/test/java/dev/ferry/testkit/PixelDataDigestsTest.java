package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Digest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PixelDataDigestsTest {

    @Test
    void valueDigestCoversTheValueOnly() throws Exception {
        byte[] remainder = new GeneratedPixelData(3, 500).readAllBytes();
        byte[] value = Arrays.copyOfRange(remainder, 12, remainder.length);
        Digest expected = Digest.of("SHA-256", MessageDigest.getInstance("SHA-256").digest(value));
        assertThat(PixelDataDigests.valueSha256(new ByteArrayInputStream(remainder))).isEqualTo(expected);
        assertThat(PixelDataDigests.sha256(new ByteArrayInputStream(value))).isEqualTo(expected);
        assertThat(PixelDataDigests.sha256(new ByteArrayInputStream(remainder))).isNotEqualTo(expected);
    }

    @Test
    void emptyRemainderHasNoPixelDigest() throws IOException {
        assertThat(PixelDataDigests.valueSha256(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void undefinedLengthDigestsTheRest() throws Exception {
        byte[] remainder = new GeneratedPixelData(3, 64).readAllBytes();
        remainder[4] = 'O';
        remainder[5] = 'B';
        Arrays.fill(remainder, 8, 12, (byte) 0xFF);
        byte[] rest = Arrays.copyOfRange(remainder, 12, remainder.length);
        assertThat(PixelDataDigests.valueSha256(new ByteArrayInputStream(remainder)))
                .isEqualTo(Digest.of("SHA-256", MessageDigest.getInstance("SHA-256").digest(rest)));
    }

    @Test
    void otherFirstElementOrTruncationIsAnError() throws IOException {
        byte[] remainder = new GeneratedPixelData(3, 64).readAllBytes();
        byte[] other = remainder.clone();
        other[2] = 0x12;
        assertThatThrownBy(() -> PixelDataDigests.valueSha256(new ByteArrayInputStream(other)))
                .isInstanceOf(IOException.class).hasMessageContaining("(7FE0,0012)");
        byte[] cut = Arrays.copyOf(remainder, remainder.length - 1);
        assertThatThrownBy(() -> PixelDataDigests.valueSha256(new ByteArrayInputStream(cut)))
                .isInstanceOf(EOFException.class);
    }
}
