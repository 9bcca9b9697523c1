package dev.ferry.hl7.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Demographics;
import org.junit.jupiter.api.Test;

class DemographicsCheckTest {
    static Demographics d(String name, String birth, String sex) {
        return new Demographics(name, birth, sex);
    }

    @Test
    void namesIgnoreCaseAccentsWhitespaceAndIdeographicGroups() {
        DemographicsCheck strict = DemographicsCheck.strict();
        assertThat(strict.differences(d("Müller^José", "", ""), d("MULLER ^ JOSE", "", ""))).isEmpty();
        assertThat(strict.differences(d("O BRIEN^SEAN^^DR", "", ""), d("OBrien^Sean", "", ""))).isEmpty();
        assertThat(strict.differences(d("YAMADA^TARO=山田^太郎", "", ""), d("Yamada^Taro", "", ""))).isEmpty();
        assertThat(strict.differences(d("DOE^JANE^A", "", ""), d("DOE^JANE^B", "", ""))).containsExactly("name");
        assertThat(strict.differences(d("DOE^JANE", "", ""), d("DOE^JOHN", "", ""))).containsExactly("name");
        assertThat(strict.differences(d("", "", ""), d("DOE^JOHN", "", ""))).isEmpty();
        assertThat(strict.differences(d("^", "", ""), d("DOE^JOHN", "", ""))).isEmpty();
    }

    @Test
    void nameToleranceIsAnEditDistance() {
        DemographicsCheck one = DemographicsCheck.builder().nameEditDistance(1).build();
        assertThat(one.differences(d("SMITH^JON", "", ""), d("SMITH^JOHN", "", ""))).isEmpty();
        assertThat(one.differences(d("SMYTHE^JON", "", ""), d("SMITH^JOHN", "", ""))).containsExactly("name");
        assertThat(DemographicsCheck.levenshtein("KITTEN", "SITTING", 5)).isEqualTo(3);
        assertThat(DemographicsCheck.levenshtein("KITTEN", "SITTING", 1)).isEqualTo(2);
    }

    @Test
    void birthDatesExactOrWithDayMonthSwap() {
        DemographicsCheck strict = DemographicsCheck.strict();
        assertThat(strict.differences(d("", "19700131", ""), d("", "1970-01-31", ""))).isEmpty();
        assertThat(strict.differences(d("", "19700102", ""), d("", "19700201", ""))).containsExactly("birth date");
        DemographicsCheck swap = DemographicsCheck.builder().allowDayMonthSwap(true).build();
        assertThat(swap.differences(d("", "19700102", ""), d("", "19700201", ""))).isEmpty();
        assertThat(swap.differences(d("", "19700102", ""), d("", "19710201", ""))).containsExactly("birth date");
        assertThat(strict.differences(d("", "", ""), d("", "19700201", ""))).isEmpty();
    }

    @Test
    void sexUnknownMatchesAnything() {
        DemographicsCheck strict = DemographicsCheck.strict();
        assertThat(strict.differences(d("", "", "M"), d("", "", "F"))).containsExactly("sex");
        assertThat(strict.differences(d("", "", "m"), d("", "", "M "))).isEmpty();
        assertThat(strict.differences(d("", "", "U"), d("", "", "F"))).isEmpty();
        assertThat(strict.differences(d("", "", ""), d("", "", "F"))).isEmpty();
        assertThat(DemographicsCheck.builder().checkSex(false).build().differences(d("", "", "M"), d("", "", "F")))
                .isEmpty();
    }

    @Test
    void reportsEveryDifferingFieldInOrder() {
        assertThat(DemographicsCheck.strict().differences(d("A^B", "20000101", "M"), d("C^D", "20000102", "F")))
                .containsExactly("name", "birth date", "sex");
    }
}
