package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DicomInstanceTest {
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final InstanceDescriptor DESCRIPTOR =
            new InstanceDescriptor("1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", 100);

    private static DicomInstance instance(InputStream remainder, long length) {
        Dataset header = new Dataset().setString(Tag.PatientName, VR.PN, "DOE^JANE")
                .setString(Tag.PatientID, VR.LO, "MRN-987654");
        return new DicomInstance(DESCRIPTOR, header, EXPLICIT_LE, remainder, length);
    }

    @Test
    void remainderCanBeTakenOnlyOnce() throws IOException {
        InputStream stream = new ByteArrayInputStream(new byte[] {1, 2, 3});
        DicomInstance i = instance(stream, 3);
        assertThat(i.remainder()).isSameAs(stream);
        assertThatThrownBy(i::remainder)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1.2.3.4.5");
        assertThatThrownBy(() -> i.transferRemainderTo(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void transferRemainderToCopiesAndCountsAndTakesTheRemainder() throws IOException {
        byte[] pixels = new byte[70_000];
        pixels[69_999] = 42;
        DicomInstance i = instance(new ByteArrayInputStream(pixels), pixels.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(i.transferRemainderTo(out)).isEqualTo(70_000);
        assertThat(out.toByteArray()).isEqualTo(pixels);
        assertThatThrownBy(i::remainder).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeClosesTheRemainder() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream stream = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (DicomInstance i = instance(stream, 0)) {
            assertThat(i.remainderLength()).isZero();
        }
        assertThat(closed).isTrue();
    }

    @Test
    void accessorsAndValidation() {
        DicomInstance i = instance(InputStream.nullInputStream(), StudyDescriptor.UNKNOWN);
        assertThat(i.descriptor()).isSameAs(DESCRIPTOR);
        assertThat(i.transferSyntaxUid()).isEqualTo(EXPLICIT_LE);
        assertThat(i.remainderLength()).isEqualTo(StudyDescriptor.UNKNOWN);
        assertThat(i.header().getString(Tag.PatientID)).isEqualTo("MRN-987654");

        assertThatThrownBy(() -> instance(InputStream.nullInputStream(), -2))
                .isInstanceOf(IllegalArgumentException.class);
        Dataset h = new Dataset();
        InputStream in = InputStream.nullInputStream();
        assertThatThrownBy(() -> new DicomInstance(null, h, EXPLICIT_LE, in, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DicomInstance(DESCRIPTOR, null, EXPLICIT_LE, in, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DicomInstance(DESCRIPTOR, h, null, in, 0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DicomInstance(DESCRIPTOR, h, EXPLICIT_LE, null, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringShowsUidsButNoHeaderValue() {
        String text = instance(InputStream.nullInputStream(), 3).toString();
        assertThat(text).contains("1.2.3.4.5").contains(EXPLICIT_LE).contains("3 bytes")
                .doesNotContain("DOE^JANE").doesNotContain("MRN-987654");
    }
}
