package dev.ferry.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VR;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding what was encoded gives the text back, and encoding that text again gives the same
 * bytes: random text from each declared repertoire, with the delimiters of each VR mixed in.
 */
class RoundTripTest {
    private static final VR[] VRS = {VR.PN, VR.LO, VR.SH, VR.LT, VR.UT, VR.UC, VR.ST};

    @ParameterizedTest
    @ValueSource(strings = {"", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127",
        "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166"})
    void everyMappedByteOfASingleByteSetSurvives(String term) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = cs.decode(all, 0, all.length, VR.LT);
        StringBuilder mapped = new StringBuilder();
        List<Byte> bytes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (text.charAt(i) != '\uFFFD') {
                mapped.append(text.charAt(i));
                bytes.add((byte) i);
            }
        }
        byte[] expected = new byte[bytes.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = bytes.get(i);
        }

        assertThat(text).hasSize(256);
        assertThat(cs.encode(mapped.toString(), VR.LT)).isEqualTo(expected);
        assertThat(expected.length).isGreaterThan(128 + 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ISO_IR 100", "ISO_IR 144", "ISO_IR 13", "ISO_IR 166", "ISO 2022 IR 100",
        "\\ISO 2022 IR 87", "ISO 2022 IR 13\\ISO 2022 IR 87", "ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159",
        "ISO 2022 IR 13\\ISO 2022 IR 87\\ISO 2022 IR 159", "\\ISO 2022 IR 149", "\\ISO 2022 IR 58",
        "ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 144\\ISO 2022 IR 138",
        "ISO 2022 IR 148\\ISO 2022 IR 149\\ISO 2022 IR 87", "\\ISO 2022 IR 166\\ISO 2022 IR 58\\ISO 2022 IR 13",
        "ISO_IR 192", "GB18030", "GBK"})
    void randomTextSurvivesEncodingAndDecoding(String term) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        char[] repertoire = repertoire(cs);
        Random random = new Random(term.hashCode());
        for (int n = 0; n < 300; n++) {
            VR vr = VRS[n % VRS.length];
            String text = randomText(random, repertoire, vr);

            byte[] bytes = cs.encode(text, vr);
            String decoded = cs.decode(bytes, 0, bytes.length, vr);

            assertThat(decoded).as("%s %s", term, vr).isEqualTo(text);
            assertThat(cs.encode(decoded, vr)).as("%s %s", term, vr).isEqualTo(bytes);
        }
    }

    /** The characters of every set the attribute declares, from the code tables themselves. */
    private static char[] repertoire(SpecificCharacterSet cs) {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            sb.append(c);
        }
        List<GraphicSet> sets = new ArrayList<>();
        for (String term : cs.terms()) {
            DefinedTerm t = DefinedTerm.byCode(term);
            if (t == DefinedTerm.ISO_IR_192 || t == DefinedTerm.GB18030) {
                sets.add(GraphicSet.JIS_X0208);
                sets.add(GraphicSet.KS_X1001);
                sets.add(GraphicSet.GREEK);
                sets.add(GraphicSet.THAI);
            } else if (t == DefinedTerm.GBK) {
                sets.add(GraphicSet.GB2312);
            } else if (t != null) {
                if (t.g0() != null) {
                    sets.add(t.g0());
                }
                if (t.g1() != null) {
                    sets.add(t.g1());
                }
            }
        }
        for (GraphicSet s : sets) {
            if (s.isDoubleByte()) {
                for (int row = 0x21; row <= 0x7E; row++) {
                    for (int cell = 0x21; cell <= 0x7E; cell++) {
                        appendMapped(sb, s.decodePair(row, cell));
                    }
                }
            } else if (s.slot() == GraphicSet.Slot.G1) {
                for (int b = 0xA0; b <= 0xFF; b++) {
                    appendMapped(sb, s.decodeByte(b));
                }
            }
        }
        return sb.toString().toCharArray();
    }

    private static void appendMapped(StringBuilder sb, char c) {
        if (c != '\uFFFD') {
            sb.append(c);
        }
    }

    private static String randomText(Random random, char[] repertoire, VR vr) {
        String delimiters = vr == VR.PN ? "^=\\" : vr == VR.LT || vr == VR.UT || vr == VR.ST ? "\r\n\t\\" : "\\";
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(6) == 0) {
                sb.append(delimiters.charAt(random.nextInt(delimiters.length())));
            } else {
                sb.append(repertoire[random.nextInt(repertoire.length)]);
            }
        }
        return sb.toString();
    }
}
