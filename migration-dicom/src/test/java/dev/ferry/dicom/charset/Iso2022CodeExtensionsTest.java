package dev.ferry.dicom.charset;

import static dev.ferry.dicom.charset.Bytes.ESC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.VR;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ISO 2022 code extensions: the examples of PS3.5 annexes H, I and J, resets, malformed input. */
class Iso2022CodeExtensionsTest {

    static Stream<Arguments> standardExamples() {
        return Stream.of(
                // PS3.5 H.3.1: Japanese, value 1 the default repertoire
                Arguments.of("\\ISO 2022 IR 87", VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう",
                        Bytes.of("Yamada^Tarou=", ESC, "$B;3ED", ESC, "(B^", ESC, "$BB@O:", ESC, "(B=",
                                ESC, "$B$d$^$@", ESC, "(B^", ESC, "$B$?$m$&", ESC, "(B")),
                // PS3.5 H.3.2: Japanese, value 1 JIS X 0201 (katakana in G1, Romaji in G0)
                Arguments.of("ISO 2022 IR 13\\ISO 2022 IR 87", VR.PN, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
                        Bytes.of(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, "=", ESC, "$B;3ED", ESC, "(J^",
                                ESC, "$BB@O:", ESC, "(J=", ESC, "$B$d$^$@", ESC, "(J^", ESC, "$B$?$m$&", ESC, "(J")),
                // PS3.5 I.2: Korean person name, KS X 1001 designated into G1 for each component
                Arguments.of("\\ISO 2022 IR 149", VR.PN, "Hong^Gildong=洪^吉洞=홍^길동",
                        Bytes.of("Hong^Gildong=", ESC, "$)C", 0xFB, 0xF3, "^", ESC, "$)C", 0xD1, 0xCE, 0xD4, 0xD7,
                                "=", ESC, "$)C", 0xC8, 0xAB, "^", ESC, "$)C", 0xB1, 0xE6, 0xB5, 0xBF)),
                // PS3.5 I.2: Korean long text, designated again after each line end
                Arguments.of("\\ISO 2022 IR 149", VR.LT,
                        "The 1st line includes 길동.\r\nThe 2nd line includes 길동, too.\r\nThe 3rd line.",
                        Bytes.of("The 1st line includes ", ESC, "$)C", 0xB1, 0xE6, 0xB5, 0xBF,
                                ".\r\nThe 2nd line includes ", ESC, "$)C", 0xB1, 0xE6, 0xB5, 0xBF,
                                ", too.\r\nThe 3rd line.")),
                // PS3.5 J.2: Chinese person name in ISO 2022 IR 58
                Arguments.of("\\ISO 2022 IR 58", VR.PN, "Zhang^XiaoDong=张^小东=",
                        Bytes.of("Zhang^XiaoDong=", ESC, "$)A", 0xD5, 0xC5, "^", ESC, "$)A", 0xD0, 0xA1, 0xB6, 0xAB,
                                "=")),
                // PS3.5 J.3: Chinese long text in ISO 2022 IR 58
                Arguments.of("\\ISO 2022 IR 58", VR.LT, "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n",
                        Bytes.of("1.", ESC, "$)A", Bytes.hex("b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3"),
                                "\r\n2.", ESC, "$)A", Bytes.hex("b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3"),
                                "\r\n3.", ESC, "$)A", Bytes.hex("b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3"), "\r\n")),
                // pydicom's test of ISO 2022 IR 159: 鷗 is only in JIS X 0212
                Arguments.of("ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159", VR.PN,
                        "Mori^Ogai=森^鷗外=もり^おうがい",
                        Bytes.hex("4d 6f 72 69 5e 4f 67 61 69 3d 1b 24 42 3f 39 1b 28 42 5e 1b 24 28 44 6c 3f 1b 24"
                                + " 42 33 30 1b 28 42 3d 1b 24 42 24 62 24 6a 1b 28 42 5e 1b 24 42 24 2a 24 26 24 2c"
                                + " 24 24 1b 28 42")));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("standardExamples")
    void decodesTheStandardsExamples(String term, VR vr, String text, byte[] bytes) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);

        assertThat(cs.decode(bytes, 0, bytes.length, vr)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("standardExamples")
    void encodesTheStandardsExamplesByteForByte(String term, VR vr, String text, byte[] bytes) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);

        assertThat(Bytes.hex(cs.encode(text, vr))).isEqualTo(Bytes.hex(bytes));
    }

    @Test
    void readsEscapeSequencesAtLineStartsToo() {
        // the Korean long text as some writers put it: the designation first on each line
        byte[] b = Bytes.of(ESC, "$)CThe 1st line includes ", 0xB1, 0xE6, 0xB5, 0xBF, ".\r\n",
                ESC, "$)CThe 2nd line includes ", 0xB1, 0xE6, 0xB5, 0xBF, ", too.\r\nThe 3rd line.");

        assertThat(SpecificCharacterSet.of("\\ISO 2022 IR 149").decode(b, 0, b.length, VR.LT))
                .isEqualTo("The 1st line includes 길동.\r\nThe 2nd line includes 길동, too.\r\nThe 3rd line.");
    }

    @Test
    void readsAnotherWritersRedundantDesignations() {
        // pydicom writes ESC ) I although IR 13 is value 1 and so already in G1
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159");
        byte[] pydicom = Bytes.of(ESC, "$B$\"", ESC, "(Ja", ESC, ")I", 0xB1, ESC, "$B%\"", ESC, "$(DmN", ESC, "(J");

        assertThat(cs.decode(pydicom, 0, pydicom.length, VR.LO)).isEqualTo("あaｱア齩");
        assertThat(cs.encode("あaｱア齩", VR.LO))
                .isEqualTo(Bytes.of(ESC, "$B$\"", ESC, "(Ja", 0xB1, ESC, "$B%\"", ESC, "$(DmN", ESC, "(J"));
    }

    @Test
    void usesTheFirstDeclaredSetThatHasTheCharacter() {
        // 洪 is in both JIS X 0208 and KS X 1001
        assertThat(SpecificCharacterSet.of("\\ISO 2022 IR 87\\ISO 2022 IR 149").encode("洪", VR.PN))
                .isEqualTo(Bytes.of(ESC, "$B9?", ESC, "(B"));
        assertThat(SpecificCharacterSet.of("\\ISO 2022 IR 149\\ISO 2022 IR 87").encode("洪", VR.PN))
                .isEqualTo(Bytes.of(ESC, "$)C", 0xFB, 0xF3));
    }

    @Test
    void staysInTheActiveSetWhileItHasTheCharacters() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 144");

        assertThat(cs.encode("Dionysios is Διονυσιος", VR.LO))
                .isEqualTo(Bytes.of("Dionysios is ", ESC, "-F", Bytes.hex("c4 e9 ef ed f5 f3 e9 ef f2"), ESC, "-A"));
        byte[] threeValues = Bytes.of("Buc^J", 0xE9, "r", 0xF4, "me\\", ESC, "-F",
                Bytes.hex("c4 e9 ef ed f5 f3 e9 ef f2"), ESC, "-A\\", ESC, "-L",
                Bytes.hex("bb ee da 63 65 dc d1 79 70 d3"), ESC, "-A");
        assertThat(cs.encode("Buc^Jérôme\\Διονυσιος\\Люкceмбypг", VR.PN)).isEqualTo(threeValues);
        assertThat(cs.decode(threeValues, 0, threeValues.length, VR.PN))
                .isEqualTo("Buc^Jérôme\\Διονυσιος\\Люкceмбypг");
    }

    @Test
    void returnsToValueOneBeforeDelimitersThatTheVrHas() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 126");

        assertThat(cs.encode("Δ^Ä", VR.PN)).isEqualTo(Bytes.of(ESC, "-F", 0xC4, ESC, "-A^", 0xC4));
        assertThat(cs.encode("Δ^Δ", VR.LO)).isEqualTo(Bytes.of(ESC, "-F", 0xC4, "^", 0xC4, ESC, "-A"));
        assertThat(cs.encode("Δ\\Δ", VR.LO))
                .isEqualTo(Bytes.of(ESC, "-F", 0xC4, ESC, "-A\\", ESC, "-F", 0xC4, ESC, "-A"));
        assertThat(cs.encode("Δ\\Δ", VR.LT)).isEqualTo(Bytes.of(ESC, "-F", 0xC4, "\\", 0xC4, ESC, "-A"));
        assertThat(cs.encode("Δ\tΔ", VR.ST))
                .isEqualTo(Bytes.of(ESC, "-F", 0xC4, ESC, "-A\t", ESC, "-F", 0xC4, ESC, "-A"));
    }

    @Test
    void resetsToValueOneAtDelimitersWhenReading() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100\\ISO 2022 IR 126");
        byte[] caret = Bytes.of(ESC, "-F", 0xC4, "^", 0xC4);
        byte[] backslash = Bytes.of(ESC, "-F", 0xC4, "\\", 0xC4);
        byte[] lineEnd = Bytes.of(ESC, "-F", 0xC4, "\r\n", 0xC4);
        byte[] tab = Bytes.of(ESC, "-F", 0xC4, "\t", 0xC4);

        assertThat(cs.decode(caret, 0, caret.length, VR.PN)).isEqualTo("Δ^Ä");
        assertThat(cs.decode(caret, 0, caret.length, VR.LO)).isEqualTo("Δ^Δ");
        assertThat(cs.decode(backslash, 0, backslash.length, VR.SH)).isEqualTo("Δ\\Ä");
        assertThat(cs.decode(backslash, 0, backslash.length, VR.UT)).isEqualTo("Δ\\Δ");
        assertThat(cs.decode(lineEnd, 0, lineEnd.length, VR.LT)).isEqualTo("Δ\r\nÄ");
        assertThat(cs.decode(tab, 0, tab.length, VR.UC)).isEqualTo("Δ\tÄ");
    }

    @Test
    void resetsG0AtDelimitersToo() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        byte[] b = Bytes.of(ESC, "$B$d\r$d");

        assertThat(cs.decode(b, 0, b.length, VR.LT)).isEqualTo("や\r$d");
    }

    @Test
    void delimiterBytesInsideADoubleByteCharacterAreNotDelimiters() {
        // 0x5E ('^') and 0x3D ('=') are row or cell bytes of JIS X 0208 characters
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        byte[] b = Bytes.of(ESC, "$B$^=^", ESC, "(B");
        String text = cs.decode(b, 0, b.length, VR.PN);

        assertThat(text).hasSize(2).doesNotContain("^", "=");
        assertThat(cs.encode(text, VR.PN)).isEqualTo(b);
    }

    @Test
    void aSpaceIsWrittenInAsciiAndReadInAnySet() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        byte[] written = Bytes.of(ESC, "$B;3ED", ESC, "(B ", ESC, "$BB@O:", ESC, "(B");
        byte[] spaceInKanjiMode = Bytes.of(ESC, "$B;3ED B@O:", ESC, "(B");

        assertThat(cs.encode("山田 太郎", VR.LO)).isEqualTo(written);
        assertThat(cs.decode(spaceInKanjiMode, 0, spaceInKanjiMode.length, VR.LO)).isEqualTo("山田 太郎");
    }

    @Test
    void readsOlderDesignationsOfJisX0208() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");
        byte[] jisC6226 = Bytes.of(ESC, "$@;3ED", ESC, "(B");
        byte[] longForm = Bytes.of(ESC, "$(B;3ED", ESC, "(B");

        assertThat(cs.decode(jisC6226, 0, jisC6226.length, VR.PN)).isEqualTo("山田");
        assertThat(cs.decode(longForm, 0, longForm.length, VR.PN)).isEqualTo("山田");
    }

    @Test
    void readsKoreanWhoseWriterOmittedTheDesignation() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 149");
        byte[] b = Bytes.of("Hong^", 0xB1, 0xE6, 0xB5, 0xBF);

        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("Hong^길동");
    }

    @Test
    void readsAMissingKatakanaDesignationAsKatakana() {
        // pydicom reads the part after '^' as Latin-1; the declared G1 set is the better guess
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 13");
        byte[] b = Bytes.of("ASCII+", ESC, ")I", 0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3);

        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("ASCII+ﾔﾏﾀﾞ^ﾀﾛｳ");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("\\ISO 2022 IR 87", Bytes.of(ESC, "(Zabc"), "\uFFFD(Zabc"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of("abc", ESC, "$"), "abc\uFFFD$"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of(ESC, "$B$"), "\uFFFD"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of(ESC, "$B$\rA"), "\uFFFD\rA"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of(ESC, "$B", 0x29, 0x21), "\uFFFD"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of(ESC, "$B", 0xA4, 0xE4), "\uFFFD\uFFFD"),
                Arguments.of("\\ISO 2022 IR 87", Bytes.of("M", 0xFC, "ller"), "M\uFFFDller"),
                Arguments.of("\\ISO 2022 IR 149", Bytes.of(ESC, "$)C", 0xB1), "\uFFFD"),
                Arguments.of("\\ISO 2022 IR 149", Bytes.of(ESC, "$)C", 0xB1, "A"), "\uFFFDA"),
                Arguments.of("\\ISO 2022 IR 58", Bytes.of(ESC, "$)A", 0x80, 0xA1), "\uFFFD\uFFFD"),
                Arguments.of("ISO 2022 IR 159", Bytes.of(ESC, "$(D", Bytes.hex("c4 e9 ef ed f5 f3 e9 ef f2")),
                        "\uFFFD".repeat(9)),
                Arguments.of("ISO 2022 IR 13", Bytes.of(0xA0, 0xE0, 0xFF), "\uFFFD\uFFFD\uFFFD"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("malformed")
    void malformedBytesDecodeToReplacementCharacters(String term, byte[] bytes, String expected) {
        assertThat(SpecificCharacterSet.of(term).decode(bytes, 0, bytes.length, VR.PN)).isEqualTo(expected);
    }

    @Test
    void everyByteSequenceDecodesWithoutThrowing() {
        java.util.Random random = new java.util.Random(20260401);
        String[] terms = {"\\ISO 2022 IR 87", "ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159", "\\ISO 2022 IR 149",
            "\\ISO 2022 IR 58", "ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 166"};
        byte[] b = new byte[64];
        for (String term : terms) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(term);
            for (int i = 0; i < 500; i++) {
                random.nextBytes(b);
                if (i % 2 == 0) {
                    b[random.nextInt(b.length)] = ESC;
                }
                for (VR vr : new VR[] {VR.PN, VR.LO, VR.LT}) {
                    assertThat(cs.decode(b, 0, b.length, vr)).isNotNull();
                }
            }
        }
    }

    @Test
    void anEscInTheValueCannotBeWritten() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");

        assertThatThrownBy(() -> cs.encode("Yamada\u001b$B", VR.PN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PN")
                .hasMessageNotContaining("Yamada");
    }

    @Test
    void aCharacterNoDeclaredSetHasCannotBeWritten() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 87");

        assertThatThrownBy(() -> cs.encode("山田^Jürgen", VR.PN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PN")
                .hasMessageContaining("ISO 2022 IR 87")
                .hasMessageNotContaining("Jürgen")
                .hasMessageNotContaining("山田");
        assertThatThrownBy(() -> cs.encode("\uD83D\uDE00", VR.LT)).hasMessageContaining("LT");
        assertThatThrownBy(() -> cs.encode("\uD83D", VR.LO)).hasMessageContaining("LO");
    }

    @Test
    void withoutCodeExtensionsNoEscapeSequenceIsWrittenOrRead() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");
        byte[] b = Bytes.of(ESC, "-F", 0xC4);

        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("\u001b-FÄ");
        assertThat(cs.encode("\u001b-FÄ", VR.PN)).isEqualTo(b);
        assertThatThrownBy(() -> cs.encode("Δ", VR.PN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIso2022TermAloneReadsItsOwnDesignations() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100");
        byte[] b = Bytes.of(ESC, "-A", 0xC4, "neas");

        assertThat(cs.decode(b, 0, b.length, VR.PN)).isEqualTo("Äneas");
        assertThat(cs.encode("Äneas", VR.PN)).isEqualTo(Bytes.of(0xC4, "neas"));
    }
}
