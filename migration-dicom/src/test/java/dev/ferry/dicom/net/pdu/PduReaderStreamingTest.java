package dev.ferry.dicom.net.pdu;

import static dev.ferry.dicom.net.pdu.Raw.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming path: PDU headers, then PDVs read into the caller's buffers. */
class PduReaderStreamingTest {
    @Test
    void readsPdvsInPiecesFromAStreamDeliveringFewBytes() throws Exception {
        byte[] stream = concat(
                PduEncoder.encode(new PDataTf(List.of(
                        new Pdv(1, true, false, bytes(100, 1)),
                        new Pdv(1, true, true, bytes(37, 2))))),
                PduEncoder.encode(PDataTf.of(new Pdv(3, false, true, bytes(1000, 3)))),
                PduEncoder.encode(new ReleaseRq()));
        for (int chunk : new int[] {1, 2, 3, 7, 4096}) {
            PduReader reader = new PduReader(trickle(stream, chunk), 16384);
            assertThat(reader.readHeader()).isEqualTo(new PduHeader(PduType.P_DATA_TF, 149));
            assertThat(reader.nextPdv()).isTrue();
            assertThat(reader.pdvContextId()).isEqualTo(1);
            assertThat(reader.pdvCommand()).isTrue();
            assertThat(reader.pdvLast()).isFalse();
            assertThat(reader.pdvLength()).isEqualTo(100);
            assertThat(readAll(reader, 9)).isEqualTo(bytes(100, 1));
            assertThat(reader.pdvRemaining()).isZero();
            assertThat(reader.readPdv(new byte[1], 0, 1)).isEqualTo(-1);
            assertThat(reader.nextPdv()).isTrue();
            assertThat(reader.pdvLast()).isTrue();
            assertThat(readAll(reader, 64)).isEqualTo(bytes(37, 2));
            assertThat(reader.nextPdv()).isFalse();

            assertThat(reader.readHeader()).isEqualTo(new PduHeader(PduType.P_DATA_TF, 1006));
            assertThat(reader.nextPdv()).isTrue();
            assertThat(reader.pdvContextId()).isEqualTo(3);
            assertThat(reader.pdvCommand()).isFalse();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(reader.transferPdvTo(out)).isEqualTo(1000);
            assertThat(out.toByteArray()).isEqualTo(bytes(1000, 3));
            assertThat(reader.nextPdv()).isFalse();

            assertThat(reader.read()).isEqualTo(new ReleaseRq());
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void largeFragmentsGoStraightIntoTheCallersBuffer() throws Exception {
        byte[] data = bytes(1 << 20, 4);
        byte[] stream = PduEncoder.encode(PDataTf.of(new Pdv(5, false, true, data)));
        int[] largestRead = new int[1];
        InputStream in = new FilterInputStream(new ByteArrayInputStream(stream)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                largestRead[0] = Math.max(largestRead[0], len);
                return super.read(b, off, len);
            }
        };
        PduReader reader = new PduReader(in, 0);
        reader.readHeader();
        reader.nextPdv();
        byte[] target = new byte[data.length];
        int n = 0;
        while (n < target.length) {
            n += reader.readPdv(target, n, Math.min(256 << 10, target.length - n));
        }
        assertThat(target).isEqualTo(data);
        assertThat(largestRead[0]).isEqualTo(256 << 10); // not the reader's 16 KiB buffer
    }

    @Test
    void unreadPdvsAndBodiesAreSkipped() throws Exception {
        byte[] stream = concat(
                PduEncoder.encode(new PDataTf(List.of(new Pdv(1, true, true, bytes(50, 1)),
                        new Pdv(1, false, true, bytes(60, 2))))),
                Raw.minimalRq(),
                PduEncoder.encode(new PDataTf(List.of(new Pdv(1, true, true, bytes(5, 1)),
                        new Pdv(7, false, true, bytes(70000, 5))))),
                PduEncoder.encode(new ReleaseRp()));
        PduReader reader = new PduReader(trickle(stream, 1000), 0);
        reader.readHeader();
        reader.nextPdv();
        reader.readPdv(new byte[10], 0, 10);
        assertThat(reader.nextPdv()).isTrue();        // skips the 40 bytes left of the first
        assertThat(readAll(reader, 100)).isEqualTo(bytes(60, 2));
        assertThat(reader.readHeader().type()).isEqualTo(PduType.ASSOCIATE_RQ);
        assertThat(reader.readHeader().type()).isEqualTo(PduType.P_DATA_TF); // the request's body skipped
        reader.nextPdv();
        assertThat(reader.read()).isEqualTo(new ReleaseRp());                 // the rest of the P-DATA skipped
    }

    @Test
    void wholeAndStreamedReadsMix() throws Exception {
        PDataTf p = new PDataTf(List.of(new Pdv(1, true, true, bytes(20, 1)), new Pdv(3, false, false, bytes(9, 2))));
        byte[] stream = concat(Raw.minimalRq(), PduEncoder.encode(p), PduEncoder.encode(p));
        PduReader reader = new PduReader(new ByteArrayInputStream(stream), 0);
        assertThat(reader.read()).isEqualTo(PduReader.decode(Raw.minimalRq()));
        assertThat(reader.read()).isEqualTo(p);
        PduHeader header = reader.readHeader();
        assertThat(header.type()).isEqualTo(PduType.P_DATA_TF);
        assertThat(reader.readBody()).isEqualTo(p);
        assertThat(reader.read()).isNull();
    }

    @Test
    void misuseIsAnIllegalState() throws Exception {
        PduReader reader = new PduReader(new ByteArrayInputStream(concat(Raw.minimalRq(),
                PduEncoder.encode(PDataTf.of(new Pdv(1, true, true, bytes(4, 1)))))), 0);
        assertThatThrownBy(reader::readBody).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::nextPdv).isInstanceOf(IllegalStateException.class);
        reader.readHeader();
        assertThatThrownBy(reader::nextPdv).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::pdvLength).isInstanceOf(IllegalStateException.class);
        reader.readHeader();
        reader.nextPdv();
        reader.readPdv(new byte[1], 0, 1);
        assertThatThrownBy(reader::readBody).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PduReader(InputStream.nullInputStream(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PduReader(InputStream.nullInputStream(), 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamEndingInsideAPdv() throws Exception {
        byte[] pdu = PduEncoder.encode(PDataTf.of(new Pdv(1, false, true, bytes(100, 1))));
        PduReader reader = new PduReader(new ByteArrayInputStream(pdu, 0, 60), 0);
        reader.readHeader();
        reader.nextPdv();
        byte[] buf = new byte[100];
        assertThat(reader.readPdv(buf, 0, 100)).isEqualTo(48);
        assertThatThrownBy(() -> reader.readPdv(buf, 48, 52))
                .isInstanceOfSatisfying(TruncatedPduException.class, e -> {
                    assertThat(e.offset()).isEqualTo(60);
                    assertThat(e.expected()).isEqualTo(112);
                    assertThat(e.pduType()).isEqualTo(PduType.P_DATA_TF);
                });
    }

    @Test
    void noAllocationPerPdv() throws Exception {
        int pdus = 2000;
        byte[] onePdv = stream(pdus, 1);
        byte[] eightPdvs = stream(pdus, 8);
        byte[] buf = new byte[4096];
        for (int warm = 0; warm < 3; warm++) {
            drain(onePdv, buf);
            drain(eightPdvs, buf);
        }
        long one = Allocations.of(() -> drain(onePdv, buf));
        long eight = Allocations.of(() -> drain(eightPdvs, buf));
        // 14,000 more PDVs: even 8 bytes each would be 112 KB
        assertThat(eight - one).isLessThan(16 << 10);
    }

    /** A P-DATA-TF stream of {@code pdus} PDUs of {@code pdvs} PDVs of 100 bytes each. */
    private static byte[] stream(int pdus, int pdvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] pdu = new byte[6 + pdvs * 106];
        PduEncoder.writePDataTfHeader(pdu, 0, pdvs * 106L);
        for (int i = 0; i < pdvs; i++) {
            PduEncoder.writePdvHeader(pdu, 6 + i * 106, 100, 1, false, i == pdvs - 1);
        }
        for (int i = 0; i < pdus; i++) {
            out.writeBytes(pdu);
        }
        return out.toByteArray();
    }

    private static void drain(byte[] stream, byte[] buf) throws IOException {
        PduReader reader = new PduReader(new ByteArrayInputStream(stream), 0);
        while (reader.readHeader() != null) {
            while (reader.nextPdv()) {
                while (reader.readPdv(buf, 0, buf.length) > 0) {
                    // only the reading counts
                }
            }
        }
    }

    private static byte[] readAll(PduReader reader, int step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        int n;
        while ((n = reader.readPdv(buf, 0, step)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A stream that delivers at most {@code chunk} bytes a read. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
