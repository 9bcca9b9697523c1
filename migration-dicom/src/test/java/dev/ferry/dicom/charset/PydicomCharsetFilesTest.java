package dev.ferry.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.ExplicitVrLittleEndianScanner.Item;
import dev.ferry.dicom.charset.SpecificCharacterSet.Recognition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pydicom's character set test files (see NOTICE beside them): real values written by other
 * toolkits. The expected text is what dcmtk's {@code dcmdump +U8} prints for them and, for the
 * ISO 2022 Japanese files that dcmdump cannot convert, what Python's iso2022_jp codec gives;
 * both agree with pydicom's own expectations.
 */
class PydicomCharsetFilesTest {
    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    private static final int OPERATORS_NAME = 0x00081070;
    private static final int PATIENT_NAME = 0x00100010;
    private static final int OTHER_PATIENT_NAMES = 0x00101001;
    private static final int ADDITIONAL_PATIENT_HISTORY = 0x001021B0;
    private static final int REQUESTED_PROCEDURE_CODE_SEQUENCE = 0x00321064;

    static Stream<Arguments> patientNames() {
        return Stream.of(
                Arguments.of("chrArab", "ISO_IR 127", "قباني^لنزار"),
                Arguments.of("chrFren", "ISO_IR 100", "Buc^Jérôme"),
                Arguments.of("chrFrenMulti", "ISO_IR 100", "Buc^Jérôme"),
                Arguments.of("chrGerm", "ISO_IR 100", "Äneas^Rüdiger"),
                Arguments.of("chrGreek", "ISO_IR 126", "Διονυσιος"),
                Arguments.of("chrH31", "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
                Arguments.of("chrH32", "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
                Arguments.of("chrHbrw", "ISO_IR 138", "שרון^דבורה"),
                Arguments.of("chrI2", "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동"),
                Arguments.of("chrJapMulti", "\\ISO 2022 IR 87", "やまだ^たろう"),
                Arguments.of("chrJapMultiExplicitIR6", "ISO 2022 IR 6\\ISO 2022 IR 87", "やまだ^たろう"),
                Arguments.of("chrRuss", "ISO_IR 144", "Люкceмбypг"),
                Arguments.of("chrX1", "ISO_IR 192", "Wang^XiaoDong=王^小東="),
                Arguments.of("chrX2", "GB18030", "Wang^XiaoDong=王^小东="));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("patientNames")
    void decodesThePatientNameAndEncodesItBackByteForByte(String file, String term, String expected) {
        Item ds = read(file);
        SpecificCharacterSet cs = SpecificCharacterSet.of(ds.ascii(SPECIFIC_CHARACTER_SET));
        byte[] raw = ds.value(PATIENT_NAME);

        assertThat(cs.specificCharacterSet()).isEqualTo(term);
        assertThat(cs.recognition()).isEqualTo(Recognition.EXACT);
        assertThat(cs.decode(raw, 0, raw.length, VR.PN)).isEqualTo(expected);
        assertThat(Bytes.hex(cs.encode(expected, VR.PN))).isEqualTo(Bytes.hex(raw));
    }

    @Test
    void theXFilesMatchPydicomsNormalizedNames() {
        for (String file : new String[] {"chrX1", "chrX2"}) {
            Item ds = read(file);
            SpecificCharacterSet cs = SpecificCharacterSet.of(ds.ascii(SPECIFIC_CHARACTER_SET));
            byte[] raw = ds.value(PATIENT_NAME);

            PersonName name = PersonName.parse(cs.decode(raw, 0, raw.length, VR.PN));

            assertThat(name.groupCount()).isEqualTo(3);
            assertThat(name.normalized().format()).startsWith("Wang^XiaoDong=王^小").hasSize(18);
        }
    }

    @Test
    void koreanMultiEndsWithARedundantDesignationThatIsNotWrittenAgain() {
        Item ds = read("chrKoreanMulti");
        SpecificCharacterSet cs = SpecificCharacterSet.of(ds.ascii(SPECIFIC_CHARACTER_SET));
        byte[] raw = ds.value(PATIENT_NAME);

        assertThat(cs.specificCharacterSet()).isEqualTo("\\ISO 2022 IR 149");
        assertThat(cs.decode(raw, 0, raw.length, VR.PN)).isEqualTo("김희중");
        // the file returns G0 to ASCII (ESC ( B) although it never left it
        assertThat(cs.encode("김희중", VR.PN)).isEqualTo(Bytes.of(Bytes.ESC, "$)C", Bytes.hex("b1 e8 c8 f1 c1 df")));
        assertThat(Bytes.of(cs.encode("김희중", VR.PN), Bytes.ESC, "(B")).isEqualTo(raw);
        assertThat(decode(cs, ds, OPERATORS_NAME, VR.PN)).isEqualTo("김희중");
        assertThat(decode(cs, ds, OTHER_PATIENT_NAMES, VR.PN)).isEqualTo("김희중\\김희중");
        assertThat(decode(cs, ds, ADDITIONAL_PATIENT_HISTORY, VR.LT)).isEqualTo("김희중");
    }

    @Test
    void japaneseMultiValuedAndLongText() {
        for (String file : new String[] {"chrJapMulti", "chrJapMultiExplicitIR6"}) {
            Item ds = read(file);
            SpecificCharacterSet cs = SpecificCharacterSet.of(ds.ascii(SPECIFIC_CHARACTER_SET));

            assertThat(decode(cs, ds, OTHER_PATIENT_NAMES, VR.PN)).isEqualTo("やまだ^たろう\\やまだ^たろう");
            assertThat(decode(cs, ds, ADDITIONAL_PATIENT_HISTORY, VR.LT)).isEqualTo("たろう");
            byte[] raw = ds.value(OTHER_PATIENT_NAMES);
            assertThat(cs.encode("やまだ^たろう\\やまだ^たろう", VR.PN)).isEqualTo(raw);
            assertThat(PersonName.parseAll(decode(cs, ds, OTHER_PATIENT_NAMES, VR.PN)))
                    .hasSize(2).allSatisfy(n -> assertThat(n.get(PersonName.Group.ALPHABETIC,
                            PersonName.Component.GIVEN)).isEqualTo("たろう"));
        }
    }

    @Test
    void frenchMultiValued() {
        Item ds = read("chrFrenMulti");
        SpecificCharacterSet cs = SpecificCharacterSet.of(ds.ascii(SPECIFIC_CHARACTER_SET));

        assertThat(decode(cs, ds, OTHER_PATIENT_NAMES, VR.PN)).isEqualTo("Buc^Jérôme\\Buc^Jérôme");
        assertThat(cs.encode("Buc^Jérôme\\Buc^Jérôme", VR.PN)).isEqualTo(ds.value(OTHER_PATIENT_NAMES));
    }

    @Test
    void anItemWithItsOwnCharacterSetDecodesWithIt() {
        Item file = read("chrSQEncoding");
        Item item = file.sequences.get(REQUESTED_PROCEDURE_CODE_SEQUENCE).get(0);

        Dataset ds = datasetOf(file, item);

        assertThat(file.ascii(SPECIFIC_CHARACTER_SET)).isEqualTo("ISO_IR 192");
        assertThat(item.ascii(SPECIFIC_CHARACTER_SET)).isEqualTo("ISO 2022 IR 13\\ISO 2022 IR 87");
        assertThat(ds.getSequence(REQUESTED_PROCEDURE_CODE_SEQUENCE).get(0).getString(PATIENT_NAME))
                .isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
    }

    @Test
    void anItemWithoutACharacterSetUsesItsParents() {
        Item file = read("chrSQEncoding1");
        Item item = file.sequences.get(REQUESTED_PROCEDURE_CODE_SEQUENCE).get(0);

        Dataset ds = datasetOf(file, item);

        assertThat(item.values).doesNotContainKey(SPECIFIC_CHARACTER_SET);
        Dataset decodedItem = ds.getSequence(REQUESTED_PROCEDURE_CODE_SEQUENCE).get(0);
        assertThat(decodedItem.getString(PATIENT_NAME)).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
        assertThat(decodedItem.textCodec()).isEqualTo(SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87"));
    }

    @Test
    void everyFilesCharacterSetIsADefinedTerm() {
        for (Arguments a : patientNames().toList()) {
            String file = (String) a.get()[0];
            assertThat(SpecificCharacterSet.of(read(file).ascii(SPECIFIC_CHARACTER_SET)).recognition())
                    .as(file).isEqualTo(Recognition.EXACT);
        }
    }

    /** A Dataset as a decoder would make it: raw bytes, one codec per data set that declares one. */
    private static Dataset datasetOf(Item file, Item item) {
        Dataset ds = new Dataset();
        ds.setTextCodec(SpecificCharacterSet.of(file.ascii(SPECIFIC_CHARACTER_SET)));
        Dataset child = ds.newSequence(REQUESTED_PROCEDURE_CODE_SEQUENCE).addItem();
        String own = item.ascii(SPECIFIC_CHARACTER_SET);
        if (own != null) {
            child.setTextCodec(SpecificCharacterSet.of(own));
        }
        child.setBytes(PATIENT_NAME, VR.PN, item.values.get(PATIENT_NAME));
        return ds;
    }

    private static String decode(SpecificCharacterSet cs, Item ds, int tag, VR vr) {
        byte[] raw = ds.value(tag);
        return cs.decode(raw, 0, raw.length, vr);
    }

    private static Item read(String name) {
        String path = "pydicom/charset_files/" + name + ".dcm";
        try (InputStream in = PydicomCharsetFilesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(name).isNotNull();
            return ExplicitVrLittleEndianScanner.scan(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
