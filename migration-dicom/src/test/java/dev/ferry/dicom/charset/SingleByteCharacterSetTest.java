package dev.ferry.dicom.charset;

import static dev.ferry.dicom.charset.Bytes.ESC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.TextCodec;
import dev.ferry.api.VR;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-byte sets of PS3.3 tables C.12-2 and C.12-3, each with characters only it has
 * (expected bytes checked against Python's codecs and pydicom's test data).
 */
class SingleByteCharacterSetTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(100, "Buc^Jérôme", "42 75 63 5e 4a e9 72 f4 6d 65"),
                Arguments.of(100, "Äneas^Rüdiger", "c4 6e 65 61 73 5e 52 fc 64 69 67 65 72"),
                Arguments.of(101, "Wałęsa^Łucja", "57 61 b3 ea 73 61 5e a3 75 63 6a 61"),
                Arguments.of(109, "antaŭnomo^Ĝirafo", "61 6e 74 61 fd 6e 6f 6d 6f 5e d8 69 72 61 66 6f"),
                Arguments.of(110, "vārds^Ģirts", "76 e0 72 64 73 5e ab 69 72 74 73"),
                Arguments.of(144, "Люкceмбypг", "bb ee da 63 65 dc d1 79 70 d3"),
                Arguments.of(127, "قباني^لنزار", "e2 c8 c7 e6 ea 5e e4 e6 d2 c7 d1"),
                Arguments.of(126, "Διονυσιος", "c4 e9 ef ed f5 f3 e9 ef f2"),
                Arguments.of(138, "שרון^דבורה", "f9 f8 e5 ef 5e e3 e1 e5 f8 e4"),
                Arguments.of(148, "Çavuşoğlu^Işık", "c7 61 76 75 fe 6f f0 6c 75 5e 49 fe fd 6b"),
                Arguments.of(203, "Šiškino^Žuža", "a6 69 a8 6b 69 6e 6f 5e b4 75 b8 61"),
                Arguments.of(166, "นามสกุล", "b9 d2 c1 ca a1 d8 c5"),
                Arguments.of(13, "ﾔﾏﾀﾞ^ﾀﾛｳ", "d4 cf c0 de 5e c0 db b3"));
    }

    @ParameterizedTest(name = "ISO_IR {0}: {1}")
    @MethodSource("names")
    void decodesAndEncodesWithoutCodeExtensions(int ir, String text, String hex) {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR " + ir);
        byte[] bytes = Bytes.hex(hex);

        assertThat(cs.decode(bytes, 0, bytes.length, VR.PN)).isEqualTo(text);
        assertThat(cs.encode(text, VR.PN)).isEqualTo(bytes);
        assertThat(cs.decode(bytes, 0, bytes.length, VR.LO)).isEqualTo(text);
    }

    @ParameterizedTest(name = "ISO 2022 IR {0} as value 1: {1}")
    @MethodSource("names")
    void asValueOneOfCodeExtensionsNeedsNoEscapeSequence(int ir, String text, String hex) {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR " + ir + "\\ISO 2022 IR 87");
        byte[] bytes = Bytes.hex(hex);

        assertThat(cs.decode(bytes, 0, bytes.length, VR.PN)).isEqualTo(text);
        assertThat(cs.encode(text, VR.PN)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "ISO 2022 IR {0} as value 2: {1}")
    @MethodSource("names")
    void asValueTwoIsDesignatedBeforeEachComponentThatNeedsIt(int ir, String text, String hex) {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR " + ir);

        byte[] encoded = cs.encode(text, VR.PN);

        assertThat(encoded).contains(ESC);
        assertThat(cs.decode(encoded, 0, encoded.length, VR.PN)).isEqualTo(text);
        String withAscii = "ASCII+" + text;
        byte[] again = cs.encode(withAscii, VR.PN);
        assertThat(cs.decode(again, 0, again.length, VR.PN)).isEqualTo(withAscii);
    }

    /** pydicom's ENCODED_NAMES: what another writer produces (a designation at each component). */
    static Stream<Arguments> pydicomEncodedNames() {
        return Stream.of(
                Arguments.of("ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "1b 29 49 d4 cf c0 de 5e 1b 29 49 c0 db b3"),
                Arguments.of("ISO 2022 IR 100", "Buc^Jérôme", "1b 2d 41 42 75 63 5e 1b 2d 41 4a e9 72 f4 6d 65"),
                Arguments.of("ISO 2022 IR 101", "Wałęsa", "1b 2d 42 57 61 b3 ea 73 61"),
                Arguments.of("ISO 2022 IR 109", "antaŭnomo", "1b 2d 43 61 6e 74 61 fd 6e 6f 6d 6f"),
                Arguments.of("ISO 2022 IR 110", "vārds", "1b 2d 44 76 e0 72 64 73"),
                Arguments.of("ISO 2022 IR 127", "قباني^لنزار", "1b 2d 47 e2 c8 c7 e6 ea 5e 1b 2d 47 e4 e6 d2 c7 d1"),
                Arguments.of("ISO 2022 IR 126", "Διονυσιος", "1b 2d 46 c4 e9 ef ed f5 f3 e9 ef f2"),
                Arguments.of("ISO 2022 IR 138", "שרון^דבורה", "1b 2d 48 f9 f8 e5 ef 5e 1b 2d 48 e3 e1 e5 f8 e4"),
                Arguments.of("ISO 2022 IR 144", "Люкceмбypг", "1b 2d 4c bb ee da 63 65 dc d1 79 70 d3"),
                Arguments.of("ISO 2022 IR 148", "Çavuşoğlu", "1b 2d 4d c7 61 76 75 fe 6f f0 6c 75"),
                Arguments.of("ISO 2022 IR 166", "นามสกุล", "1b 2d 54 b9 d2 c1 ca a1 d8 c5"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pydicomEncodedNames")
    void decodesAnotherWritersDesignations(String term, String text, String hex) {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\" + term);
        byte[] bytes = Bytes.of("ASCII+", Bytes.hex(hex));

        assertThat(cs.decode(bytes, 0, bytes.length, VR.PN)).isEqualTo("ASCII+" + text);
    }

    @Test
    void latin9HasTheEuroSign() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 203");

        assertThat(cs.encode("100 €", VR.LO)).isEqualTo(Bytes.hex("31 30 30 20 a4"));
        assertThatThrownBy(() -> SpecificCharacterSet.of("ISO_IR 100").encode("100 €", VR.LO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultRepertoireBehavesAsTextCodecDefault() {
        SpecificCharacterSet cs = SpecificCharacterSet.DEFAULT;
        byte[] legacy = Bytes.of("M", 0xFC, "ller^Hans");

        assertThat(cs.decode(legacy, 0, legacy.length, VR.PN))
                .isEqualTo(TextCodec.DEFAULT.decode(legacy, 0, legacy.length, VR.PN))
                .isEqualTo("Müller^Hans");
        assertThat(cs.encode("Müller^Hans", VR.PN)).isEqualTo(legacy);
        assertThatThrownBy(() -> cs.encode("Łucja", VR.PN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherVrsUseTheDefaultRepertoireWhateverTheCharacterSet() {
        SpecificCharacterSet utf8 = SpecificCharacterSet.of("ISO_IR 192");
        byte[] b = Bytes.of("ABC", 0xE9);

        for (VR vr : new VR[] {VR.CS, VR.AE, VR.DA, VR.UI, VR.UR, VR.UN, VR.AS, VR.IS}) {
            assertThat(utf8.decode(b, 0, b.length, vr)).as(vr.name()).isEqualTo("ABCé");
            assertThat(utf8.encode("ABCé", vr)).as(vr.name()).isEqualTo(b);
        }
        assertThat(utf8.decode(b, 0, b.length, VR.LO)).isEqualTo("ABC\uFFFD");
        assertThatThrownBy(() -> utf8.encode("日本", VR.CS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CS")
                .hasMessageNotContaining("日本");
    }

    @Test
    void isoIr13ReadsTheLowHalfAsAsciiAndTheHighHalfAsKatakana() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 13");
        byte[] b = Bytes.of("A\\B~", 0xB1, 0xDF, 0xE0);

        assertThat(cs.decode(b, 0, b.length, VR.LO)).isEqualTo("A\\B~ｱﾟ\uFFFD");
    }

    @Test
    void unmappedPositionsDecodeToReplacementCharacters() {
        // 0xA1 is unassigned in ISO 8859-8, 0xD2 in ISO 8859-7
        byte[] b = Bytes.hex("a1 d2");

        assertThat(SpecificCharacterSet.of("ISO_IR 138").decode(b, 0, 1, VR.PN)).isEqualTo("\uFFFD");
        assertThat(SpecificCharacterSet.of("ISO_IR 126").decode(b, 1, 1, VR.PN)).isEqualTo("\uFFFD");
    }

    @Test
    void encodingFailureNamesTheVrAndTheSetButNotTheValue() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");

        assertThatThrownBy(() -> cs.encode("Иванов^Иван", VR.PN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PN")
                .hasMessageContaining("ISO_IR 100")
                .hasMessageNotContaining("Иван");
    }

    @Test
    void decodesASliceOfALargerArray() {
        byte[] b = Bytes.of("xx", 0xC4, "neas", "yy");

        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(b, 2, 5, VR.SH)).isEqualTo("Äneas");
    }
}
