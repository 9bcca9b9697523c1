package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class GeneratedPixelDataTest {

    @Test
    void readingInAnyChunksGivesTheSameBytes() throws IOException {
        byte[] whole = new GeneratedPixelData(5, 1000).readAllBytes();
        assertThat(whole).hasSize(1012);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (InputStream in = new GeneratedPixelData(5, 1000)) {
            for (int b; (b = in.read()) >= 0; ) {
                single.write(b);
            }
        }
        assertThat(single.toByteArray()).isEqualTo(whole);
        ByteArrayOutputStream odd = new ByteArrayOutputStream();
        try (InputStream in = new GeneratedPixelData(5, 1000)) {
            byte[] buf = new byte[13];
            for (int n; (n = in.read(buf, 3, 7)) >= 0; ) {
                odd.write(buf, 3, n);
            }
        }
        assertThat(odd.toByteArray()).isEqualTo(whole);
    }

    @Test
    void skipLandsWhereReadingWould() throws IOException {
        byte[] whole = new GeneratedPixelData(9, 4096).readAllBytes();
        try (InputStream in = new GeneratedPixelData(9, 4096)) {
            assertThat(in.skip(1001)).isEqualTo(1001);
            byte[] tail = in.readAllBytes();
            assertThat(tail).hasSize(whole.length - 1001);
            assertThat(tail[0]).isEqualTo(whole[1001]);
            assertThat(tail[tail.length - 1]).isEqualTo(whole[whole.length - 1]);
        }
    }

    @Test
    void valuesLargerThanAnArrayAreDescribedWithoutBeingHeld() throws IOException {
        long value = 3L * 1024 * 1024 * 1024;
        try (GeneratedPixelData in = new GeneratedPixelData(1, value)) {
            assertThat(in.length()).isEqualTo(value + 12);
            byte[] head = in.readNBytes(12);
            assertThat(head).isEqualTo(GeneratedPixelData.elementHeader(value));
            assertThat(in.skip(value - 8)).isEqualTo(value - 8);
            assertThat(in.readAllBytes()).hasSize(8);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void lengthMustBeEvenAndStateable() {
        assertThatThrownBy(() -> new GeneratedPixelData(1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeneratedPixelData(1, 0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingAfterCloseFails() {
        GeneratedPixelData in = new GeneratedPixelData(1, 10);
        in.close();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
