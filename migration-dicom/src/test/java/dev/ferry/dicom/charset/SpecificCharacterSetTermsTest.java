package dev.ferry.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.TextCodec;
import dev.ferry.api.VR;
import dev.ferry.dicom.charset.SpecificCharacterSet.Recognition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the value of (0008,0005): Defined Terms, aliases, unknown values, positions. */
class SpecificCharacterSetTermsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127",
        "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030",
        "GBK", "ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
        "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
        "ISO 2022 IR 203", "ISO 2022 IR 13", "ISO 2022 IR 166"})
    void everyDefinedTermIsRecognisedExactly(String term) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);

        assertThat(cs.recognition()).isEqualTo(Recognition.EXACT);
        assertThat(cs.problems()).isEmpty();
        assertThat(cs.terms()).containsExactly(term);
        assertThat(cs.specificCharacterSet()).isEqualTo(term);
        assertThat(cs.usesCodeExtensions()).isEqualTo(term.startsWith("ISO 2022"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ISO 2022 IR 87", "\\ISO 2022 IR 159", "\\ISO 2022 IR 149", "\\ISO 2022 IR 58",
        "ISO 2022 IR 13\\ISO 2022 IR 87", "ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159",
        "ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126", "ISO 2022 IR 6\\ISO 2022 IR 58"})
    void codeExtensionCombinationsAreRecognisedExactly(String value) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(value);

        assertThat(cs.recognition()).isEqualTo(Recognition.EXACT);
        assertThat(cs.problems()).isEmpty();
        assertThat(cs.usesCodeExtensions()).isTrue();
        assertThat(cs.specificCharacterSet()).isEqualTo(value);
    }

    @Test
    void absentEmptyAndPaddedValuesAreTheDefaultRepertoire() {
        for (String v : new String[] {null, "", " ", "\0"}) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(v);
            assertThat(cs.recognition()).isEqualTo(Recognition.EXACT);
            assertThat(cs.specificCharacterSet()).isEmpty();
            assertThat(cs.usesCodeExtensions()).isFalse();
            assertThat(cs).isEqualTo(SpecificCharacterSet.DEFAULT);
        }
    }

    @Test
    void paddingIsNotAProblem() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87 ");

        assertThat(cs.recognition()).isEqualTo(Recognition.EXACT);
        assertThat(cs.terms()).containsExactly("ISO 2022 IR 13", "ISO 2022 IR 87");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ISO_IR100|ISO_IR 100", "iso_ir 100|ISO_IR 100", "ISO IR 100|ISO_IR 100", "ISO-IR 100|ISO_IR 100",
        "ISO_IR_100|ISO_IR 100", "ISO-8859-1|ISO_IR 100", "ISO8859-1|ISO_IR 100", "iso-8859-1|ISO_IR 100",
        "latin1|ISO_IR 100", "ISO-8859-2|ISO_IR 101", "ISO-8859-5|ISO_IR 144", "ISO-8859-7|ISO_IR 126",
        "ISO-8859-15|ISO_IR 203", "TIS-620|ISO_IR 166", "ISO IR 144|ISO_IR 144", "IR 13|ISO_IR 13",
        "UTF8|ISO_IR 192", "UTF-8|ISO_IR 192", "utf-8|ISO_IR 192", "ISO IR 192|ISO_IR 192", "ISO_IR192|ISO_IR 192",
        "gb18030|GB18030", "gbk|GBK", "GB2312|GB18030", "ISO_2022-IR 100|ISO 2022 IR 100",
        "ISO_2022_IR+126|ISO 2022 IR 126", "ISO2022IR13|ISO 2022 IR 13"})
    void wellKnownMisspellingsAreReadLeniently(String written, String meant) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(written);

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.isRecognized()).isTrue();
        assertThat(cs.specificCharacterSet()).isEqualTo(meant);
        assertThat(cs.problems()).singleElement().asString().contains("'" + meant + "'");
        assertThat(cs.decode(Bytes.of("Smith^John"), 0, 10, VR.PN)).isEqualTo("Smith^John");
    }

    @Test
    void anAliasDecodesAsTheTermItMeans() {
        byte[] latin5 = Bytes.hex("c7 61 76 75 fe 6f f0 6c 75");

        assertThat(SpecificCharacterSet.of("ISO-8859-9").decode(latin5, 0, latin5.length, VR.PN))
                .isEqualTo("Çavuşoğlu");
        assertThat(SpecificCharacterSet.of("ISO_IR 6").specificCharacterSet()).isEmpty();
        assertThat(SpecificCharacterSet.of("ASCII").recognition()).isEqualTo(Recognition.LENIENT);
    }

    @Test
    void anUnknownTermIsReportedAndKeepsEveryByte() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("WINDOWS-1252");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }

        assertThat(cs.recognition()).isEqualTo(Recognition.UNRECOGNIZED);
        assertThat(cs.isRecognized()).isFalse();
        assertThat(cs.problems()).singleElement().asString()
                .contains("'WINDOWS-1252'").contains("default repertoire");
        assertThat(cs.specificCharacterSet()).isEqualTo("WINDOWS-1252");
        String text = cs.decode(all, 0, 256, VR.PN);
        assertThat(text).isEqualTo(TextCodec.DEFAULT.decode(all, 0, 256, VR.PN));
        assertThat(cs.encode(text, VR.PN)).isEqualTo(all);
    }

    @Test
    void anUnknownExtensionIsIgnoredAndReported() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 146");

        assertThat(cs.recognition()).isEqualTo(Recognition.UNRECOGNIZED);
        assertThat(cs.problems()).singleElement().asString().contains("value 2").contains("ignored");
        assertThat(cs.terms()).containsExactly("ISO 2022 IR 100", "ISO 2022 IR 146");
        byte[] b = Bytes.of("Buc^J", 0xE9, "r", 0xF4, "me");
        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("Buc^Jérôme");
    }

    @Test
    void singleByteTermsWithoutThePrefixAreReadAsCodeExtensionsWhenThereAreSeveral() {
        // dcm4che issue 869: "ISO_IR 13\ISO 2022 IR 87" is common
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13\\ISO 2022 IR 87");

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.terms()).containsExactly("ISO 2022 IR 13", "ISO 2022 IR 87");
        assertThat(cs.problems()).singleElement().asString().contains("'ISO 2022 IR 13'");
        assertThat(cs).isNotEqualTo(SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87"));
    }

    @Test
    void aMultiByteExtensionAloneBecomesValueTwo() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 149");

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.terms()).containsExactly("", "ISO 2022 IR 149");
        assertThat(cs.usesCodeExtensions()).isTrue();
    }

    @Test
    void utf8AllowsNoCodeExtensions() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192\\ISO 2022 IR 100\\ISO 2022 IR 144");

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.terms()).containsExactly("ISO_IR 192");
        assertThat(cs.usesCodeExtensions()).isFalse();
        byte[] b = Bytes.hex("42 75 63 5e 4a c3 a9 72 c3 b4 6d 65");
        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("Buc^Jérôme");
    }

    @Test
    void aMultiByteSetAfterValueOneIsIgnored() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 126\\GBK\\ISO 2022 IR 144");

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.terms()).containsExactly("ISO 2022 IR 126", "ISO 2022 IR 144");
    }

    @Test
    void emptyLaterValuesAreIgnored() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\");

        assertThat(cs.recognition()).isEqualTo(Recognition.LENIENT);
        assertThat(cs.terms()).containsExactly("ISO 2022 IR 100");
    }

    @Test
    void problemsQuoteTheTermSafely() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("BOGUS\u0007\u00e9" + "X".repeat(100));

        assertThat(cs.problems()).singleElement().asString()
                .contains("'BOGUS??XXXX").contains("...'").doesNotContain("\u0007").hasSizeLessThan(200);
    }

    @Test
    void toStringShowsTheAttributeValueOnly() {
        assertThat(SpecificCharacterSet.of("\\ISO 2022 IR 87"))
                .hasToString("SpecificCharacterSet['\\ISO 2022 IR 87']");
        assertThat(SpecificCharacterSet.DEFAULT).hasToString("SpecificCharacterSet[default repertoire]");
    }

    @Test
    void equalityFollowsTheAttributeValue() {
        assertThat(SpecificCharacterSet.of("ISO_IR 100 ")).isEqualTo(SpecificCharacterSet.of("ISO_IR 100"))
                .hasSameHashCodeAs(SpecificCharacterSet.of("ISO_IR 100"));
        assertThat(SpecificCharacterSet.of("ISO_IR 100")).isNotEqualTo(SpecificCharacterSet.of("ISO_IR 101"));
        assertThat(List.of(SpecificCharacterSet.of("GBK"))).contains(SpecificCharacterSet.of("GBK"));
    }
}
