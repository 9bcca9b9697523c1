package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Tag;
import dev.ferry.dicom.net.dimse.Status.Category;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Status classes of PS3.7 Annex C and the meanings of PS3.4 per service. */
class StatusTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0000, SUCCESS",
            "FF00, PENDING", "FF01, PENDING",
            "FE00, CANCEL",
            "0001, WARNING", "0107, WARNING", "0116, WARNING",
            "B000, WARNING", "B006, WARNING", "B007, WARNING", "BFFF, WARNING",
            "A700, FAILURE", "A701, FAILURE", "A702, FAILURE", "A7FF, FAILURE", "A801, FAILURE",
            "A900, FAILURE", "A9FF, FAILURE", "A000, FAILURE",
            "C000, FAILURE", "C001, FAILURE", "C201, FAILURE", "CFFF, FAILURE",
            "0105, FAILURE", "0106, FAILURE", "0110, FAILURE", "0111, FAILURE", "0112, FAILURE",
            "0113, FAILURE", "0114, FAILURE", "0115, FAILURE", "0117, FAILURE", "0118, FAILURE",
            "0119, FAILURE", "0120, FAILURE", "0121, FAILURE", "0122, FAILURE", "0123, FAILURE",
            "0124, FAILURE", "0210, FAILURE", "0211, FAILURE", "0212, FAILURE", "0213, FAILURE",
            "0100, FAILURE", "01FF, FAILURE", "02FF, FAILURE",
            // Codes outside every class, which PS3.7 forbids: the safe reading is failure.
            "0002, FAILURE", "00FF, FAILURE", "1000, FAILURE", "9000, FAILURE", "D000, FAILURE",
            "FE01, FAILURE", "FF02, FAILURE", "FFFF, FAILURE"})
    void classifiesByTheStatusClassConvention(String hex, Category category) {
        Status status = Status.of(Integer.parseInt(hex, 16));

        assertThat(status.category()).isEqualTo(category);
        assertThat(status.isSuccess()).isEqualTo(category == Category.SUCCESS);
        assertThat(status.isWarning()).isEqualTo(category == Category.WARNING);
        assertThat(status.isFailure()).isEqualTo(category == Category.FAILURE);
        assertThat(status.isCancel()).isEqualTo(category == Category.CANCEL);
        assertThat(status.isPending()).isEqualTo(category == Category.PENDING);
    }

    @ParameterizedTest(name = "{0}: retryable {1}")
    @CsvSource({
            "A700, true", "A701, true", "A702, true", "A7FF, true", "0213, true",
            "A900, false", "A9FF, false", "C000, false", "CFFF, false", "0122, false", "0124, false",
            "A801, false", "0111, false", "0110, false", "0210, false", "0212, false", "D000, false",
            "0000, false", "B000, false", "FF00, false", "FE00, false"})
    void onlyALackOfResourcesIsWorthRetrying(String hex, boolean retryable) {
        Status status = Status.of(Integer.parseInt(hex, 16));

        assertThat(status.isRetryable()).isEqualTo(retryable);
        assertThat(status.isPermanentFailure()).isEqualTo(status.isFailure() && !retryable);
    }

    static Stream<Arguments> meanings() {
        return Stream.of(
                // C-STORE, PS3.4 B.2.3
                Arguments.of(CommandField.C_STORE_RSP, 0xA700, "Refused: Out of Resources"),
                Arguments.of(CommandField.C_STORE_RSP, 0xA7C3, "Refused: Out of Resources"),
                Arguments.of(CommandField.C_STORE_RQ, 0xA900, "Error: Data Set does not match SOP Class"),
                Arguments.of(CommandField.C_STORE_RSP, 0xC123, "Error: Cannot understand"),
                Arguments.of(CommandField.C_STORE_RSP, 0xB000, "Coercion of Data Elements"),
                Arguments.of(CommandField.C_STORE_RSP, 0xB006, "Elements Discarded"),
                Arguments.of(CommandField.C_STORE_RSP, 0xB007, "Data Set does not match SOP Class"),
                Arguments.of(CommandField.C_STORE_RSP, 0xB123, "Warning (implementation-specific code)"),
                Arguments.of(CommandField.C_STORE_RSP, 0x0122, "Refused: SOP Class not supported"),
                Arguments.of(CommandField.C_STORE_RSP, 0x0124, "Refused: not authorized"),
                Arguments.of(CommandField.C_STORE_RSP, 0x0000, "Success"),
                // C-FIND, PS3.4 C.4.1.1.4
                Arguments.of(CommandField.C_FIND_RSP, 0x0000, "Matching is complete"),
                Arguments.of(CommandField.C_FIND_RSP, 0xFF00,
                        "Matches are continuing: current match supplied, Optional Keys supported"),
                Arguments.of(CommandField.C_FIND_RSP, 0xFF01,
                        "Matches are continuing: one or more Optional Keys were not supported"),
                Arguments.of(CommandField.C_FIND_RSP, 0xFE00, "Matching terminated due to Cancel request"),
                Arguments.of(CommandField.C_FIND_RSP, 0xA700, "Refused: Out of Resources"),
                Arguments.of(CommandField.C_FIND_RSP, 0xA900, "Identifier does not match SOP Class"),
                Arguments.of(CommandField.C_FIND_RSP, 0xC001, "Unable to process"),
                // C-MOVE, PS3.4 C.4.2.1.5
                Arguments.of(CommandField.C_MOVE_RSP, 0x0000, "Sub-operations complete: no failures"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xB000, "Sub-operations complete: one or more failures"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xFF00, "Sub-operations are continuing"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xFE00, "Sub-operations terminated due to Cancel indication"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xA701,
                        "Refused: Out of Resources: unable to calculate number of matches"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xA702,
                        "Refused: Out of Resources: unable to perform sub-operations"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xA801, "Refused: Move Destination unknown"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xA900, "Identifier does not match SOP Class"),
                Arguments.of(CommandField.C_MOVE_RSP, 0xC000, "Unable to process"),
                // C-GET, PS3.4 C.4.3.1.4: no Move Destination, warnings count
                Arguments.of(CommandField.C_GET_RSP, 0xB000, "Sub-operations complete: one or more failures or warnings"),
                Arguments.of(CommandField.C_GET_RSP, 0x0000, "Sub-operations complete: no failures or warnings"),
                Arguments.of(CommandField.C_GET_RSP, 0xA801, "Failure (implementation-specific code)"),
                // General meanings, PS3.7 Annex C, whatever the service
                Arguments.of(CommandField.C_ECHO_RSP, 0x0000, "Success"),
                Arguments.of(CommandField.C_ECHO_RSP, 0x0211, "Unrecognized operation"),
                Arguments.of(CommandField.N_ACTION_RSP, 0x0110, "Processing failure"),
                Arguments.of(CommandField.N_ACTION_RSP, 0x0119, "Class-instance conflict"),
                Arguments.of(CommandField.N_ACTION_RSP, 0x0123, "No such action"),
                Arguments.of(CommandField.N_EVENT_REPORT_RSP, 0x0113, "No such event type"),
                Arguments.of(CommandField.N_SET_RSP, 0x0107, "Attribute list error"),
                Arguments.of(CommandField.N_SET_RSP, 0x0116, "Attribute Value out of range"),
                Arguments.of(CommandField.N_CREATE_RSP, 0x0111, "Duplicate SOP Instance"),
                Arguments.of(CommandField.N_GET_RSP, 0x0117, "Invalid SOP Instance"),
                Arguments.of(CommandField.N_GET_RSP, 0x0118, "No such SOP Class"),
                Arguments.of(CommandField.N_DELETE_RSP, 0x0213, "Resource limitation"),
                Arguments.of(CommandField.N_DELETE_RSP, 0xC201, "Failure (implementation-specific code)"),
                Arguments.of(CommandField.N_DELETE_RSP, 0x01AB, "Failure (code reserved by the standard)"),
                Arguments.of(CommandField.N_DELETE_RSP, 0x1234, "Failure (not a status code PS3.7 allows)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("meanings")
    void describesTheMeaningTheServiceGivesTheCode(CommandField service, int code, String meaning) {
        assertThat(Status.of(code).describe(service)).isEqualTo(meaning);
    }

    @Test
    void withoutAServiceTheGeneralMeaningOrTheClass() {
        assertThat(Status.of(0x0000).describe()).isEqualTo("Success");
        assertThat(Status.of(0xFF00).describe()).isEqualTo("Pending");
        assertThat(Status.of(0xFE00).describe()).isEqualTo("Cancel");
        assertThat(Status.of(0x0122).describe()).isEqualTo("Refused: SOP Class not supported");
        assertThat(Status.of(0xB000).describe()).isEqualTo("Warning (implementation-specific code)");
        assertThat(Status.of(0xA700).describe()).isEqualTo("Failure (implementation-specific code)");
        assertThat(Status.of(0xA700).describe(null)).isEqualTo(Status.of(0xA700).describe());
    }

    @Test
    void carriesTheErrorFieldsOfTheResponse() {
        Status status = Status.of(0xC000).withErrorComment("cannot parse").withOffendingElements(Tag.PixelData)
                .withErrorId(0x0042);

        assertThat(status.code()).isEqualTo(0xC000);
        assertThat(status.errorComment()).isEqualTo("cannot parse");
        assertThat(status.offendingElements()).containsExactly(Tag.PixelData);
        assertThat(status.errorId()).isEqualTo(0x0042);
        assertThat(Status.of(0xC000)).isEqualTo(new Status(0xC000, null, null, null));
    }

    @Test
    void toStringNeverPrintsTheErrorComment() {
        Status status = Status.of(0xA900).withErrorComment("PatientID 12345 conflicts").withOffendingElements(Tag.PatientID);

        assertThat(status.toString()).isEqualTo("Status[A900 FAILURE, offending (0010,0020), with error comment]")
                .doesNotContain("12345");
        assertThat(Status.SUCCESS.toString()).isEqualTo("Status[0000 SUCCESS]");
    }

    @Test
    void refusesCodesThatAreNotUnsignedShorts() {
        assertThatThrownBy(() -> Status.of(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("code");
        assertThatThrownBy(() -> Status.of(0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Status.SUCCESS.withErrorId(0x10000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorId");
    }

    @Test
    void constantsAreWhatTheyName() {
        assertThat(Status.SUCCESS.isSuccess()).isTrue();
        assertThat(Status.PENDING.code()).isEqualTo(0xFF00);
        assertThat(Status.CANCEL.code()).isEqualTo(0xFE00);
    }
}
