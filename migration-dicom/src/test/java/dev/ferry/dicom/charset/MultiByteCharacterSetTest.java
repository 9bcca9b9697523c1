package dev.ferry.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.VR;
import org.junit.jupiter.api.Test;

/** ISO_IR 192 (UTF-8), GB18030 (PS3.5 annex J) and GBK: multi-byte sets without code extensions. */
class MultiByteCharacterSetTest {
    private static final SpecificCharacterSet UTF_8 = SpecificCharacterSet.of("ISO_IR 192");
    private static final SpecificCharacterSet GB18030 = SpecificCharacterSet.of("GB18030");
    private static final SpecificCharacterSet GBK = SpecificCharacterSet.of("GBK");

    /** PS3.5 J.1: "Wang^XiaoDong=王^小东=" in GB18030; GBK has the same bytes. */
    private static final byte[] WANG_XIAODONG_GB = Bytes.hex(
            "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d");

    @Test
    void utf8() {
        byte[] b = Bytes.hex("57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d e7 8e 8b 5e e5 b0 8f e6 9d b1 3d");

        assertThat(UTF_8.decode(b, 0, b.length, VR.PN)).isEqualTo("Wang^XiaoDong=王^小東=");
        assertThat(UTF_8.encode("Wang^XiaoDong=王^小東=", VR.PN)).isEqualTo(b);
        assertThat(UTF_8.encode("Buc^Jérôme", VR.PN)).isEqualTo(Bytes.hex("42 75 63 5e 4a c3 a9 72 c3 b4 6d 65"));
        assertThat(UTF_8.encode("\uD840\uDC00", VR.UC)).isEqualTo(Bytes.hex("f0 a0 80 80"));
    }

    @Test
    void utf8MalformedBytesDecodeToReplacementCharacters() {
        // Greek in ISO 8859-7 mislabelled as UTF-8 (pydicom's test_bad_encoded_single_encoding)
        byte[] b = Bytes.hex("c4 e9 ef ed f5 f3 e9 ef f2");

        assertThat(UTF_8.decode(b, 0, b.length, VR.PN)).isEqualTo("\uFFFD".repeat(9));
        assertThat(UTF_8.decode(Bytes.hex("41 c3"), 0, 2, VR.LO)).isEqualTo("A\uFFFD");
    }

    @Test
    void gb18030PersonNameOfAnnexJ() {
        assertThat(GB18030.decode(WANG_XIAODONG_GB, 0, WANG_XIAODONG_GB.length, VR.PN))
                .isEqualTo("Wang^XiaoDong=王^小东=");
        assertThat(GB18030.encode("Wang^XiaoDong=王^小东=", VR.PN)).isEqualTo(WANG_XIAODONG_GB);
    }

    @Test
    void gb18030LongTextOfAnnexJ() {
        String text = "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n";
        byte[] b = Bytes.of("1.", Bytes.hex("b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3"),
                "\r\n2.", Bytes.hex("b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3"),
                "\r\n3.", Bytes.hex("b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3"), "\r\n");

        assertThat(GB18030.decode(b, 0, b.length, VR.LT)).isEqualTo(text);
        assertThat(GB18030.encode(text, VR.LT)).isEqualTo(b);
    }

    @Test
    void gb18030HasFourByteSequencesForWhatGbkLacks() {
        assertThat(GB18030.encode("\uD840\uDC00", VR.LO)).isEqualTo(Bytes.hex("95 32 82 36"));
        assertThat(GB18030.decode(Bytes.hex("95 32 82 36"), 0, 4, VR.LO)).isEqualTo("\uD840\uDC00");
        assertThatThrownBy(() -> GBK.encode("Wang^\uD840\uDC00", VR.PN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PN")
                .hasMessageContaining("GBK")
                .hasMessageNotContaining("Wang");
    }

    @Test
    void gbk() {
        assertThat(GBK.decode(WANG_XIAODONG_GB, 0, WANG_XIAODONG_GB.length, VR.PN)).isEqualTo("Wang^XiaoDong=王^小东=");
        assertThat(GBK.encode("Wang^XiaoDong=王^小东=", VR.PN)).isEqualTo(WANG_XIAODONG_GB);
    }

    @Test
    void aTrailByteThatLooksLikeADelimiterIsPartOfItsCharacter() {
        // 乗 is 81 5C and 乛 81 5E in GBK: the second bytes are '\' and '^' in ASCII
        byte[] b = Bytes.hex("81 5c 5e 81 5e");

        assertThat(GBK.decode(b, 0, b.length, VR.PN)).isEqualTo("乗^乛");
        assertThat(GB18030.decode(b, 0, b.length, VR.PN)).isEqualTo("乗^乛");
        assertThat(GBK.encode("乗^乛", VR.PN)).isEqualTo(b);
    }

    @Test
    void malformedGbBytesDecodeToReplacementCharacters() {
        assertThat(GB18030.decode(Bytes.hex("41 81"), 0, 2, VR.PN)).isEqualTo("A\uFFFD");
        assertThat(GBK.decode(Bytes.hex("ff 41"), 0, 2, VR.PN)).startsWith("\uFFFD").endsWith("A");
    }

    @Test
    void aLoneSurrogateCannotBeWritten() {
        for (SpecificCharacterSet cs : new SpecificCharacterSet[] {UTF_8, GB18030, GBK}) {
            assertThatThrownBy(() -> cs.encode("A\uD800B", VR.LO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("LO");
        }
    }
}
