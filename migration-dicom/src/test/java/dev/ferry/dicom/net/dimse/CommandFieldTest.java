package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Command Field values of PS3.7 Annex E, table E.1-1, and Priority. */
class CommandFieldTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "C_STORE_RQ, 0001, C-STORE-RQ", "C_STORE_RSP, 8001, C-STORE-RSP",
            "C_GET_RQ, 0010, C-GET-RQ", "C_GET_RSP, 8010, C-GET-RSP",
            "C_FIND_RQ, 0020, C-FIND-RQ", "C_FIND_RSP, 8020, C-FIND-RSP",
            "C_MOVE_RQ, 0021, C-MOVE-RQ", "C_MOVE_RSP, 8021, C-MOVE-RSP",
            "C_ECHO_RQ, 0030, C-ECHO-RQ", "C_ECHO_RSP, 8030, C-ECHO-RSP",
            "N_EVENT_REPORT_RQ, 0100, N-EVENT-REPORT-RQ", "N_EVENT_REPORT_RSP, 8100, N-EVENT-REPORT-RSP",
            "N_GET_RQ, 0110, N-GET-RQ", "N_GET_RSP, 8110, N-GET-RSP",
            "N_SET_RQ, 0120, N-SET-RQ", "N_SET_RSP, 8120, N-SET-RSP",
            "N_ACTION_RQ, 0130, N-ACTION-RQ", "N_ACTION_RSP, 8130, N-ACTION-RSP",
            "N_CREATE_RQ, 0140, N-CREATE-RQ", "N_CREATE_RSP, 8140, N-CREATE-RSP",
            "N_DELETE_RQ, 0150, N-DELETE-RQ", "N_DELETE_RSP, 8150, N-DELETE-RSP",
            "C_CANCEL_RQ, 0FFF, C-CANCEL-RQ"})
    void codesAreThoseOfTableE1(CommandField field, String hex, String label) {
        int code = Integer.parseInt(hex, 16);

        assertThat(field.code()).isEqualTo(code);
        assertThat(field.label()).isEqualTo(label);
        assertThat(CommandField.forCode(code)).contains(field);
    }

    @ParameterizedTest
    @EnumSource(CommandField.class)
    void requestsAndResponsesPair(CommandField field) {
        if (field == CommandField.C_CANCEL_RQ) {
            assertThat(field.isRequest()).isTrue();
            assertThat(field.response()).isEmpty();
        } else if (field.isRequest()) {
            CommandField response = field.response().orElseThrow();
            assertThat(response.isResponse()).isTrue();
            assertThat(response.request()).isEqualTo(field);
            assertThat(response.code()).isEqualTo(field.code() | 0x8000);
        } else {
            assertThat(field.request().response()).contains(field);
        }
    }

    @Test
    void unknownCodesHaveNoCommandField() {
        assertThat(CommandField.forCode(0x0002)).isEmpty();
        assertThat(CommandField.forCode(0x8FFF)).isEmpty();
        assertThat(CommandField.forCode(-1)).isEmpty();
    }

    @Test
    void prioritiesHaveTheCodesOfAnnexE() {
        assertThat(Priority.MEDIUM.code()).isEqualTo(0x0000);
        assertThat(Priority.HIGH.code()).isEqualTo(0x0001);
        assertThat(Priority.LOW.code()).isEqualTo(0x0002);
        assertThat(Arrays.stream(Priority.values()).map(p -> Priority.forCode(p.code())))
                .containsExactly(Optional.of(Priority.MEDIUM), Optional.of(Priority.HIGH), Optional.of(Priority.LOW));
        assertThat(Priority.forCode(3)).isEmpty();
    }
}
