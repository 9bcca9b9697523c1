package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the DICOM JSON Model: what F.2 allows, and errors that name the tag and place, never a value. */
class DicomJsonReaderTest {
    private static Dataset read(String json) throws IOException {
        return DicomJson.standard().fromJson(json);
    }

    @Test
    void readsEveryKindOfValue() throws IOException {
        Dataset ds = read("{"
                + "\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                + "\"Phonetic\":\"やまだ^たろう\"}]},"
                + "\"00280030\":{\"vr\":\"DS\",\"Value\":[0.50,\"+5\"]},"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[12]},"
                + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                + "\"00280106\":{\"vr\":\"SS\",\"Value\":[-2]},"
                + "\"00089459\":{\"vr\":\"FL\",\"Value\":[0.1,\"NaN\"]},"
                + "\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\"]},"
                + "\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"AAEC/w==\"},"
                + "\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"2.25.3\"]}},{}]},"
                + "\"00080050\":{\"vr\":\"SH\"}}");

        assertThat(ds.getString(Tag.ImageType)).isEqualTo("ORIGINAL\\\\AXIAL");
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Yamada^Tarou==やまだ^たろう");
        assertThat(ds.getString(Tag.PixelSpacing)).isEqualTo("0.50\\+5");
        assertThat(ds.getInt(Tag.InstanceNumber, 0)).isEqualTo(12);
        assertThat(ds.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(ds.getInt(Tag.SmallestImagePixelValue, 0)).isEqualTo(-2);
        assertThat(ds.getDoubles(Tag.RecommendedDisplayFrameRateInFloat)).containsExactly((float) 0.1, Double.NaN);
        assertThat(ds.getLongs(Tag.FrameIncrementPointer)).containsExactly(Tag.FrameTime);
        assertThat(ds.getBytes(0x00091001)).containsExactly(0, 1, 2, 0xFF);
        assertThat(ds.getSequence(Tag.ReferencedImageSequence)).hasSize(2);
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .isEqualTo("2.25.3");
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(1).isEmpty()).isTrue();
        assertThat(ds.contains(Tag.AccessionNumber)).isTrue();
        assertThat(ds.getString(Tag.AccessionNumber)).isEmpty();
    }

    @Test
    void keysMayComeInAnyOrderAndTagsInLowercase() throws IOException {
        Dataset ds = read("{\"7fe00010\":{\"InlineBinary\":\"AAA=\",\"vr\":\"OW\"},"
                + "\"00100020\":{\"Value\":[\"ID1\"],\"vr\":\"LO\"}}");

        assertThat(ds.tags()).containsExactly(Tag.PatientID, Tag.PixelData);
        assertThat(ds.vr(Tag.PixelData)).isEqualTo(VR.OW);
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("ID1");
    }

    @Test
    void numbersMayComeAsStrings() throws IOException {
        Dataset ds = read("{\"00280010\":{\"vr\":\"US\",\"Value\":[\"512\"]},"
                + "\"00091002\":{\"vr\":\"UV\",\"Value\":[\"18446744073709551615\"]},"
                + "\"00091003\":{\"vr\":\"SV\",\"Value\":[-9223372036854775808]}}");

        assertThat(ds.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(ds.getLongs(0x00091002)).containsExactly(-1L);
        assertThat(ds.getLongs(0x00091003)).containsExactly(Long.MIN_VALUE);
    }

    @Test
    void specificCharacterSetSetsTheCodecTheTextIsEncodedWith() throws IOException {
        Dataset ds = read("{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 100\"]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Buc^Jérôme\"}]},"
                + "\"00321064\":{\"vr\":\"SQ\",\"Value\":[{"
                + "\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 144\"]},"
                + "\"00080104\":{\"vr\":\"LO\",\"Value\":[\"Люк\"]}}]}}");

        assertThat(ds.getBytes(Tag.PatientName)).isEqualTo("Buc^Jérôme".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ds.getSequence(Tag.RequestedProcedureCodeSequence).get(0).getBytes(Tag.CodeMeaning))
                .containsExactly(0xBB, 0xEE, 0xDA);
        assertThat(DicomWriter.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isNotEmpty();
    }

    @Test
    void aBulkDataUriIsRefusedUnlessALoaderIsGiven() throws IOException {
        String json = "{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00091001\":{\"vr\":\"OB\","
                + "\"BulkDataURI\":\"https://pacs.example/bulk/1\"}}]},"
                + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"file:///x.dcm?offset=10&length=2\"}}";

        assertThatThrownBy(() -> read(json)).isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("(0008,1140)[0].(0009,1001)").hasMessageContaining("BulkDataLoader");

        List<String> asked = new ArrayList<>();
        Dataset ds = DicomJson.builder().bulkDataLoader((path, vr, uri) -> {
            asked.add(path + " " + vr + " " + uri);
            return path.equals(TagPath.of(Tag.PixelData)) ? null : new byte[] {7, 7};
        }).build().fromJson(json);

        assertThat(asked).containsExactly("(0008,1140)[0].(0009,1001) OB https://pacs.example/bulk/1",
                "(7FE0,0010) OW file:///x.dcm?offset=10&length=2");
        assertThat(ds.getSequence(Tag.ReferencedImageSequence).get(0).getBytes(0x00091001)).containsExactly(7, 7);
        assertThat(ds.contains(Tag.PixelData)).isFalse();
        Dataset omitted = DicomJson.builder().bulkDataLoader(BulkDataLoader.OMIT).build().fromJson(json);
        assertThat(omitted.contains(Tag.PixelData)).isFalse();
    }

    @Test
    void readsFromAStreamWithoutClosingIt() throws IOException {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}}"
                .getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThat(DicomJson.standard().read(in).getString(Tag.PatientID)).isEqualTo("A");
        assertThat(closed[0]).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not an object | [1] | must start with",
        "a key that is no tag | {\"PatientName\":{\"vr\":\"PN\"}} | is not a tag of 8 hex digits",
        "no vr | {\"00100010\":{\"Value\":[\"Doe\"]}} | (0010,0010): has no \"vr\"",
        "an unknown vr | {\"00100010\":{\"vr\":\"XX\"}} | (0010,0010): \"vr\" is not a DICOM VR",
        "Value and InlineBinary | {\"00091001\":{\"vr\":\"OB\",\"Value\":[1],\"InlineBinary\":\"AA==\"}}"
                + " | more than one of Value",
        "US out of range | {\"00280010\":{\"vr\":\"US\",\"Value\":[65536]}}"
                + " | (0028,0010): US value 1 is not a valid US value",
        "a fraction for an integer | {\"00280010\":{\"vr\":\"US\",\"Value\":[1.5]}}"
                + " | US value 1 is not a valid US value",
        "an empty binary number | {\"00280010\":{\"vr\":\"US\",\"Value\":[1,null]}} | US value 2 is empty",
        "a Java-only float | {\"00089459\":{\"vr\":\"FL\",\"Value\":[\"1f\"]}} | FL value 1 is not a valid FL value",
        "an AT that is no tag | {\"00280009\":{\"vr\":\"AT\",\"Value\":[\"0018106\"]}}"
                + " | AT value 1 is not a valid AT value",
        "a number for a name | {\"00100010\":{\"vr\":\"PN\",\"Value\":[5]}} | PN value 1 has the wrong JSON type",
        "an unknown name group | {\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Nickname\":\"Doe\"}]}}"
                + " | has a key that is no component group",
        "two values for LT | {\"00104000\":{\"vr\":\"LT\",\"Value\":[\"a\",\"b\"]}} | LT holds one value, found 2",
        "Value for OB | {\"00091001\":{\"vr\":\"OB\",\"Value\":[1]}} | OB takes InlineBinary or BulkDataURI",
        "bad base64 | {\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"*\"}} | InlineBinary is not base64",
        "an item that is no object | {\"00081140\":{\"vr\":\"SQ\",\"Value\":[1]}}"
                + " | (0008,1140): item 1 is not a JSON object",
        "a bad key in an item | {\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"x\":1}]}}"
                + " | a key in (0008,1140)[0] is not a tag",
        "a tag twice | {\"00100020\":{\"vr\":\"LO\"},\"00100020\":{\"vr\":\"LO\"}} | (0010,0020): appears twice",
        "a key twice in an attribute | {\"00100020\":{\"vr\":\"LO\",\"vr\":\"SH\"}} | the same key twice",
        "more after the object | {}{} | more JSON after",
        "malformed JSON | {\"00100010\":{\"vr\":\"PN\",\"Value\":[Doe]}} | not well-formed JSON at line 1, column",
    })
    void refusesWhatIsNoDicomJsonNamingTheTagAndPlace(String what, String json, String message) {
        assertThatThrownBy(() -> read(json)).as(what)
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Doe").doesNotContain("Nickname"));
    }

    @Test
    void aStringLongerThanTheLimitIsRefusedBeforeItIsHeld() {
        String json = "{\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"" + "A".repeat(4000) + "\"}}";

        assertThatThrownBy(() -> DicomJson.builder().maxValueLength(1000).build().fromJson(json))
                .isInstanceOf(DicomJsonException.class).hasMessageContaining("exceeds a reading limit");
    }
}
