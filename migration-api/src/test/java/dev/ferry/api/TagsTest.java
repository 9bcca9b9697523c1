package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagsTest {

    @Test
    void formatPrintsGroupAndElementInUpperCaseHex() {
        assertThat(Tags.format(Tag.PatientID)).isEqualTo("(0010,0020)");
        assertThat(Tags.format(0)).isEqualTo("(0000,0000)");
        assertThat(Tags.format(Tag.PixelData)).isEqualTo("(7FE0,0010)");
        assertThat(Tags.format(Tag.Item)).isEqualTo("(FFFE,E000)");
        assertThat(Tags.format(0x0019a7ff)).isEqualTo("(0019,A7FF)");
        assertThat(Tags.format(-1)).isEqualTo("(FFFF,FFFF)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "(0010,0020);   0x00100020",
        "0010,0020;     0x00100020",
        "00100020;      0x00100020",
        "PatientID;     0x00100020",
        "(7fe0,0010);   0x7FE00010",
        "7fe00010;      0x7FE00010",
        "fffe,e000;     0xFFFEE000",
        "(FFFE,E0DD);   0xFFFEE0DD",
        "0019a723;      0x0019A723",
        "' (0010,0020) '; 0x00100020",
        "Item;          0xFFFEE000",
        "OriginalAttributesSequence; 0x04000561",
    })
    void parseAcceptsEveryForm(String text, String expectedHex) {
        int expected = Integer.parseUnsignedInt(expectedHex.substring(2), 16);
        assertThat(Tags.parse(text)).isEqualTo(expected);
    }

    @Test
    void formatAndParseRoundTripForHexFormsIncludingHighGroups() {
        int[] samples = {0, 1, Tag.PatientID, Tag.PixelData, Tag.Item, 0x80000000, 0xFFFFFFFF, 0x0019A723, 0x7FFFFFFF};
        for (int tag : samples) {
            String formatted = Tags.format(tag);
            assertThat(Tags.parse(formatted)).as(formatted).isEqualTo(tag);
            assertThat(Tags.parse(formatted.substring(1, 10))).isEqualTo(tag);
            assertThat(Tags.parse(formatted.substring(1, 5) + formatted.substring(6, 10))).isEqualTo(tag);
            assertThat(Tags.parse(formatted.toLowerCase())).isEqualTo(tag);
        }
    }

    @Test
    void everyStandardTagRoundTripsThroughItsKeywordAndItsHexForm() throws IllegalAccessException {
        List<Field> constants = new ArrayList<>();
        for (Field f : Tag.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                constants.add(f);
            }
        }
        assertThat(constants).hasSizeGreaterThan(4000);
        for (Field f : constants) {
            int tag = f.getInt(null);
            assertThat(Tags.keyword(tag)).as(f.getName()).isEqualTo(f.getName());
            assertThat(Tags.parse(f.getName())).as(f.getName()).isEqualTo(tag);
            assertThat(Tags.parse(Tags.format(tag))).as(f.getName()).isEqualTo(tag);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PatientIdentifier", "patientid", "(0010,002G)", "0010-0020", "", "   ", "001000200",
        "(0010,0020", "0010,00200", "0x00100020", "10,20", "(0010,0020,0030)"})
    void parseRejectsOtherTextAndNamesIt(String text) {
        assertThatThrownBy(() -> Tags.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void keywordIsNullForPrivateAndUnknownTags() {
        assertThat(Tags.keyword(Tag.PatientID)).isEqualTo("PatientID");
        assertThat(Tags.keyword(Tag.StudyInstanceUID)).isEqualTo("StudyInstanceUID");
        assertThat(Tags.keyword(Tag.Item)).isEqualTo("Item");
        assertThat(Tags.keyword(0x00191023)).isNull();
        assertThat(Tags.keyword(0x00190010)).isNull();
        assertThat(Tags.keyword(0x00091001)).isNull();
        assertThat(Tags.keyword(0x7FE10010)).isNull();
        assertThat(Tags.keyword(Tag.OverlayRows)).isEqualTo("OverlayRows");
        assertThat(Tags.keyword(Tag.OverlayRows + 0x00020000)).as("repeating group named at its first group only")
                .isNull();
    }

    @Test
    void describeAddsTheKeywordWhenThereIsOne() {
        assertThat(Tags.describe(Tag.PatientID)).isEqualTo("PatientID (0010,0020)");
        assertThat(Tags.describe(0x00191023)).isEqualTo("(0019,1023)");
    }

    @Test
    void groupAndElementSplitTheTagUnsigned() {
        assertThat(Tags.group(Tag.Item)).isEqualTo(0xFFFE);
        assertThat(Tags.element(Tag.Item)).isEqualTo(0xE000);
        assertThat(Tags.group(Tag.PatientID)).isEqualTo(0x0010);
        assertThat(Tags.element(Tag.PatientID)).isEqualTo(0x0020);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00090010, 0x00091001, 0x00190010, 0x00191023, 0x00290000, 0x7FE10010, 0x80010010,
        0xFFFD0010, 0x00110000})
    void oddGroupsAbove0007ArePrivateExceptFFFF(int tag) {
        assertThat(Tags.isPrivate(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00010010, 0x00030010, 0x00050010, 0x00070010, 0xFFFF0010, 0xFFFF1010, 0x00000000,
        0x00080010, Tag.PatientID, Tag.PixelData, Tag.Item, 0x00020010})
    void evenGroupsAndReservedOddGroupsAreNotPrivate(int tag) {
        assertThat(Tags.isPrivate(tag)).isFalse();
        assertThat(Tags.isPrivateCreator(tag)).isFalse();
        assertThat(Tags.creatorOf(tag)).isEqualTo(-1);
    }

    @Test
    void privateCreatorsAreElements10ToFFOfAPrivateGroup() {
        assertThat(Tags.isPrivateCreator(0x00190010)).isTrue();
        assertThat(Tags.isPrivateCreator(0x001900FF)).isTrue();
        assertThat(Tags.isPrivateCreator(0x80010010)).isTrue();
        assertThat(Tags.isPrivateCreator(0x0019000F)).as("group length region").isFalse();
        assertThat(Tags.isPrivateCreator(0x00190000)).isFalse();
        assertThat(Tags.isPrivateCreator(0x00190100)).isFalse();
        assertThat(Tags.isPrivateCreator(0x00191010)).isFalse();
        assertThat(Tags.isPrivateCreator(0x00070010)).isFalse();
        assertThat(Tags.isPrivateCreator(0xFFFF0010)).isFalse();
    }

    @Test
    void creatorOfNamesTheElementThatReservesTheBlock() {
        assertThat(Tags.creatorOf(0x00191023)).isEqualTo(0x00190010);
        assertThat(Tags.creatorOf(0x00191000)).isEqualTo(0x00190010);
        assertThat(Tags.creatorOf(0x0019A7FF)).isEqualTo(0x001900A7);
        assertThat(Tags.creatorOf(0x0019FF00)).isEqualTo(0x001900FF);
        assertThat(Tags.creatorOf(0x80011023)).isEqualTo(0x80010010);
        assertThat(Tags.creatorOf(0x00190FFF)).as("below the first block").isEqualTo(-1);
        assertThat(Tags.creatorOf(0x00190010)).as("a creator itself").isEqualTo(-1);
        assertThat(Tags.creatorOf(0x00190000)).isEqualTo(-1);
    }

    @Test
    void compareIsUnsigned() {
        assertThat(Tags.compare(Tag.Item, Tag.PatientID)).isPositive();
        assertThat(Tags.compare(Tag.PatientID, Tag.Item)).isNegative();
        assertThat(Tags.compare(Tag.PixelData, 0x80000000)).isNegative();
        assertThat(Tags.compare(0xFFFFFFFF, 0)).isPositive();
        assertThat(Tags.compare(Tag.Item, Tag.Item)).isZero();

        List<Integer> tags = new ArrayList<>(List.of(Tag.Item, 0x80010010, Tag.PixelData, Tag.PatientID, 0));
        tags.sort(Tags::compare);
        assertThat(tags).containsExactly(0, Tag.PatientID, Tag.PixelData, 0x80010010, Tag.Item);
    }
}
