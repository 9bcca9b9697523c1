package dev.ferry.dicom.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.dicom.io.DicomReader;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of {@link DicomReader} with its default limits (64 MiB values, depth 64):
 * truncated objects, lengths past the end, absurd lengths, wrong VRs, nested empty sequences and
 * garbage, in every encoding (see {@link FuzzInput}), must come to a header or a
 * {@link dev.ferry.dicom.io.DicomParseException}, within an allocation budget ({@link ReadCheck}).
 *
 * <p>{@code mvn test} runs the inputs in {@code src/test/resources/dev/ferry/dicom/io/fuzz/
 * DicomReaderFuzzTestInputs/readsAnyInputWithDefaultLimits/}: seeds, findings and the minimised
 * corpus. To fuzz: {@code JAZZER_FUZZ=1 mvn -pl migration-dicom test -Dtest=DicomReaderFuzzTest
 * -Djazzer.instrument='dev.ferry.**'}; Jazzer writes a finding into that folder, where it stays as a
 * regression input. Jazzer fuzzes one {@code @FuzzTest} per JVM, hence one per class here; the
 * interop profile fuzzes each for its {@code maxDuration}.
 */
class DicomReaderFuzzTest {
    private static final DicomReader READER = DicomReader.standard();

    @FuzzTest(maxDuration = "60s")
    void readsAnyInputWithDefaultLimits(byte[] data) throws IOException {
        ReadCheck.check(READER, data);
    }
}
