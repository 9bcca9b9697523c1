package dev.ferry.bench.codec;

import dev.ferry.api.Dataset;
import dev.ferry.bench.CountingSink;
import dev.ferry.bench.CtHeaders;
import dev.ferry.api.PrivateTag;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's hot path for one typical CT instance (a header of about 150 elements, 512x512x16-bit
 * pixel data): parse the header and stop at Pixel Data; change five attributes (identity,
 * accession, institution, a private element) and re-encode the header; pass the pixel data through.
 * The target (codec issue): at least 100,000 instances/s per core for the header work, under 16 KiB
 * allocated per instance.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar CodecBenchmark -prof gc -rf json -rff codec.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    private static final PrivateTag DOSE = new PrivateTag("FERRY_BENCH_DOSE", 0x0019, 0x10);

    @Param({"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"})
    public String transferSyntax;

    private byte[] file;
    private TransferSyntax ts;
    private final DicomReader reader = DicomReader.standard();

    @Setup
    public void setUp() throws IOException {
        ts = TransferSyntax.of(transferSyntax);
        Dataset header = typicalCtHeader();
        ByteArrayOutputStream out = new ByteArrayOutputStream(600_000);
        DicomWriter.writeFile(out, null, DicomWriter.fileMeta(header, ts, "BENCH"), header,
                java.io.InputStream.nullInputStream(), ts, dev.ferry.api.ItemRef.NONE);
        byte[] pixels = new byte[512 * 512 * 2];
        new Random(7).nextBytes(pixels);
        // Pixel Data (7FE0,0010) OW: explicit VR has a 12-byte header, implicit an 8-byte one.
        if (ts.isExplicitVr()) {
            out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
        } else {
            out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
        }
        int n = pixels.length;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(pixels);
        file = out.toByteArray();
    }

    /** Parse the header, stop at Pixel Data. */
    @Benchmark
    public Dataset parseHeader() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            return o.header();
        }
    }

    /** Parse, change five attributes, re-encode the header, stream the pixel data through. */
    @Benchmark
    public long parseCoerceWrite() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            Dataset h = o.header();
            h.setString(Tag.PatientID, VR.LO, "MRN0012345");
            h.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP_A");
            h.setString(Tag.AccessionNumber, VR.SH, "ACC-2020-000123");
            h.setString(Tag.InstitutionName, VR.LO, "GENERAL HOSPITAL");
            h.setDoubles(h.reserve(DOSE), VR.FD, 12.5);
            CountingSink sink = new CountingSink();
            DicomWriter.writeDataset(h, ts, sink);
            o.remainder().transferTo(sink);
            return sink.count();
        }
    }

    /**
     * As {@link #parseCoerceWrite}, but the object is copied into memory (a preallocated array, as a
     * socket or file buffer would take it): the pixel pass-through then costs one copy of 512 KiB,
     * bounded by memory bandwidth.
     */
    @Benchmark
    public long parseCoerceWriteCopyingPixels() throws IOException {
        try (DicomObject o = reader.read(new ByteArrayInputStream(file), "bench")) {
            Dataset h = o.header();
            h.setString(Tag.PatientID, VR.LO, "MRN0012345");
            h.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP_A");
            h.setString(Tag.AccessionNumber, VR.SH, "ACC-2020-000123");
            h.setString(Tag.InstitutionName, VR.LO, "GENERAL HOSPITAL");
            h.setDoubles(h.reserve(DOSE), VR.FD, 12.5);
            copy.reset();
            DicomWriter.writeDataset(h, ts, copy);
            o.remainder().transferTo(copy);
            return copy.count;
        }
    }

    private final ArraySink copy = new ArraySink(1 << 20);

    /** An output into a preallocated array, reused between operations. */
    static final class ArraySink extends OutputStream {
        private final byte[] target;
        int count;

        ArraySink(int capacity) {
            target = new byte[capacity];
        }

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            target[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, target, count, len);
            count += len;
        }
    }

    /** About 150 elements as a CT scanner writes them, with two sequences and a private block. */
    static Dataset typicalCtHeader() {
        Dataset h = CtHeaders.withUids();
        h.setString(Tag.StudyDate, VR.DA, "20200131");
        h.setString(Tag.StudyTime, VR.TM, "101530.123");
        h.setString(Tag.Modality, VR.CS, "CT");
        h.setString(Tag.Manufacturer, VR.LO, "ACME MEDICAL");
        h.setString(Tag.PatientName, VR.PN, "DOE^JANE^Q");
        h.setString(Tag.PatientID, VR.LO, "0012345");
        h.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        h.setString(Tag.PatientSex, VR.CS, "F");
        h.setString(Tag.AccessionNumber, VR.SH, "A123");
        h.setString(Tag.InstitutionName, VR.LO, "General Hospital");
        CtHeaders.addImageAndAcquisition(h);
        h.setDoubles(Tag.CTDIvol, VR.FD, 11.8);
        Dataset code = h.newSequence(Tag.ProcedureCodeSequence).addItem();
        code.setString(Tag.CodeValue, VR.SH, "CTHEAD");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99LOCAL");
        code.setString(Tag.CodeMeaning, VR.LO, "CT HEAD WITHOUT CONTRAST");
        // Filler to about 150 elements, with the shared descriptors: two more, and a private block.
        h.setString(Tag.StationName, VR.LO, "VALUE " + Integer.toHexString(Tag.StationName));
        h.setString(Tag.AdmittingDiagnosesDescription, VR.LO, "VALUE "
                + Integer.toHexString(Tag.AdmittingDiagnosesDescription));
        for (int e = 0; e < 60; e++) {
            h.setString(h.reserve(new PrivateTag("ACME_CT_PRIVATE", 0x0043, e)), VR.LO, "private " + e);
        }
        return h;
    }
}
