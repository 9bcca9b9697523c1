package dev.ferry.dicom.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tags;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Coverage-guided round trip of {@link DicomReader} and {@link DicomWriter}: whatever the reader
 * reads without a warning, the writer encodes again in the same transfer syntax (header with
 * {@link DicomWriter#writeDataset}, then the remainder as it was), and reading that gives an equal
 * header, the same transfer syntax and the same remainder. Inputs are built as for
 * {@link DicomReaderFuzzTest} (see {@link FuzzInput}); what does not read cleanly is that test's
 * business, not this one's.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/ferry/dicom/io/fuzz/
 * DicomRoundTripFuzzTestInputs/reencodesWhatReadsCleanly/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl migration-dicom test -Dtest=DicomRoundTripFuzzTest
 * -Djazzer.instrument='dev.ferry.**'}.
 */
class DicomRoundTripFuzzTest {
    private static final DicomReader READER = DicomReader.builder().maxValueLength(1 << 20).build();

    @FuzzTest(maxDuration = "60s")
    void reencodesWhatReadsCleanly(byte[] data) throws IOException {
        FuzzInput input = FuzzInput.of(data);
        Dataset header;
        TransferSyntax ts;
        byte[] remainder;
        try (DicomObject first = READER.read(input.stream(), "fuzz")) {
            if (!first.warnings().isEmpty()) {
                return;
            }
            header = first.header();
            ts = first.transferSyntax();
            remainder = first.remainder().readAllBytes();
        } catch (IOException | RuntimeException e) {
            return; // not a clean read: DicomReaderFuzzTest judges how the reader failed
        }

        byte[] encoded = FuzzInput.part10(ts, encode(header, ts, remainder));
        try (DicomObject second = READER.read(new ByteArrayInputStream(encoded), "re-encoded")) {
            if (!second.transferSyntax().uid().equals(ts.uid())) {
                throw new AssertionError("read back as " + second.transferSyntax().uid() + ", written as " + ts.uid());
            }
            String difference = firstDifference(header, second.header(), "");
            if (difference != null) {
                throw new AssertionError("the header read back differs from the one written in " + ts.uid() + " at "
                        + difference);
            }
            if (!Arrays.equals(remainder, second.remainder().readAllBytes())) {
                throw new AssertionError("the remainder read back differs from the one written in " + ts.uid());
            }
        }
    }

    /** The data set in {@code ts} with the remainder after it; deflated together if {@code ts} is. */
    private static byte[] encode(Dataset header, TransferSyntax ts, byte[] remainder) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (ts.isDeflated() && remainder.length == 0) {
            DicomWriter.writeDataset(header, ts, out);
            return out.toByteArray();
        }
        DicomWriter.writeDataset(header, ts.isDeflated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : ts, out);
        out.write(remainder);
        return ts.isDeflated() ? FuzzInput.deflate(out.toByteArray()) : out.toByteArray();
    }

    /** Where two data sets first differ, as a tag path with what differs there; {@code null} if equal. */
    private static String firstDifference(Dataset a, Dataset b, String path) {
        if (a.equals(b)) {
            return null;
        }
        int[] ta = a.tags();
        int[] tb = b.tags();
        for (int i = 0; i < Math.min(ta.length, tb.length); i++) {
            String at = path + Tags.format(ta[i]);
            if (ta[i] != tb[i]) {
                return at + ": tag " + Tags.format(ta[i]) + " written, " + Tags.format(tb[i]) + " read";
            }
            if (a.vr(ta[i]) != b.vr(tb[i])) {
                return at + ": VR " + a.vr(ta[i]) + " written, " + b.vr(tb[i]) + " read";
            }
            Dataset.Sequence sa = a.getSequence(ta[i]);
            Dataset.Sequence sb = b.getSequence(tb[i]);
            if (sa != null && sb != null) {
                if (sa.size() != sb.size()) {
                    return at + ": " + sa.size() + " items written, " + sb.size() + " read";
                }
                for (int k = 0; k < sa.size(); k++) {
                    String inner = firstDifference(sa.get(k), sb.get(k), at + "[" + k + "].");
                    if (inner != null) {
                        return inner;
                    }
                }
            } else if (!sameValue(a, b, ta[i])) {
                return at + ": the value";
            }
        }
        return path + ": " + ta.length + " elements written, " + tb.length + " read";
    }

    private static boolean sameValue(Dataset a, Dataset b, int tag) {
        Dataset.Fragments fa = a.getFragments(tag);
        Dataset.Fragments fb = b.getFragments(tag);
        if (fa != null || fb != null) {
            return fa != null && fa.equals(fb);
        }
        if (a.vr(tag).isText()) {
            return a.getString(tag).equals(b.getString(tag));
        }
        return Arrays.equals(a.getBytes(tag), b.getBytes(tag));
    }
}
