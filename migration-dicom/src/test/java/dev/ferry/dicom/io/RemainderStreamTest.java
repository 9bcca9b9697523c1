package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RemainderStreamTest {
    private static final byte[] HEAD = {1, 2, 3};
    private static final byte[] BUFFER = {0, 0, 4, 5, 6, 0};
    private static final byte[] SOURCE = {7, 8, 9, 10};
    private static final byte[] ALL = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private static RemainderStream stream() {
        return new RemainderStream(HEAD.clone(), BUFFER.clone(), 2, 5, new ByteArrayInputStream(SOURCE));
    }

    @Test
    void readsHeadThenBufferedSliceThenSourceByteByByte() throws IOException {
        RemainderStream s = stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = s.read()) >= 0; ) {
            out.write(b);
        }
        assertThat(out.toByteArray()).containsExactly(ALL);
    }

    @Test
    void readsAcrossPartBoundariesInSmallArrays() throws IOException {
        RemainderStream s = stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[2];
        for (int n; (n = s.read(b, 0, 2)) > 0; ) {
            out.write(b, 0, n);
        }
        assertThat(out.toByteArray()).containsExactly(ALL);
        assertThat(s.read(b, 0, 0)).isZero();
    }

    @Test
    void transferToWritesEveryPartOnceAndCountsThem() throws IOException {
        RemainderStream s = stream();
        assertThat(s.read()).isEqualTo(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(s.transferTo(out)).isEqualTo(ALL.length - 1);
        assertThat(out.toByteArray()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(s.read()).isEqualTo(-1);
    }

    @Test
    void transferToLetsTheSourceWriteItselfWithoutCopyingThroughABuffer() throws IOException {
        byte[] big = new byte[1 << 20];
        ByteArrayInputStream source = new ByteArrayInputStream(big);
        RemainderStream s = new RemainderStream(HEAD, BUFFER, 2, 5, source);
        int[] largest = {0};
        s.transferTo(new OutputStream() {
            @Override
            public void write(int b) {
                largest[0] = Math.max(largest[0], 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                largest[0] = Math.max(largest[0], len);
            }
        });
        // ByteArrayInputStream.transferTo writes its whole array in one call; a copying loop would not.
        assertThat(largest[0]).isEqualTo(big.length);
    }

    @Test
    void skipCrossesPartsAndAvailableCountsWhatIsLeft() throws IOException {
        RemainderStream s = stream();
        assertThat(s.available()).isEqualTo(ALL.length);
        assertThat(s.skip(5)).isEqualTo(5);
        assertThat(s.available()).isEqualTo(ALL.length - 5);
        assertThat(s.read()).isEqualTo(6);
        assertThat(s.skip(0)).isZero();
        assertThat(s.skip(100)).isEqualTo(4);
        assertThat(s.read()).isEqualTo(-1);
    }

    @Test
    void closeClosesTheSourceOnceAndThenReadsAsEnded() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        int[] closes = {0};
        InputStream source = new ByteArrayInputStream(SOURCE) {
            @Override
            public void close() {
                closes[0]++;
                closed.set(true);
            }
        };
        RemainderStream s = new RemainderStream(HEAD, BUFFER, 2, 5, source);
        s.close();
        s.close();
        assertThat(closed).isTrue();
        assertThat(closes[0]).isEqualTo(1);
        assertThat(s.read()).isEqualTo(-1);
        assertThat(s.read(new byte[4], 0, 4)).isEqualTo(-1);
        assertThat(s.transferTo(OutputStream.nullOutputStream())).isZero();
        assertThat(s.available()).isZero();
    }
}
