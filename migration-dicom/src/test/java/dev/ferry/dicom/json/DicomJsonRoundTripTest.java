package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real file beside the codec's tests: its header written as JSON and read back holds the same
 * values ({@link SameValues}); so does what {@code ferry dump --json} prints, read back with the
 * elements left in the file omitted.
 */
class DicomJsonRoundTripTest {
    /** Files whose header Ferry's reader may refuse; the tests of dev.ferry.dicom.io check how. */
    static final Map<String, String> UNREADABLE = Map.of(
            "corpus/dcm4che/Tag-0040-A170-VR-CS.dcm", "(0040,A170) with VR CS where the dictionary has SQ",
            "corpus/pydicom/test_files/rtplan_truncated.dcm", "truncated inside a nested item",
            "corpus/pydicom/test_files/dicomdirtests/DICOMDIR-nooffset", "an item length past the end of the file",
            "corpus/pydicom/test_files/no_meta.dcm", "a stray byte before the first element, no File Meta");

    static List<String> files() {
        return TestFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theHeaderReadsBackWithTheSameValues(String name) throws IOException {
        Dataset header = header(name);
        if (header == null) {
            return;
        }
        DicomJson json = DicomJson.standard();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.write(header, out);
        Dataset back = json.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(SameValues.differences(header, back)).as(name).isEmpty();
        assertThat(json.toJson(back)).as("written again").isEqualTo(out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void whatTheDumpPrintsReadsBackAsTheHeader(String name) throws IOException {
        Dataset header = header(name);
        if (header == null) {
            return;
        }
        StringWriter out = new StringWriter();
        try {
            DicomJson.builder().prettyPrint(true).build().writeFile(TestFiles.path(name), Long.MAX_VALUE, out);
        } catch (DicomParseException e) {
            // Pixel Data cut short, or a bogus length where the reader took garbage for bulk data
            // (no_meta.dcm, no_preamble_dicm_in_data: DetectionTest in dev.ferry.dicom.io).
            assertThat(e.getMessage()).as(name).contains("the object ends inside (");
            return;
        }
        Dataset back = DicomJson.builder().bulkDataLoader(BulkDataLoader.OMIT).build().fromJson(out.toString());

        for (int tag : back.tags()) {
            if (Integer.compareUnsigned(tag, Tag.PixelData) > 0) {
                back.remove(tag); // after Pixel Data, so not in the header: compared with dcm2json's in the IT
            }
        }
        assertThat(SameValues.differences(header, back)).as(name).isEmpty();
    }

    /** The header as the standard reader reads it, or {@code null} for a file it refuses on purpose. */
    private static Dataset header(String name) throws IOException {
        try (InputStream in = Files.newInputStream(TestFiles.path(name));
             DicomObject o = DicomReader.standard().read(in, name)) {
            return o.header();
        } catch (DicomParseException e) {
            assertThat(UNREADABLE).as("%s: %s", name, e.getMessage()).containsKey(name);
            return null;
        }
    }

}
