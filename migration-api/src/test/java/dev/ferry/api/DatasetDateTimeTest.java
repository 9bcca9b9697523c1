package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DatasetDateTimeTest {

    private static Dataset with(int tag, VR vr, String value) {
        return new Dataset().setString(tag, vr, value);
    }

    @ParameterizedTest
    @CsvSource({"20200131, 2020-01-31", "2020.01.31, 2020-01-31", "'19991231 ', 1999-12-31", "20000229, 2000-02-29"})
    void datesInDicomAndAcrNemaForm(String value, LocalDate expected) {
        assertThat(with(Tag.StudyDate, VR.DA, value).getDate(Tag.StudyDate)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020013", "20201301", "20190229", "2020-01-31", "TODAY", "x20200131"})
    void malformedDatesNameTheTagNotTheValue(String value) {
        Dataset ds = with(Tag.PatientBirthDate, VR.DA, value);
        assertThatThrownBy(() -> ds.getDate(Tag.PatientBirthDate))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("(0010,0030)")
                .hasMessageNotContaining(value);
    }

    @Test
    void theFirstOfSeveralDatesIsReturned() {
        assertThat(with(Tag.CalibrationDate, VR.DA, "20200101\\20210101").getDate(Tag.CalibrationDate))
                .isEqualTo(LocalDate.of(2020, 1, 1));
    }

    @Test
    void absentOrEmptyIsNull() {
        Dataset ds = with(Tag.StudyDate, VR.DA, "");
        assertThat(ds.getDate(Tag.StudyDate)).isNull();
        assertThat(ds.getTime(Tag.StudyTime)).isNull();
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime)).isNull();
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime, ZoneOffset.UTC)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "10, 10:00", "1015, 10:15", "101530, 10:15:30", "101530.1, 10:15:30.100", "101530.123456, 10:15:30.123456",
        "10:15:30, 10:15:30", "'101530 ', 10:15:30", "235960, 23:59:59.999999"})
    void timesIncludingPartialAndLegacyForms(String value, LocalTime expected) {
        assertThat(with(Tag.StudyTime, VR.TM, value).getTime(Tag.StudyTime)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "250000", "106000", "101530.1234567", "10.5", "noon"})
    void malformedTimes(String value) {
        assertThatThrownBy(() -> with(Tag.StudyTime, VR.TM, value).getTime(Tag.StudyTime))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("(0008,0030)");
    }

    @ParameterizedTest
    @CsvSource({
        "2020, 2020-01-01T00:00", "202006, 2020-06-01T00:00", "20200615103000, 2020-06-15T10:30",
        "20200615103000.5+0200, 2020-06-15T10:30:00.500", "20200615-0500, 2020-06-15T00:00"})
    void dateTimesAsLocalIgnoreTheOffset(String value, LocalDateTime expected) {
        assertThat(with(Tag.AcquisitionDateTime, VR.DT, value).getDateTime(Tag.AcquisitionDateTime))
                .isEqualTo(expected);
    }

    @Test
    void dateTimeOffsetsAreKeptAndTheDefaultAppliesOnlyWhenAbsent() {
        ZoneOffset plusOne = ZoneOffset.ofHours(1);
        assertThat(with(Tag.AcquisitionDateTime, VR.DT, "20200615103000+0530")
                .getDateTime(Tag.AcquisitionDateTime, plusOne))
                .isEqualTo(OffsetDateTime.of(2020, 6, 15, 10, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        assertThat(with(Tag.AcquisitionDateTime, VR.DT, "20200615103000-0330")
                .getDateTime(Tag.AcquisitionDateTime, plusOne).getOffset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(-3, -30));
        assertThat(with(Tag.AcquisitionDateTime, VR.DT, "20200615103000")
                .getDateTime(Tag.AcquisitionDateTime, plusOne))
                .isEqualTo(OffsetDateTime.of(2020, 6, 15, 10, 30, 0, 0, plusOne));
    }

    @ParameterizedTest
    @ValueSource(strings = {"202", "20201301", "20200615103000+25", "20200615103000+2500", "2020-06-15T10:30"})
    void malformedDateTimes(String value) {
        assertThatThrownBy(() -> with(Tag.AcquisitionDateTime, VR.DT, value).getDateTime(Tag.AcquisitionDateTime))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("(0008,002A)");
    }
}
