package dev.ferry.dicom;

import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElementDictionaryTest {
    private final ElementDictionary dict = ElementDictionary.standard();

    @Test
    void patientIdIsLoOfMultiplicityOne() {
        assertThat(dict.vrOf(0x00100020)).isEqualTo(VR.LO);
        assertThat(dict.vrsOf(0x00100020)).containsExactly(VR.LO);
        assertThat(dict.vmOf(0x00100020)).isEqualTo("1");
        assertThat(dict.keywordOf(0x00100020)).isEqualTo("PatientID");
        assertThat(dict.isRetired(0x00100020)).isFalse();
        assertThat(dict.contains(0x00100020)).isTrue();
        assertThat(dict.tagForKeyword("PatientID")).isEqualTo(0x00100020);
    }

    @ParameterizedTest(name = "({0}) {1}")
    @CsvSource({
            // tag, keyword, VR, VM, retired: values from PS3.6 and PS3.7 Annex E
            "00080005, SpecificCharacterSet, CS, 1-n, false",
            "00080016, SOPClassUID, UI, 1, false",
            "00080018, SOPInstanceUID, UI, 1, false",
            "00080020, StudyDate, DA, 1, false",
            "00080050, AccessionNumber, SH, 1, false",
            "00100010, PatientName, PN, 1, false",
            "0020000D, StudyInstanceUID, UI, 1, false",
            "00200032, ImagePositionPatient, DS, 3, false",
            "00280010, Rows, US, 1, false",
            "00281201, RedPaletteColorLookupTableData, OW, 1, false",
            "0040A730, ContentSequence, SQ, 1, false",
            "00181004, PlateID, LO, 1, false",
            "00080001, LengthToEnd, UL, 1, true",
            "00181240, UpperLowerPixelValues, IS, 1-n, true",
            "00000000, CommandGroupLength, UL, 1, false",
            "00000001, CommandLengthToEnd, UL, 1, true",
            "00000002, AffectedSOPClassUID, UI, 1, false",
            "00000100, CommandField, US, 1, false",
            "00000110, MessageID, US, 1, false",
            "00000600, MoveDestination, AE, 1, false",
            "00000900, Status, US, 1, false",
            "00000901, OffendingElement, AT, 1-n, false",
            "00001000, AffectedSOPInstanceUID, UI, 1, false",
            "00001020, NumberOfRemainingSuboperations, US, 1, false",
            "00020000, FileMetaInformationGroupLength, UL, 1, false",
            "00020001, FileMetaInformationVersion, OB, 1, false",
            "00020010, TransferSyntaxUID, UI, 1, false",
            "00041220, DirectoryRecordSequence, SQ, 1, false",
            "00041200, OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, UL, 1, false",
            "00080019, PyramidUID, UI, 1, false",
    })
    void standardElements(String hex, String keyword, VR vr, String vm, boolean retired) {
        int tag = (int) Long.parseLong(hex, 16);
        assertThat(dict.keywordOf(tag)).isEqualTo(keyword);
        assertThat(dict.vrOf(tag)).isEqualTo(vr);
        assertThat(dict.vmOf(tag)).isEqualTo(vm);
        assertThat(dict.isRetired(tag)).isEqualTo(retired);
        assertThat(dict.tagForKeyword(keyword)).isEqualTo(tag);
    }

    @Test
    void pixelDataAllowsObOrOwAndDefaultsToOwForImplicitVr() {
        assertThat(dict.vrsOf(0x7FE00010)).containsExactly(VR.OB, VR.OW);
        assertThat(dict.vrOf(0x7FE00010)).isEqualTo(VR.OW);
        assertThat(dict.keywordOf(0x7FE00010)).isEqualTo("PixelData");
    }

    @Test
    void multiVrElementsKeepEveryAlternative() {
        assertThat(dict.vrsOf(0x00280106)).containsExactly(VR.US, VR.SS); // SmallestImagePixelValue
        assertThat(dict.vrOf(0x00280106)).isEqualTo(VR.US);
        assertThat(dict.vrsOf(0x00283006)).containsExactly(VR.US, VR.OW); // LUTData
        assertThat(dict.vrOf(0x00283006)).isEqualTo(VR.OW);
        assertThat(dict.vrsOf(0x00281200)).containsExactly(VR.US, VR.SS, VR.OW); // GrayLookupTableData
        assertThat(dict.vrsOf(0x54001010)).containsExactly(VR.OB, VR.OW); // WaveformData
        assertThat(dict.vrOf(0x54001010)).isEqualTo(VR.OW);
    }

    @Test
    void overlayDataResolvesInEveryEvenOverlayGroup() {
        for (int group = 0x6000; group <= 0x601E; group += 2) {
            int tag = group << 16 | 0x3000;
            assertThat(dict.keywordOf(tag)).as("group %04X", group).isEqualTo("OverlayData");
            assertThat(dict.vrsOf(tag)).containsExactly(VR.OB, VR.OW);
            assertThat(dict.vrOf(tag)).isEqualTo(VR.OW);
        }
        assertThat(dict.keywordOf(0x60020010)).isEqualTo("OverlayRows");
        assertThat(dict.vrOf(0x60020010)).isEqualTo(VR.US);
        assertThat(dict.tagForKeyword("OverlayData")).isEqualTo(0x60003000);
    }

    @Test
    void oddGroupsNeverMatchARepeatingGroup() {
        assertThat(dict.keywordOf(0x60013000)).isNull();
        assertThat(dict.vrOf(0x60013000)).isEqualTo(VR.UN);
        assertThat(dict.vrOf(0x60010010)).as("a private creator in group 6001").isEqualTo(VR.LO);
    }

    @Test
    void repeatingElementsAndRetiredRepeatingGroups() {
        assertThat(dict.keywordOf(0x50103000)).isEqualTo("CurveData");
        assertThat(dict.isRetired(0x50103000)).isTrue();
        assertThat(dict.keywordOf(0x7F100010)).isEqualTo("VariablePixelData");
        assertThat(dict.keywordOf(0x002031A7)).isEqualTo("SourceImageIDs");
        assertThat(dict.vrOf(0x002031A7)).isEqualTo(VR.CS);
        assertThat(dict.keywordOf(0x00280420)).isEqualTo("RowsForNthOrderCoefficients");
        assertThat(dict.keywordOf(0x00280853)).isEqualTo("CodeTableLocation");
        assertThat(dict.vrOf(0x00280853)).isEqualTo(VR.AT);
        assertThat(dict.keywordOf(0x10000123)).isEqualTo("HuffmanTableTriplet");
        assertThat(dict.keywordOf(0x10101234)).isEqualTo("ZonalMap");
        assertThat(dict.vmOf(0x10101234)).isEqualTo("1-n");
    }

    @Test
    void anExactEntryWinsOverAMask() {
        assertThat(dict.keywordOf(0x00280400)).isEqualTo("TransformLabel"); // also matches (0028,04x0)
        assertThat(dict.vrOf(0x00280400)).isEqualTo(VR.LO);
        assertThat(dict.keywordOf(0x7FE00010)).isEqualTo("PixelData"); // also matches (7Fxx,0010)
    }

    @Test
    void groupLengthsAreUl() {
        assertThat(dict.vrOf(0x00080000)).isEqualTo(VR.UL);
        assertThat(dict.vmOf(0x00080000)).isEqualTo("1");
        assertThat(dict.isRetired(0x00080000)).isTrue();
        assertThat(dict.keywordOf(0x00080000)).isNull();
        assertThat(dict.contains(0x00080000)).isFalse();
        assertThat(dict.vrOf(0x10100000)).as("not ZonalMap (1010,xxxx)").isEqualTo(VR.UL);
        assertThat(dict.vrOf(0x00090000)).as("a private group length").isEqualTo(VR.UL);
        assertThat(dict.keywordOf(0x00020000)).isEqualTo("FileMetaInformationGroupLength");
        assertThat(dict.isRetired(0x00020000)).isFalse();
    }

    @Test
    void privateCreatorsAreLoAndPrivateDataIsUnknown() {
        for (int tag : new int[] {0x00090010, 0x00290011, 0x7FE100FF, 0x00190010}) {
            assertThat(dict.vrOf(tag)).isEqualTo(VR.LO);
            assertThat(dict.vmOf(tag)).isEqualTo("1");
            assertThat(dict.keywordOf(tag)).isNull();
            assertThat(dict.isRetired(tag)).isFalse();
            assertThat(dict.contains(tag)).isFalse();
        }
        assertThat(dict.vrOf(0x00091001)).isEqualTo(VR.UN);
        assertThat(dict.vrOf(0x00290100)).as("(gggg,0100) is neither creator nor block data").isEqualTo(VR.UN);
        assertThat(dict.vrOf(0x00030010)).as("group 0003 is not private").isEqualTo(VR.UN);
    }

    @Test
    void unknownTagsAreUn() {
        int unknown = 0x0008FF00;
        assertThat(dict.vrOf(unknown)).isEqualTo(VR.UN);
        assertThat(dict.vrsOf(unknown)).containsExactly(VR.UN);
        assertThat(dict.vmOf(unknown)).isNull();
        assertThat(dict.keywordOf(unknown)).isNull();
        assertThat(dict.isRetired(unknown)).isFalse();
        assertThat(dict.contains(unknown)).isFalse();
        assertThat(dict.vrOf(0xFFFFFFFF)).isEqualTo(VR.UN);
    }

    @Test
    void itemAndDelimitationTagsHaveNoVr() {
        for (int tag : new int[] {0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD}) {
            assertThat(dict.vrsOf(tag)).isEmpty();
            assertThat(dict.vrOf(tag)).isEqualTo(VR.UN);
        }
        assertThat(dict.keywordOf(0xFFFEE000)).isEqualTo("Item");
        assertThat(dict.keywordOf(0xFFFEE0DD)).isEqualTo("SequenceDelimitationItem");
    }

    @Test
    void retiredElementsWithoutKeywordStillHaveTheirVr() {
        assertThat(dict.vrOf(0x00180061)).isEqualTo(VR.DS);
        assertThat(dict.keywordOf(0x00180061)).isNull();
        assertThat(dict.isRetired(0x00180061)).isTrue();
        assertThat(dict.contains(0x00180061)).isTrue();
        assertThat(dict.vrOf(0x00280020)).isEqualTo(VR.OB);
    }

    @Test
    void unknownKeywordIsRejectedWithItsName() {
        assertThatThrownBy(() -> dict.tagForKeyword("PatientsID"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PatientsID");
        assertThatThrownBy(() -> dict.tagForKeyword(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyKeywordRoundTripsThroughItsTag() {
        assertThat(dict.keywords()).hasSizeGreaterThan(4900);
        for (String keyword : dict.keywords()) {
            assertThat(dict.keywordOf(dict.tagForKeyword(keyword))).isEqualTo(keyword);
        }
        assertThat(dict.size()).isEqualTo(dict.keywords().size() + 6); // the 6 keyword-less retired ones
    }

    /**
     * The api's {@link Tag} constants come from the same dicom.dic; every one must resolve to its own
     * keyword. For six retired ACR-NEMA elements that PS3.6 lists with an element mask, dicom.dic (and so
     * {@code Tag}) picked an arbitrary instance; {@code tagForKeyword} answers the lowest tag of the
     * mask instead, and both resolve to the keyword.
     */
    @Test
    void everyApiTagConstantHasAnEntryWithTheSameKeyword() throws IllegalAccessException {
        Map<String, Integer> otherInstanceOfTheMask = Map.of(
                "RunLengthTriplet", 0x10000001,     // (1000,xxx1); Tag has (1000,0011)
                "HuffmanTableSize", 0x10000002,     // (1000,xxx2); Tag has (1000,0012)
                "HuffmanTableTriplet", 0x10000003,  // (1000,xxx3); Tag has (1000,0013)
                "ShiftTableSize", 0x10000004,       // (1000,xxx4); Tag has (1000,0014)
                "ShiftTableTriplet", 0x10000005,    // (1000,xxx5); Tag has (1000,0015)
                "ZonalMap", 0x10100001);            // (1010,xxxx); Tag has (1010,0004)
        List<String> checked = new ArrayList<>();
        for (Field f : Tag.class.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            int tag = f.getInt(null);
            String keyword = f.getName();
            assertThat(dict.keywordOf(tag)).as(keyword).isEqualTo(keyword);
            assertThat(dict.contains(tag)).as(keyword).isTrue();
            assertThat(dict.tagForKeyword(keyword)).as(keyword)
                    .isEqualTo(otherInstanceOfTheMask.getOrDefault(keyword, tag));
            checked.add(keyword);
        }
        assertThat(checked).hasSizeGreaterThan(4900).containsAll(otherInstanceOfTheMask.keySet());
    }

    @Test
    void standardIsOneSharedInstance() {
        assertThat(ElementDictionary.standard()).isSameAs(dict);
    }
}
