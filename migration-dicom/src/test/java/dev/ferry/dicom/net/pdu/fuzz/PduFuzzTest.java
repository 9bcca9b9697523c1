package dev.ferry.dicom.net.pdu.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.dicom.net.pdu.PDataTf;
import dev.ferry.dicom.net.pdu.Pdu;
import dev.ferry.dicom.net.pdu.PduEncoder;
import dev.ferry.dicom.net.pdu.PduException;
import dev.ferry.dicom.net.pdu.PduHeader;
import dev.ferry.dicom.net.pdu.PduReader;
import dev.ferry.dicom.net.pdu.PduType;
import dev.ferry.dicom.net.pdu.Pdv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Coverage-guided fuzzing of {@link PduReader} and {@link PduEncoder}. The input is a stream of
 * PDUs, read to its end twice: whole with {@link PduReader#read()}, and through the streaming path
 * ({@link PduReader#readHeader()}, {@link PduReader#nextPdv()}, {@link PduReader#readPdv}) from a
 * stream that delivers a few bytes a read. Both must come to the same PDUs and end the same way: at
 * the end of the stream, or with the same {@link PduException}, never another exception; within an
 * allocation budget (a length field is not a reason to allocate). Each PDU read must encode, decode
 * to an equal PDU, and encode again to the same bytes.
 *
 * <p>{@code mvn test} runs the inputs in {@code src/test/resources/dev/ferry/dicom/net/pdu/fuzz/
 * PduFuzzTestInputs/decodesAndReencodes/}: the pynetdicom PDUs as seeds, and findings. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl migration-dicom test -Dtest=PduFuzzTest -Djazzer.instrument='dev.ferry.**'};
 * the interop profile fuzzes it for its {@code maxDuration}.
 */
class PduFuzzTest {
    /** What any read may allocate whatever its input: the reader's 16 KiB buffer, a first chunk of 64 KiB, exceptions. */
    private static final long ALLOWANCE = 256 << 10;
    /** Allocation per input byte: a 4-byte unknown sub-item becomes a record, an array and a list slot. */
    private static final long PER_BYTE = 1024;
    /** The same while Jazzer fuzzes, whose hooks allocate in the reading thread too. */
    private static final long PER_BYTE_FUZZING = 8192;

    private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @FuzzTest(maxDuration = "60s")
    void decodesAndReencodes(byte[] data) throws IOException {
        long budget = ALLOWANCE + (FUZZING ? PER_BYTE_FUZZING : PER_BYTE) * data.length;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Outcome whole = readWhole(data);
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (used > budget) {
            before = THREADS.getCurrentThreadAllocatedBytes();
            readWhole(data); // once more, so that first-use initialisation does not count
            used = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (used > budget) {
                throw new AssertionError("reading " + data.length + " bytes allocated " + used + ", more than " + budget);
            }
        }

        Outcome streamed = readStreamed(data, 1 + data.length % 7, 1 + data.length % 13);
        if (!whole.pdus.equals(streamed.pdus)) {
            throw new AssertionError("the streaming path read other PDUs: " + whole.pdus + " / " + streamed.pdus);
        }
        if (!sameFailure(whole.failure, streamed.failure)) {
            throw new AssertionError("the streaming path ended otherwise: " + whole.failure + " / " + streamed.failure);
        }
        if (whole.failure != null && (whole.failure.offset() < 0 || whole.failure.offset() > data.length)) {
            throw new AssertionError("failure at offset " + whole.failure.offset() + " of " + data.length + " bytes",
                    whole.failure);
        }

        for (Pdu pdu : whole.pdus) {
            byte[] encoded = PduEncoder.encode(pdu);
            Pdu again;
            try {
                again = PduReader.decode(encoded);
            } catch (PduException e) {
                throw new AssertionError("the encoding of " + pdu + " does not decode", e);
            }
            if (!pdu.equals(again)) {
                throw new AssertionError("decoded " + again + " from the encoding of " + pdu);
            }
            if (!Arrays.equals(encoded, PduEncoder.encode(again))) {
                throw new AssertionError("the encoding of " + pdu + " changed on a second round trip");
            }
        }
    }

    /** The PDUs read, and the failure that ended the reading if it did not end with the stream. */
    private record Outcome(List<Pdu> pdus, PduException failure) {
    }

    private static Outcome readWhole(byte[] data) throws IOException {
        PduReader reader = new PduReader(new ByteArrayInputStream(data), 0);
        List<Pdu> pdus = new ArrayList<>();
        try {
            for (Pdu pdu = reader.read(); pdu != null; pdu = reader.read()) {
                pdus.add(pdu);
            }
            return new Outcome(pdus, null);
        } catch (PduException e) {
            return new Outcome(pdus, e);
        }
    }

    private static Outcome readStreamed(byte[] data, int chunk, int step) throws IOException {
        InputStream in = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        PduReader reader = new PduReader(in, 0);
        List<Pdu> pdus = new ArrayList<>();
        byte[] buf = new byte[step];
        try {
            for (PduHeader header = reader.readHeader(); header != null; header = reader.readHeader()) {
                if (header.type() != PduType.P_DATA_TF) {
                    pdus.add(reader.readBody());
                    continue;
                }
                List<Pdv> pdvs = new ArrayList<>();
                while (reader.nextPdv()) {
                    ByteArrayOutputStream fragment = new ByteArrayOutputStream();
                    int n;
                    while ((n = reader.readPdv(buf, 0, buf.length)) >= 0) {
                        fragment.write(buf, 0, n);
                    }
                    pdvs.add(new Pdv(reader.pdvContextId(), reader.pdvCommand(), reader.pdvLast(), fragment.toByteArray()));
                }
                pdus.add(new PDataTf(pdvs));
            }
            return new Outcome(pdus, null);
        } catch (PduException e) {
            return new Outcome(pdus, e);
        }
    }

    private static boolean sameFailure(PduException a, PduException b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getClass() == b.getClass() && a.abortReason() == b.abortReason() && a.offset() == b.offset()
                && a.pduType() == b.pduType() && Objects.equals(a.getMessage(), b.getMessage());
    }
}
