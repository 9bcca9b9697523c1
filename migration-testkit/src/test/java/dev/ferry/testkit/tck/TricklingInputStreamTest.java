package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.GeneratedPixelData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TricklingInputStreamTest {

    @Test
    void deliversEverythingInOneToSevenByteReads() throws IOException {
        byte[] expected = new GeneratedPixelData(4, 2000).readAllBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TricklingInputStream in = new TricklingInputStream(new GeneratedPixelData(4, 2000), 1)) {
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                assertThat(n).isBetween(1, 7);
                assertThat(in.available()).isZero();
                out.write(buf, 0, n);
            }
            assertThat(in.bytesRead()).isEqualTo(expected.length);
        }
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void skipReadsAndCounts() throws IOException {
        try (TricklingInputStream in = new TricklingInputStream(new GeneratedPixelData(4, 100), 2)) {
            assertThat(in.skip(50)).isEqualTo(50);
            assertThat(in.bytesRead()).isEqualTo(50);
            assertThat(in.readAllBytes()).hasSize(62);
        }
    }
}
