package dev.ferry.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writing the DICOM JSON Model, PS3.18 section F.2, one rule at a time. */
class DicomJsonWriterTest {
    private static final int PRIVATE_CREATOR = 0x00090010;
    private static final int PRIVATE_OB = 0x00091001;

    private static String json(Dataset ds) {
        return DicomJson.standard().toJson(ds);
    }

    @Test
    void attributesAreKeyedByTagInUppercaseHexWithTheirVr() {
        Dataset ds = new Dataset()
                .setString(Tag.SOPInstanceUID, VR.UI, "2.25.1")
                .setString(Tag.StudyInstanceUID, VR.UI, "2.25.2")
                .setString(PRIVATE_CREATOR, VR.LO, "ACME");

        assertThat(json(ds)).isEqualTo("{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"2.25.1\"]},"
                + "\"00090010\":{\"vr\":\"LO\",\"Value\":[\"ACME\"]},"
                + "\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"2.25.2\"]}}");
    }

    @Test
    void textLosesItsInsignificantPaddingAndAnEmptyValueIsNull() {
        Dataset ds = new Dataset()
                .setString(Tag.ImageType, VR.CS, " ORIGINAL \\PRIMARY\\\\AXIAL ")
                .setString(Tag.StudyDescription, VR.LO, "  Head ")
                .setString(Tag.InstitutionAddress, VR.ST, "  1 Main St\\Springfield  ")
                .setString(Tag.ReferringPhysicianTelephoneNumbers, VR.SH, "\\");

        assertThat(json(ds))
                .contains("\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",\"PRIMARY\",null,\"AXIAL\"]}")
                .contains("\"00081030\":{\"vr\":\"LO\",\"Value\":[\"Head\"]}")
                .contains("\"00080081\":{\"vr\":\"ST\",\"Value\":[\"  1 Main St\\\\Springfield\"]}")
                .contains("\"00080094\":{\"vr\":\"SH\",\"Value\":[null,null]}");
    }

    @Test
    void anElementWithoutAValueHasOnlyItsVr() {
        Dataset ds = new Dataset()
                .setEmpty(Tag.AccessionNumber, VR.SH)
                .setString(Tag.StudyID, VR.SH, "   ")
                .setEmpty(Tag.Rows, VR.US)
                .setEmpty(PRIVATE_OB, VR.OB)
                .setEmpty(Tag.ReferencedImageSequence, VR.SQ);

        assertThat(json(ds)).isEqualTo("{\"00080050\":{\"vr\":\"SH\"},\"00081140\":{\"vr\":\"SQ\"},"
                + "\"00091001\":{\"vr\":\"OB\"},\"00200010\":{\"vr\":\"SH\"},\"00280010\":{\"vr\":\"US\"}}");
    }

    @Test
    void personNamesAreObjectsOfTheirGroupsThatHaveAComponent() {
        Dataset ds = new Dataset()
                .setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう")
                .setString(Tag.OtherPatientNames, VR.PN, "Doe^John^^Dr=\\\\=Ideo^Only\\^^^^")
                .setString(Tag.ReferringPhysicianName, VR.PN, "^^^^")
                .setString(Tag.PerformingPhysicianName, VR.PN, "Wang^XiaoDong=王^小東=");

        assertThat(json(ds))
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                        + "\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}]}")
                .contains("\"00101001\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^John^^Dr\"},null,"
                        + "{\"Ideographic\":\"Ideo^Only\"},null]}")
                .contains("\"00080090\":{\"vr\":\"PN\"}")
                .contains("\"00081050\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^XiaoDong\","
                        + "\"Ideographic\":\"王^小東\"}]}");
    }

    @Test
    void decimalAndIntegerStringsAreNumbersWithTheirOwnDigitsOrStringsWhenNoJsonNumber() {
        Dataset ds = new Dataset()
                .setString(Tag.PixelSpacing, VR.DS, " 0.50\\1e-3 ")
                .setString(Tag.SliceThickness, VR.DS, "+5")
                .setString(Tag.SliceLocation, VR.DS, "007\\.5\\-0")
                .setString(Tag.InstanceNumber, VR.IS, " 12 ")
                .setString(Tag.SeriesNumber, VR.IS, "1\\\\3");

        assertThat(json(ds))
                .contains("\"00280030\":{\"vr\":\"DS\",\"Value\":[0.50,1e-3]}")
                .contains("\"00180050\":{\"vr\":\"DS\",\"Value\":[\"+5\"]}")
                .contains("\"00201041\":{\"vr\":\"DS\",\"Value\":[\"007\",\".5\",-0]}")
                .contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[12]}")
                .contains("\"00200011\":{\"vr\":\"IS\",\"Value\":[1,null,3]}");
    }

    @Test
    void binaryNumbersAreJsonNumbersAndTagsAreHex() {
        Dataset ds = new Dataset()
                .setInts(Tag.Rows, VR.US, 65535)
                .setInts(Tag.SmallestImagePixelValue, VR.SS, -32768)
                .setLongs(Tag.SimpleFrameList, VR.UL, 4294967295L)
                .setInts(Tag.ReferencePixelX0, VR.SL, Integer.MIN_VALUE)
                .setDoubles(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 0.1)
                .setDoubles(Tag.PatientWeight + 1, VR.FD, 0.025476696592378157, -0.0)
                .setLongs(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime, 0x7FE00010L);

        assertThat(json(ds))
                .contains("\"00280010\":{\"vr\":\"US\",\"Value\":[65535]}")
                .contains("\"00280106\":{\"vr\":\"SS\",\"Value\":[-32768]}")
                .contains("\"00081161\":{\"vr\":\"UL\",\"Value\":[4294967295]}")
                .contains("\"00186020\":{\"vr\":\"SL\",\"Value\":[-2147483648]}")
                .contains("\"00089459\":{\"vr\":\"FL\",\"Value\":[0.1]}")
                .contains("\"00101031\":{\"vr\":\"FD\",\"Value\":[0.025476696592378157,-0.0]}")
                .contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\",\"7FE00010\"]}");
    }

    @Test
    void verylongsBeyondTwoToThe53AndNonFiniteFloatsAreStrings() {
        Dataset ds = new Dataset()
                .setLongs(0x00091002, VR.SV, 1L << 53, -(1L << 53) - 1, Long.MIN_VALUE)
                .setLongs(0x00091003, VR.UV, 1L << 53, -1L)
                .setDoubles(0x00091004, VR.FL, Double.NaN, Double.NEGATIVE_INFINITY)
                .setDoubles(0x00091005, VR.FD, Double.POSITIVE_INFINITY);

        assertThat(json(ds))
                .contains("\"00091002\":{\"vr\":\"SV\",\"Value\":[9007199254740992,\"-9007199254740993\","
                        + "\"-9223372036854775808\"]}")
                .contains("\"00091003\":{\"vr\":\"UV\",\"Value\":[9007199254740992,\"18446744073709551615\"]}")
                .contains("\"00091004\":{\"vr\":\"FL\",\"Value\":[\"NaN\",\"-Infinity\"]}")
                .contains("\"00091005\":{\"vr\":\"FD\",\"Value\":[\"Infinity\"]}");
    }

    @Test
    void aBinaryNumberValueOfTheWrongLengthIsWrittenInlineRatherThanLost() throws IOException {
        Dataset ds = new Dataset().setBytes(Tag.Rows, VR.US, new byte[] {1, 2, 3});

        String json = json(ds);

        assertThat(json).isEqualTo("{\"00280010\":{\"vr\":\"US\",\"InlineBinary\":\"AQID\"}}");
        assertThat(DicomJson.standard().fromJson(json).getBytes(Tag.Rows)).containsExactly(1, 2, 3);
    }

    @Test
    void opaqueValuesAreBase64OfTheirLittleEndianBytes() {
        Dataset ds = new Dataset()
                .setBytes(PRIVATE_OB, VR.OB, new byte[] {0, 1, 2, (byte) 0xFF})
                .setBytes(0x00091010, VR.OW, new byte[] {0x34, 0x12})
                .setBytes(0x00091011, VR.UN, "ABC".getBytes(StandardCharsets.US_ASCII));

        assertThat(json(ds))
                .contains("\"00091001\":{\"vr\":\"OB\",\"InlineBinary\":\"AAEC/w==\"}")
                .contains("\"00091010\":{\"vr\":\"OW\",\"InlineBinary\":\"NBI=\"}")
                .contains("\"00091011\":{\"vr\":\"UN\",\"InlineBinary\":\"QUJD\"}");
    }

    @Test
    void valuesOverTheThresholdAreBulkDataUrisNamedByTheirPath() {
        Dataset ds = new Dataset().setBytes(PRIVATE_OB, VR.OB, new byte[4]);
        Dataset item = ds.newSequence(Tag.IconImageSequence).addItem();
        item.setBytes(Tag.PixelData, VR.OW, new byte[6]);
        item.setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, new byte[2]);
        List<String> asked = new ArrayList<>();
        DicomJson json = DicomJson.builder().bulkData(3, (path, vr, length) -> {
            asked.add(path + " " + vr + " " + length);
            return "https://pacs.example/bulk/" + asked.size();
        }).build();

        assertThat(json.toJson(ds))
                .contains("\"00091001\":{\"vr\":\"OB\",\"BulkDataURI\":\"https://pacs.example/bulk/1\"}")
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://pacs.example/bulk/2\"}")
                .contains("\"00281201\":{\"vr\":\"OW\",\"InlineBinary\":\"AAA=\"}");
        assertThat(asked).containsExactly("(0009,1001) OB 4", "(0088,0200)[0].(7FE0,0010) OW 6");
        assertThat(new TagPath(List.of(new TagPath.Step(Tag.IconImageSequence, 0)), Tag.PixelData))
                .hasToString("(0088,0200)[0].(7FE0,0010)");
    }

    @Test
    void encapsulatedFragmentsAreTheirValueFieldAndReadBackAsFragments() throws IOException {
        Dataset ds = new Dataset();
        Dataset.Fragments f = ds.newSequence(Tag.IconImageSequence).addItem().newFragments(Tag.PixelData);
        f.add(new byte[0]);
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8});

        String json = json(ds);

        // item (FFFE,E000) length 0; item length 2, FF D8; Sequence Delimitation Item (FFFE,E0DD) length 0
        assertThat(json).contains("\"7FE00010\":{\"vr\":\"OB\","
                + "\"InlineBinary\":\"/v8A4AAAAAD+/wDgAgAAAP/Y/v/d4AAAAAA=\"}");
        Dataset back = DicomJson.standard().fromJson(json);
        assertThat(back.getSequence(Tag.IconImageSequence).get(0).getFragments(Tag.PixelData)).isEqualTo(f);
    }

    @Test
    void sequencesAreArraysOfItemsAndAnEmptyItemIsAnEmptyObject() {
        Dataset ds = new Dataset();
        Dataset.Sequence seq = ds.newSequence(Tag.ReferencedImageSequence);
        seq.addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "2.25.3");
        seq.addItem();

        assertThat(json(ds)).isEqualTo("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\","
                + "\"Value\":[\"2.25.3\"]}},{}]}}");
    }

    @Test
    void groupLengthsAreLeftOut() {
        Dataset ds = new Dataset()
                .setLongs(0x00080000, VR.UL, 10)
                .setString(Tag.Modality, VR.CS, "CT");
        ds.newSequence(Tag.ReferencedImageSequence).addItem().setLongs(0x00080000, VR.UL, 8);

        assertThat(json(ds)).isEqualTo("{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"CT\"]},"
                + "\"00081140\":{\"vr\":\"SQ\",\"Value\":[{}]}}");
    }

    @Test
    void textIsDecodedWithTheCharacterSetOfItsDataSetOrItem() {
        Dataset ds = new Dataset()
                .setBytes(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100".getBytes(StandardCharsets.US_ASCII))
                .setBytes(Tag.PatientName, VR.PN, "Buc^Jérôme".getBytes(StandardCharsets.ISO_8859_1));
        ds.setTextCodec(SpecificCharacterSet.of("ISO_IR 100"));
        Dataset item = ds.newSequence(Tag.RequestedProcedureCodeSequence).addItem();
        item.setBytes(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 144".getBytes(StandardCharsets.US_ASCII));
        item.setTextCodec(SpecificCharacterSet.of("ISO_IR 144"));
        item.setBytes(Tag.CodeMeaning, VR.LO, new byte[] {(byte) 0xBB, (byte) 0xEE, (byte) 0xDA}); // Люк
        ds.newSequence(Tag.ReferencedStudySequence).addItem()
                .setBytes(Tag.CodeMeaning, VR.LO, new byte[] {(byte) 0xE9}); // inherits ISO_IR 100: é

        assertThat(json(ds))
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Buc^Jérôme\"}]}")
                .contains("\"00080104\":{\"vr\":\"LO\",\"Value\":[\"Люк\"]}")
                .contains("\"00080104\":{\"vr\":\"LO\",\"Value\":[\"é\"]}");
    }

    @Test
    void prettyPrintingIndentsOneAttributeAndOneValueALineAsDcm2jsonDoes() {
        Dataset ds = new Dataset().setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");

        String json = DicomJson.builder().prettyPrint(true).build().toJson(ds);

        assertThat(json).isEqualTo("{\n  \"00080008\": {\n    \"vr\": \"CS\",\n    \"Value\": [\n"
                + "      \"ORIGINAL\",\n      \"PRIMARY\"\n    ]\n  }\n}");
    }
}
