package dev.ferry.dicom.charset;

import static dev.ferry.dicom.charset.PersonName.Component.FAMILY;
import static dev.ferry.dicom.charset.PersonName.Component.GIVEN;
import static dev.ferry.dicom.charset.PersonName.Component.MIDDLE;
import static dev.ferry.dicom.charset.PersonName.Component.PREFIX;
import static dev.ferry.dicom.charset.PersonName.Component.SUFFIX;
import static dev.ferry.dicom.charset.PersonName.Group.ALPHABETIC;
import static dev.ferry.dicom.charset.PersonName.Group.IDEOGRAPHIC;
import static dev.ferry.dicom.charset.PersonName.Group.PHONETIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonNameTest {

    @Test
    void parsesTheThreeComponentGroups() {
        PersonName name = PersonName.parse("Yamada^Tarou=山田^太郎=やまだ^たろう");

        assertThat(name.groupCount()).isEqualTo(3);
        assertThat(name.get(ALPHABETIC, FAMILY)).isEqualTo("Yamada");
        assertThat(name.get(ALPHABETIC, GIVEN)).isEqualTo("Tarou");
        assertThat(name.get(IDEOGRAPHIC, FAMILY)).isEqualTo("山田");
        assertThat(name.get(IDEOGRAPHIC, GIVEN)).isEqualTo("太郎");
        assertThat(name.get(PHONETIC, FAMILY)).isEqualTo("やまだ");
        assertThat(name.get(PHONETIC, GIVEN)).isEqualTo("たろう");
        assertThat(name.get(PHONETIC, MIDDLE)).isEmpty();
        assertThat(name.group(IDEOGRAPHIC)).isEqualTo("山田^太郎");
        assertThat(name.componentCount(ALPHABETIC)).isEqualTo(2);
    }

    @Test
    void parsesAllFiveComponents() {
        PersonName name = PersonName.parse("Adams^John Robert Quincy^^Rev.^B.A. M.Div.");

        assertThat(name.get(ALPHABETIC, FAMILY)).isEqualTo("Adams");
        assertThat(name.get(ALPHABETIC, GIVEN)).isEqualTo("John Robert Quincy");
        assertThat(name.get(ALPHABETIC, MIDDLE)).isEmpty();
        assertThat(name.get(ALPHABETIC, PREFIX)).isEqualTo("Rev.");
        assertThat(name.get(ALPHABETIC, SUFFIX)).isEqualTo("B.A. M.Div.");
        assertThat(name.has(IDEOGRAPHIC)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Smith", "Smith^John", "^^^^", "Wang^XiaoDong=王^小東=", "=山田^太郎",
        "Hong^Gildong=洪^吉洞=홍^길동", "Adams^John^^Rev.^B.A.", "A==C", "Buc^Jérôme^^^"})
    void formatsBackToTheValueItParsed(String value) {
        assertThat(PersonName.parse(value).format()).isEqualTo(value);
    }

    @Test
    void normalizedDropsTrailingEmptyComponentsAndGroups() {
        assertThat(PersonName.parse("Wang^XiaoDong=王^小東=").normalized().format()).isEqualTo("Wang^XiaoDong=王^小東");
        assertThat(PersonName.parse("Buc^Jérôme^^^").normalized().format()).isEqualTo("Buc^Jérôme");
        assertThat(PersonName.parse("^^^^").normalized().format()).isEmpty();
        assertThat(PersonName.parse("=山田^太郎").normalized().format()).isEqualTo("=山田^太郎");
        assertThat(PersonName.parse("A^^=B").normalized()).isEqualTo(PersonName.parse("A=B"));
    }

    @Test
    void anEmptyValueHasNoGroups() {
        PersonName name = PersonName.parse("");

        assertThat(name.isEmpty()).isTrue();
        assertThat(name.groupCount()).isZero();
        assertThat(name.get(ALPHABETIC, FAMILY)).isEmpty();
        assertThat(PersonName.parse("^^^^").isEmpty()).isTrue();
        assertThat(PersonName.parse("^^^^").groupCount()).isEqualTo(1);
    }

    @Test
    void parsesEveryValueOfAnElement() {
        assertThat(PersonName.parseAll("Buc^Jérôme\\Διονυσιος\\"))
                .extracting(n -> n.get(ALPHABETIC, FAMILY))
                .containsExactly("Buc", "Διονυσιος", "");
        assertThat(PersonName.parseAll("")).isEmpty();
    }

    @Test
    void refusesWhatIsNotOnePersonNameWithoutQuotingIt() {
        assertThatThrownBy(() -> PersonName.parse("Secret^Name\\Other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Secret");
        assertThatThrownBy(() -> PersonName.parse("Secret=A=B=C"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 component groups")
                .hasMessageNotContaining("Secret");
        assertThatThrownBy(() -> PersonName.parse("Secret^A^B^C^D^E"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 components")
                .hasMessageNotContaining("Secret");
    }

    @Test
    void buildsANameAndOmitsTrailingDelimiters() {
        PersonName name = PersonName.builder()
                .set(ALPHABETIC, FAMILY, "Yamada").set(ALPHABETIC, GIVEN, "Tarou")
                .set(IDEOGRAPHIC, FAMILY, "山田").set(IDEOGRAPHIC, GIVEN, "太郎")
                .build();

        assertThat(name.format()).isEqualTo("Yamada^Tarou=山田^太郎");
        assertThat(name).isEqualTo(PersonName.parse("Yamada^Tarou=山田^太郎"))
                .hasSameHashCodeAs(PersonName.parse("Yamada^Tarou=山田^太郎"));
        assertThat(PersonName.builder().set(PHONETIC, SUFFIX, "x").build().format()).isEqualTo("==^^^^x");
        assertThat(PersonName.builder().build().format()).isEmpty();
    }

    @Test
    void theBuilderRefusesDelimitersInAComponentWithoutQuotingIt() {
        PersonName.Builder b = PersonName.builder();

        assertThatThrownBy(() -> b.set(ALPHABETIC, GIVEN, "Secret^Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ALPHABETIC GIVEN")
                .hasMessageNotContaining("Secret");
        assertThatThrownBy(() -> b.set(ALPHABETIC, GIVEN, "a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(ALPHABETIC, GIVEN, "a\\b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(ALPHABETIC, GIVEN, "a\rb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsComponentCountsOnly() {
        assertThat(PersonName.parse("Yamada^Tarou=山田^太郎=やまだ^たろう")).hasToString("PersonName[components 2=2=2]");
        assertThat(PersonName.parse("Smith")).hasToString("PersonName[components 1]");
        assertThat(PersonName.parse("")).hasToString("PersonName[empty]");
        assertThat(PersonName.parse("Adams^John^^Rev.^B.A.").toString()).doesNotContain("Adams", "John");
    }

    @Test
    void worksOnTextDecodedFromCodeExtensions() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("\\ISO 2022 IR 149");
        PersonName name = PersonName.builder()
                .set(ALPHABETIC, FAMILY, "Hong").set(ALPHABETIC, GIVEN, "Gildong")
                .set(IDEOGRAPHIC, FAMILY, "洪").set(IDEOGRAPHIC, GIVEN, "吉洞")
                .set(PHONETIC, FAMILY, "홍").set(PHONETIC, GIVEN, "길동")
                .build();

        byte[] encoded = cs.encode(name.format(), dev.ferry.api.VR.PN);

        assertThat(PersonName.parse(cs.decode(encoded, 0, encoded.length, dev.ferry.api.VR.PN))).isEqualTo(name);
        assertThat(encoded).isEqualTo(Bytes.of("Hong^Gildong=", Bytes.ESC, "$)C", 0xFB, 0xF3, "^", Bytes.ESC, "$)C",
                0xD1, 0xCE, 0xD4, 0xD7, "=", Bytes.ESC, "$)C", 0xC8, 0xAB, "^", Bytes.ESC, "$)C", 0xB1, 0xE6, 0xB5,
                0xBF));
    }
}
