package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VRTest {
    private static final Set<VR> TEXT = EnumSet.of(VR.AE, VR.AS, VR.CS, VR.DA, VR.DS, VR.DT, VR.IS, VR.LO, VR.LT,
            VR.PN, VR.SH, VR.ST, VR.TM, VR.UC, VR.UI, VR.UR, VR.UT);
    private static final Set<VR> NUMBERS = EnumSet.of(VR.AT, VR.FD, VR.FL, VR.SL, VR.SS, VR.SV, VR.UL, VR.US, VR.UV);
    private static final Set<VR> OPAQUE = EnumSet.of(VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.UN);

    @Test
    void hasTheThirtyFourVrsOfPs35() {
        assertThat(VR.values()).hasSize(34);
        assertThat(EnumSet.complementOf(EnumSet.copyOf(union()))).containsExactly(VR.SQ);
    }

    private static Set<VR> union() {
        EnumSet<VR> all = EnumSet.copyOf(TEXT);
        all.addAll(NUMBERS);
        all.addAll(OPAQUE);
        return all;
    }

    @ParameterizedTest
    @EnumSource(VR.class)
    void ofFindsEveryVrByItsTwoLetters(VR vr) {
        assertThat(VR.of(vr.name().charAt(0), vr.name().charAt(1))).isSameAs(vr);
    }

    @Test
    void ofIsNullForEveryOtherPairOfBytes() {
        int found = 0;
        for (int b0 = 0; b0 < 256; b0++) {
            for (int b1 = 0; b1 < 256; b1++) {
                VR vr = VR.of(b0, b1);
                if (vr != null) {
                    found++;
                    assertThat(vr.name()).isEqualTo("" + (char) b0 + (char) b1);
                }
            }
        }
        assertThat(found).isEqualTo(34);
    }

    @ParameterizedTest
    @CsvSource({"97, 101", "-1, 65", "65, -1", "0, 0", "32, 32", "91, 65", "64, 65", "65, 91", "321, 69", "65, 346"})
    void ofIsNullForLowerCaseAndOutOfRangeBytes(int b0, int b1) {
        assertThat(VR.of(b0, b1)).isNull();
    }

    @Test
    void longHeaderVrsAreThoseOfPs35Section712() {
        EnumSet<VR> longHeader = EnumSet.noneOf(VR.class);
        for (VR vr : VR.values()) {
            if (vr.hasLongHeader()) {
                longHeader.add(vr);
            }
        }
        assertThat(longHeader).containsExactlyInAnyOrder(VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.SQ, VR.SV,
                VR.UC, VR.UN, VR.UR, VR.UT, VR.UV);
    }

    @ParameterizedTest
    @EnumSource(VR.class)
    void kindMatchesThePs35Definition(VR vr) {
        VR.Kind expected = TEXT.contains(vr) ? VR.Kind.TEXT
                : NUMBERS.contains(vr) ? VR.Kind.BINARY_NUMBER
                : OPAQUE.contains(vr) ? VR.Kind.BINARY : VR.Kind.SEQUENCE;
        assertThat(vr.kind()).isEqualTo(expected);
        assertThat(vr.isText()).isEqualTo(expected == VR.Kind.TEXT);
    }

    @ParameterizedTest
    @EnumSource(VR.class)
    void textIsPaddedWithSpacesExceptUiAndBinaryWithNul(VR vr) {
        byte expected = vr.isText() && vr != VR.UI ? (byte) ' ' : 0;
        assertThat(vr.padding()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(VR.class)
    void numberSizeIsTheWidthOfOneBinaryNumber(VR vr) {
        int expected = switch (vr) {
            case US, SS -> 2;
            case UL, SL, FL, AT -> 4;
            case FD, SV, UV -> 8;
            default -> 0;
        };
        assertThat(vr.numberSize()).isEqualTo(expected);
    }

    @Test
    void wordSizeIsWhatAByteOrderSwapReverses() {
        assertThat(VR.OW.wordSize()).isEqualTo(2);
        assertThat(VR.AT.wordSize()).as("group and element swap separately").isEqualTo(2);
        assertThat(VR.US.wordSize()).isEqualTo(2);
        assertThat(VR.SS.wordSize()).isEqualTo(2);
        assertThat(VR.OF.wordSize()).isEqualTo(4);
        assertThat(VR.OL.wordSize()).isEqualTo(4);
        assertThat(VR.UL.wordSize()).isEqualTo(4);
        assertThat(VR.FL.wordSize()).isEqualTo(4);
        assertThat(VR.OD.wordSize()).isEqualTo(8);
        assertThat(VR.OV.wordSize()).isEqualTo(8);
        assertThat(VR.FD.wordSize()).isEqualTo(8);
        assertThat(VR.UV.wordSize()).isEqualTo(8);
        assertThat(VR.OB.wordSize()).isEqualTo(1);
        assertThat(VR.UN.wordSize()).isEqualTo(1);
        assertThat(VR.LO.wordSize()).isEqualTo(1);
        assertThat(VR.SQ.wordSize()).isEqualTo(1);
    }
}
