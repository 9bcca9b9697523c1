package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.api.Dataset;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.DimseCommandException.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-formed command sets that are not valid messages: a typed error naming the message and the
 * element, never a value.
 */
class MalformedCommandTest {
    private static final String SECRET_UID = "1.2.826.0.1.3680043.2.1125.999";

    /** Each message with the elements PS3.7 requires of it (Command Field excepted, tested apart). */
    static Stream<Arguments> requiredElements() {
        return Stream.of(
                Arguments.of(CEchoRq.of(1), List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType)),
                Arguments.of(new CEchoRsp(1, UID.Verification, Status.SUCCESS),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new CStoreRq(1, UID.CTImageStorage, SECRET_UID, Priority.LOW, "A", 2),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.Priority, Tag.CommandDataSetType,
                                Tag.AffectedSOPInstanceUID)),
                Arguments.of(new CStoreRsp(1, UID.CTImageStorage, SECRET_UID, Status.SUCCESS),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new CFindRq(1, "1.2", Priority.LOW),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.Priority, Tag.CommandDataSetType)),
                Arguments.of(new CFindRsp(1, "1.2", Status.PENDING, true),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new CGetRq(1, "1.2", Priority.LOW),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.Priority, Tag.CommandDataSetType)),
                Arguments.of(new CGetRsp(1, "1.2", Status.PENDING, SubOperations.of(1, 2, 3, 4), false),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new CMoveRq(1, "1.2", Priority.LOW, "DEST"),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.Priority, Tag.CommandDataSetType,
                                Tag.MoveDestination)),
                Arguments.of(new CMoveRsp(1, "1.2", Status.PENDING, SubOperations.of(1, 2, 3, 4), false),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new CCancelRq(1), List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType)),
                Arguments.of(new NEventReportRq(1, "1.2", SECRET_UID, 1, true),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType,
                                Tag.AffectedSOPInstanceUID, Tag.EventTypeID)),
                Arguments.of(new NEventReportRsp(1, "1.2", SECRET_UID, 1, Status.SUCCESS, false),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new NGetRq(1, "1.2", SECRET_UID, List.of(Tag.PatientID)),
                        List.of(Tag.RequestedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType,
                                Tag.RequestedSOPInstanceUID)),
                Arguments.of(new NSetRq(1, "1.2", SECRET_UID),
                        List.of(Tag.RequestedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType,
                                Tag.RequestedSOPInstanceUID)),
                Arguments.of(new NActionRq(1, "1.2", SECRET_UID, 1, true),
                        List.of(Tag.RequestedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType,
                                Tag.RequestedSOPInstanceUID, Tag.ActionTypeID)),
                Arguments.of(new NActionRsp(1, "1.2", SECRET_UID, 1, Status.SUCCESS, true),
                        List.of(Tag.MessageIDBeingRespondedTo, Tag.CommandDataSetType, Tag.Status)),
                Arguments.of(new NCreateRq(1, "1.2", SECRET_UID, true),
                        List.of(Tag.AffectedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType)),
                Arguments.of(new NDeleteRq(1, "1.2", SECRET_UID),
                        List.of(Tag.RequestedSOPClassUID, Tag.MessageID, Tag.CommandDataSetType,
                                Tag.RequestedSOPInstanceUID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredElements")
    void aMissingRequiredElementIsNamed(DimseMessage message, List<Integer> required) {
        for (int tag : required) {
            Dataset command = message.toCommand();
            command.remove(tag);

            DimseCommandException e = parseError(command);

            assertThat(e.kind()).as(Tags.describe(tag)).isEqualTo(Kind.MISSING_ELEMENT);
            assertThat(e.tag()).isEqualTo(tag);
            assertThat(e.commandField()).isEqualTo(message.commandField());
            assertThat(e.reason()).isEqualTo(ReasonCode.INVALID_VALUE);
            assertThat(e.getMessage()).contains(message.commandField().label(), Tags.describe(tag))
                    .doesNotContain(SECRET_UID);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredElements")
    void everyOtherElementIsOptional(DimseMessage message, List<Integer> required) {
        for (int tag : message.toCommand().tags()) {
            if (tag == Tag.CommandField || required.contains(tag)) {
                continue;
            }
            Dataset command = message.toCommand();
            command.remove(tag);

            assertThat(DimseMessage.parse(command)).as(Tags.describe(tag)).isNotEqualTo(message)
                    .isInstanceOf(message.getClass());
        }
    }

    @Test
    void aCStoreRequestWithoutAffectedSopInstanceUidIsRefusedNamingIt() {
        Dataset command = CStoreRq.of(1, UID.CTImageStorage, SECRET_UID, Priority.MEDIUM).toCommand();
        command.remove(Tag.AffectedSOPInstanceUID);

        DimseCommandException e = parseError(command);

        assertThat(e.getMessage()).isEqualTo("INVALID_VALUE: C-STORE-RQ: required element absent or empty"
                + " [AffectedSOPInstanceUID (0000,1000)] (MISSING_ELEMENT)");
    }

    @Test
    void anEmptyRequiredUidIsMissing() {
        Dataset command = CStoreRq.of(1, UID.CTImageStorage, SECRET_UID, Priority.MEDIUM).toCommand();
        command.setEmpty(Tag.AffectedSOPInstanceUID, VR.UI);

        assertThat(parseError(command).kind()).isEqualTo(Kind.MISSING_ELEMENT);
    }

    @Test
    void anUnknownCommandFieldIsRefused() {
        Dataset command = CEchoRq.of(1).toCommand().setInts(Tag.CommandField, VR.US, 0x0002);

        DimseCommandException e = parseError(command);

        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_COMMAND_FIELD);
        assertThat(e.tag()).isEqualTo(Tag.CommandField);
        assertThat(e.commandField()).isNull();
        assertThat(e.getMessage()).contains("0002H");
    }

    @Test
    void aMissingCommandFieldIsRefused() {
        Dataset command = CEchoRq.of(1).toCommand();
        command.remove(Tag.CommandField);

        DimseCommandException e = parseError(command);

        assertThat(e.kind()).isEqualTo(Kind.MISSING_ELEMENT);
        assertThat(e.tag()).isEqualTo(Tag.CommandField);
    }

    @Test
    void aDataSetWhereTheMessageHasNoneIsRefused() {
        Dataset echo = CEchoRq.of(1).toCommand().setInts(Tag.CommandDataSetType, VR.US, 0x0001);
        Dataset storeRsp = new CStoreRsp(1, null, null, Status.SUCCESS).toCommand()
                .setInts(Tag.CommandDataSetType, VR.US, 0x0000);

        assertThat(parseError(echo).kind()).isEqualTo(Kind.DATA_SET_MISMATCH);
        assertThat(parseError(storeRsp).kind()).isEqualTo(Kind.DATA_SET_MISMATCH);
        assertThat(parseError(storeRsp).tag()).isEqualTo(Tag.CommandDataSetType);
    }

    @Test
    void noDataSetWhereTheMessageRequiresOneIsRefused() {
        Dataset store = CStoreRq.of(1, UID.CTImageStorage, SECRET_UID, Priority.MEDIUM).toCommand()
                .setInts(Tag.CommandDataSetType, VR.US, 0x0101);
        Dataset move = new CMoveRq(1, "1.2", Priority.LOW, "DEST").toCommand()
                .setInts(Tag.CommandDataSetType, VR.US, 0x0101);

        assertThat(parseError(store).kind()).isEqualTo(Kind.DATA_SET_MISMATCH);
        assertThat(parseError(move).getMessage()).contains("C-MOVE-RQ", "requires one");
    }

    @Test
    void anyCommandDataSetTypeButNullMeansADataSetFollows() {
        for (int code : new int[] {0x0000, 0x0001, 0x0102, 0xFEFE}) {
            Dataset command = new CFindRsp(1, null, Status.PENDING, false).toCommand()
                    .setInts(Tag.CommandDataSetType, VR.US, code);

            assertThat(DimseMessage.parse(command).hasDataSet()).as("%04X", code).isTrue();
        }
    }

    @Test
    void anUnknownPriorityIsRefused() {
        Dataset command = new CFindRq(1, "1.2", Priority.LOW).toCommand().setInts(Tag.Priority, VR.US, 3);

        DimseCommandException e = parseError(command);

        assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
        assertThat(e.tag()).isEqualTo(Tag.Priority);
    }

    @Test
    void aUsValueOfTheWrongSizeIsRefused() {
        Dataset three = CEchoRq.of(1).toCommand().setBytes(Tag.MessageID, VR.US, new byte[] {1, 0, 0});
        Dataset wide = CEchoRq.of(1).toCommand().setBytes(Tag.MessageID, VR.US, new byte[] {1, 0, 1, 0});
        Dataset asUl = CEchoRq.of(1).toCommand().setBytes(Tag.MessageID, VR.US, new byte[] {9, 1, 0, 0});

        assertThat(parseError(three).kind()).isEqualTo(Kind.INVALID_VALUE);
        assertThat(parseError(three).tag()).isEqualTo(Tag.MessageID);
        assertThat(parseError(wide).getMessage()).contains("a US value of 4 bytes");
        assertThat(((CEchoRq) DimseMessage.parse(asUl)).messageId()).isEqualTo(0x0109);
    }

    @Test
    void aTextVrWhereANumberBelongsIsRefused() {
        Dataset command = CEchoRq.of(1).toCommand().setString(Tag.MessageID, VR.IS, "1");

        assertThat(parseError(command).kind()).isEqualTo(Kind.INVALID_VALUE);
    }

    @Test
    void anOffendingElementListOfTheWrongSizeIsRefused() {
        Dataset command = new CStoreRsp(1, null, null, Status.of(0xC000)).toCommand()
                .setBytes(Tag.OffendingElement, VR.AT, new byte[6]);

        DimseCommandException e = parseError(command);

        assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
        assertThat(e.tag()).isEqualTo(Tag.OffendingElement);
    }

    @Test
    void paddingAndSurroundingSpacesAreNotPartOfAValue() {
        Dataset command = new CMoveRq(1, "1.2", Priority.LOW, "DEST").toCommand()
                .setString(Tag.MoveDestination, VR.AE, "  DEST  ")
                .setBytes(Tag.AffectedSOPClassUID, VR.UI, new byte[] {'1', '.', '2', 0});

        CMoveRq rq = (CMoveRq) DimseMessage.parse(command);

        assertThat(rq.moveDestination()).isEqualTo("DEST");
        assertThat(rq.affectedSopClassUid()).isEqualTo("1.2");
    }

    private static DimseCommandException parseError(Dataset command) {
        DimseCommandException e = catchThrowableOfType(DimseCommandException.class, () -> DimseMessage.parse(command));
        assertThat(e).as("a DimseCommandException").isNotNull();
        return e;
    }
}
