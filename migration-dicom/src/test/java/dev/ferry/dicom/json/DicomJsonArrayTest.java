package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DicomJson#readArray}: a QIDO-RS answer, each object handed over as it is read. */
class DicomJsonArrayTest {
    private static long read(String json, List<Dataset> out) throws IOException {
        return DicomJson.standard().readArray(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out::add);
    }

    @Test
    void readsEachObjectOfTheArray() throws IOException {
        List<Dataset> out = new ArrayList<>();
        assertThat(read("[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}},"
                + "{\"00080061\":{\"vr\":\"CS\",\"Value\":[\"CT\",\"SR\"]}}]", out)).isEqualTo(2);
        assertThat(out.get(0).getString(Tag.StudyInstanceUID)).isEqualTo("1.2.3");
        assertThat(out.get(1).getStrings(Tag.ModalitiesInStudy)).containsExactly("CT", "SR");
        assertThat(read("[]", out)).isZero();
    }

    @Test
    void refusesWhatIsNotAnArrayOfObjects() {
        List<Dataset> out = new ArrayList<>();
        assertThatThrownBy(() -> read("{}", out)).isInstanceOf(DicomJsonException.class);
        assertThatThrownBy(() -> read("[{}, 3]", out)).isInstanceOf(DicomJsonException.class);
        assertThatThrownBy(() -> read("[{}] []", out)).isInstanceOf(DicomJsonException.class);
        assertThatThrownBy(() -> read("[{\"0020000D\":{\"vr\":\"UI\"}", out)).isInstanceOf(DicomJsonException.class);
    }

    @Test
    void anExceptionFromTheConsumerStopsTheReading() {
        IllegalStateException boom = new IllegalStateException("stop");
        assertThatThrownBy(() -> DicomJson.standard().readArray(new ByteArrayInputStream("[{},{}]".getBytes(
                StandardCharsets.UTF_8)), ds -> {
                    throw boom;
                })).isSameAs(boom);
    }
}
