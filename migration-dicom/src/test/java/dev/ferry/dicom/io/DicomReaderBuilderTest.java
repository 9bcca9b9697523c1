package dev.ferry.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The reader's options: validated where they are set, and the documented defaults. */
class DicomReaderBuilderTest {

    @Test
    void invalidOptionsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> DicomReader.builder().bulkThreshold(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulkThreshold");
        assertThatThrownBy(() -> DicomReader.builder().maxValueLength(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueLength");
        assertThatThrownBy(() -> DicomReader.builder().maxDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    }

    @Test
    void defaultBulkThresholdIsOneMebibyte() throws IOException {
        byte[] atThreshold = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR")
                .element(Tag.EncapsulatedDocument, "OB", new byte[1 << 20]).toByteArray();
        byte[] above = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR")
                .element(Tag.EncapsulatedDocument, "OB", new byte[(1 << 20) + 2]).toByteArray();

        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(atThreshold), "at")) {
            assertThat(o.stoppedAtBulk()).isFalse();
            assertThat(o.header().getBytes(Tag.EncapsulatedDocument)).hasSize(1 << 20);
        }
        try (DicomObject o = DicomReader.standard().read(new ByteArrayInputStream(above), "above")) {
            assertThat(o.stoppedAtBulk()).isTrue();
            assertThat(o.header().tags()).containsExactly(Tag.Modality);
        }
    }

    @Test
    void defaultValueLimitIsSixtyFourMebibytesInsideSequences() {
        byte[] b = RawDicom.explicitLittle()
                .header(Tag.ReferencedSeriesSequence, "SQ", RawDicom.UNDEFINED).item(RawDicom.UNDEFINED)
                .header(Tag.EncapsulatedDocument, "OB", (64L << 20) + 2)
                .toByteArray();

        assertThat(CorruptInputTest.parseError(b, DicomReader.standard(), "limit").getMessage())
                .contains("exceeds the limit of 67108864 bytes");
    }

    @Test
    void aReaderIsReusableAcrossReads() throws IOException {
        DicomReader reader = DicomReader.builder().maxDepth(2).build();
        byte[] ok = RawDicom.explicitLittle().text(Tag.Modality, "CS", "MR").toByteArray();

        for (int i = 0; i < 3; i++) {
            try (DicomObject o = reader.read(new ByteArrayInputStream(ok), "again " + i)) {
                assertThat(o.header().getString(Tag.Modality)).isEqualTo("MR");
            }
            assertThat(CorruptInputTest.parseError(CorruptInputTest.nestedEmptySequences(3), reader, "deep").getMessage())
                    .contains("deeper than 2 levels");
        }
    }
}
