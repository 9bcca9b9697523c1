package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InstanceDescriptorTest {

    private static Dataset header() {
        return new Dataset()
                .setBytes(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2\0".getBytes(StandardCharsets.US_ASCII))
                .setBytes(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5\0".getBytes(StandardCharsets.US_ASCII))
                .setString(Tag.StudyInstanceUID, VR.UI, "1.2.3")
                .setString(Tag.SeriesInstanceUID, VR.UI, " 1.2.3.4 ")
                .setString(Tag.PatientID, VR.LO, "MRN-987654");
    }

    @Test
    void ofReadsTheUidsWithoutPadding() {
        InstanceDescriptor d = InstanceDescriptor.of(header(), 1234);
        assertThat(d).isEqualTo(new InstanceDescriptor("1.2.3", "1.2.3.4", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", 1234));
        assertThat(d.ref()).isEqualTo(ItemRef.instance("1.2.3", "1.2.3.4", "1.2.3.4.5"));
    }

    @ParameterizedTest
    @ValueSource(ints = {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID, Tag.SOPClassUID})
    void ofNamesTheMissingTag(int missing) {
        Dataset h = header();
        h.remove(missing);
        assertThatThrownBy(() -> InstanceDescriptor.of(h, 1))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.tag()).isEqualTo(missing);
                    assertThat(e.getMessage()).contains(Tags.describe(missing));
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {Tag.StudyInstanceUID, Tag.SOPInstanceUID})
    void ofTreatsAnEmptyUidAsMissing(int empty) {
        Dataset h = header();
        h.setBytes(empty, VR.UI, new byte[] {0});
        assertThatThrownBy(() -> InstanceDescriptor.of(h, 1))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.tag()).isEqualTo(empty));
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new InstanceDescriptor("1.2", "1.2.3", " ", "1.2.840", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
        assertThatThrownBy(() -> new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2.3.4");
        assertThatThrownBy(() -> new InstanceDescriptor(null, "1.2.3", "1.2.3.4", "1.2.840", 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("studyInstanceUid");
        assertThatThrownBy(() -> new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sopClassUid");
        assertThat(new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", StudyDescriptor.UNKNOWN).sizeBytes())
                .isEqualTo(-1);
    }
}
