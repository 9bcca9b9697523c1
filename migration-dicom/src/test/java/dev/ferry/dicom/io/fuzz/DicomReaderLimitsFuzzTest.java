package dev.ferry.dicom.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferry.dicom.io.DicomReader;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of {@link DicomReader} with small limits, so that the fuzzer reaches
 * each of them: values of at most 1 MiB, the header stopping at a top-level value over 1 KiB, and
 * sequences nested at most 8 deep. The outcome is checked as in {@link DicomReaderFuzzTest}.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/ferry/dicom/io/fuzz/
 * DicomReaderLimitsFuzzTestInputs/readsAnyInputWithSmallLimits/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl migration-dicom test -Dtest=DicomReaderLimitsFuzzTest
 * -Djazzer.instrument='dev.ferry.**'}.
 */
class DicomReaderLimitsFuzzTest {
    private static final DicomReader READER = DicomReader.builder()
            .maxValueLength(1 << 20)
            .bulkThreshold(1 << 10)
            .maxDepth(8)
            .build();

    @FuzzTest(maxDuration = "60s")
    void readsAnyInputWithSmallLimits(byte[] data) throws IOException {
        ReadCheck.check(READER, data);
    }
}
