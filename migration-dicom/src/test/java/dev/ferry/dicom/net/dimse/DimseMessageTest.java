package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message type to a command and back, with its optional elements present and absent. */
class DimseMessageTest {
    private static final String CT = UID.CTImageStorage;
    private static final String MODEL = UID.StudyRootQueryRetrieveInformationModelFind;
    private static final Status FAILED = Status.of(0xA900).withErrorComment("no such key")
            .withOffendingElements(Tag.PatientID, Tag.StudyDate).withErrorId(0xA710);

    /** One message per type with every optional element present, and one with none where there are any. */
    static Stream<DimseMessage> messages() {
        return Stream.of(
                CEchoRq.of(1),
                new CEchoRsp(1, UID.Verification, Status.SUCCESS),
                new CEchoRsp(65535, null, Status.of(0x0211)),
                new CStoreRq(2, CT, "1.2.3.4", Priority.HIGH, "LEGACY_PACS", 77),
                CStoreRq.of(0, CT, "1.2.3.4", Priority.MEDIUM),
                new CStoreRsp(2, CT, "1.2.3.4", Status.of(0xB000).withOffendingElements(Tag.PatientName)),
                new CStoreRsp(2, null, null, Status.of(0xA700).withErrorComment("disk full")),
                new CFindRq(3, MODEL, Priority.LOW),
                new CFindRsp(3, MODEL, Status.of(0xFF01), true),
                new CFindRsp(3, null, FAILED, false),
                new CGetRq(4, UID.StudyRootQueryRetrieveInformationModelGet, Priority.MEDIUM),
                new CGetRsp(4, UID.StudyRootQueryRetrieveInformationModelGet, Status.PENDING,
                        SubOperations.of(10, 5, 1, 0), false),
                new CGetRsp(4, null, Status.of(0xB000), SubOperations.done(14, 1, 1), true),
                new CMoveRq(5, UID.StudyRootQueryRetrieveInformationModelMove, Priority.MEDIUM, "FERRY"),
                new CMoveRsp(5, UID.StudyRootQueryRetrieveInformationModelMove, Status.CANCEL,
                        SubOperations.done(3, 0, 0), true),
                new CMoveRsp(5, null, Status.of(0xA801), SubOperations.NONE, false),
                new CCancelRq(3),
                new NEventReportRq(6, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 2, true),
                new NEventReportRq(6, "1.2.3", "1.2.3.4", 1, false),
                new NEventReportRsp(6, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 2,
                        Status.SUCCESS, false),
                new NEventReportRsp(6, null, null, null, Status.of(0x0113), true),
                new NGetRq(7, "1.2.3", "1.2.3.4", List.of(Tag.PatientID, Tag.StudyInstanceUID)),
                new NGetRq(7, "1.2.3", "1.2.3.4", List.of()),
                new NGetRsp(7, "1.2.3", "1.2.3.4", Status.of(0x0001), true),
                new NGetRsp(7, null, null, Status.of(0x0112), false),
                new NSetRq(8, "1.2.3", "1.2.3.4"),
                new NSetRsp(8, "1.2.3", "1.2.3.4", Status.of(0x0116), true),
                new NSetRsp(8, null, null, Status.SUCCESS, false),
                NActionRq.requestStorageCommitment(9),
                new NActionRq(9, "1.2.3", "1.2.3.4", 3, false),
                new NActionRsp(9, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1,
                        Status.SUCCESS, false),
                new NActionRsp(9, null, null, null, Status.of(0x0123), true),
                new NCreateRq(10, "1.2.3", "1.2.3.4", true),
                new NCreateRq(10, "1.2.3", null, false),
                new NCreateRsp(10, "1.2.3", "1.2.3.4", Status.SUCCESS, true),
                new NCreateRsp(10, null, null, Status.of(0x0111), false),
                new NDeleteRq(11, "1.2.3", "1.2.3.4"),
                new NDeleteRsp(11, "1.2.3", "1.2.3.4", Status.SUCCESS),
                new NDeleteRsp(11, null, null, Status.of(0x0124).withErrorId(7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void parsesBackFromItsCommand(DimseMessage message) {
        assertThat(DimseMessage.parse(message.toCommand())).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesBackFromItsEncoding(DimseMessage message) {
        byte[] encoded = message.encode();

        CommandCodec.Decoded decoded = CommandCodec.decode(encoded);

        assertThat(decoded.warnings()).isEmpty();
        assertThat(DimseMessage.parse(decoded.command())).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void commandSaysWhatTheMessageIsAndWhetherADataSetFollows(DimseMessage message) {
        Dataset command = message.toCommand();

        assertThat(command.getInt(Tag.CommandField, -1)).isEqualTo(message.commandField().code());
        assertThat(command.getInt(Tag.CommandDataSetType, -1)).isEqualTo(message.hasDataSet() ? 0x0001 : 0x0101);
        assertThat(java.util.Arrays.stream(command.tags()).map(tag -> tag >>> 16)).containsOnly(0);
        assertThat(command.contains(Tag.CommandGroupLength)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void itsOwnTypedParseReadsItAndEveryOtherRefusesIt(DimseMessage message) {
        Dataset command = message.toCommand();

        assertThat(PARSERS.get(message.commandField()).apply(command)).isEqualTo(message);
        PARSERS.forEach((field, parser) -> {
            if (field != message.commandField()) {
                assertThatThrownBy(() -> parser.apply(command)).as(field.label())
                        .isInstanceOfSatisfying(DimseCommandException.class, e -> {
                            assertThat(e.kind()).isEqualTo(DimseCommandException.Kind.INVALID_VALUE);
                            assertThat(e.tag()).isEqualTo(Tag.CommandField);
                            assertThat(e.commandField()).isEqualTo(field);
                            assertThat(e.getMessage()).contains(message.commandField().label());
                        });
            }
        });
    }

    @Test
    void everyCommandFieldHasAMessageType() {
        Set<CommandField> covered = messages().map(DimseMessage::commandField).collect(Collectors.toSet());

        assertThat(covered).isEqualTo(EnumSet.allOf(CommandField.class));
    }

    @Test
    void requestsAndResponsesAreToldApart() {
        assertThat(messages()).allSatisfy(m -> {
            if (m instanceof DimseRequest) {
                assertThat(m.commandField().isRequest()).isTrue();
            } else if (m instanceof DimseResponse) {
                assertThat(m.commandField().isResponse()).isTrue();
            } else {
                assertThat(m).isInstanceOf(CCancelRq.class);
            }
        });
    }

    @Test
    void fixedDataSetPresenceFollowsPs37() {
        assertThat(CStoreRq.of(1, CT, "1.2.3", Priority.MEDIUM).hasDataSet()).isTrue();
        assertThat(new CFindRq(1, MODEL, Priority.MEDIUM).hasDataSet()).isTrue();
        assertThat(new CGetRq(1, MODEL, Priority.MEDIUM).hasDataSet()).isTrue();
        assertThat(new CMoveRq(1, MODEL, Priority.MEDIUM, "X").hasDataSet()).isTrue();
        assertThat(new NSetRq(1, "1.2", "1.2.3").hasDataSet()).isTrue();
        assertThat(CEchoRq.of(1).hasDataSet()).isFalse();
        assertThat(new CEchoRsp(1, null, Status.SUCCESS).hasDataSet()).isFalse();
        assertThat(new CStoreRsp(1, null, null, Status.SUCCESS).hasDataSet()).isFalse();
        assertThat(new CCancelRq(1).hasDataSet()).isFalse();
        assertThat(new NGetRq(1, "1.2", "1.2.3", null).hasDataSet()).isFalse();
        assertThat(new NDeleteRq(1, "1.2", "1.2.3").hasDataSet()).isFalse();
        assertThat(new NDeleteRsp(1, null, null, Status.SUCCESS).hasDataSet()).isFalse();
    }

    @Test
    void responsesBuiltFromTheirRequestEchoItsFields() {
        CStoreRq store = new CStoreRq(12, CT, "1.2.3.4", Priority.LOW, "MOVER", 3);
        NEventReportRq report = new NEventReportRq(13, UID.StorageCommitmentPushModel,
                UID.StorageCommitmentPushModelInstance, 1, true);

        assertThat(CStoreRsp.to(store, Status.SUCCESS)).isEqualTo(new CStoreRsp(12, CT, "1.2.3.4", Status.SUCCESS));
        assertThat(CEchoRsp.to(CEchoRq.of(14), Status.SUCCESS)).isEqualTo(new CEchoRsp(14, UID.Verification, Status.SUCCESS));
        assertThat(NEventReportRsp.to(report, Status.SUCCESS)).isEqualTo(new NEventReportRsp(13,
                UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance, 1, Status.SUCCESS, false));
    }

    @Test
    void storageCommitmentRequestTargetsTheWellKnownInstance() {
        NActionRq rq = NActionRq.requestStorageCommitment(5);

        assertThat(rq.requestedSopClassUid()).isEqualTo("1.2.840.10008.1.20.1");
        assertThat(rq.requestedSopInstanceUid()).isEqualTo("1.2.840.10008.1.20.1.1");
        assertThat(rq.actionTypeId()).isEqualTo(1);
        assertThat(rq.hasDataSet()).isTrue();
    }

    @Test
    void statusFieldsTravelWithTheResponse() {
        CFindRsp rsp = (CFindRsp) DimseMessage.decode(new CFindRsp(3, null, FAILED, false).encode());

        assertThat(rsp.status().code()).isEqualTo(0xA900);
        assertThat(rsp.status().errorComment()).isEqualTo("no such key");
        assertThat(rsp.status().offendingElements()).containsExactly(Tag.PatientID, Tag.StudyDate);
        assertThat(rsp.status().errorId()).isEqualTo(0xA710);
    }

    @Test
    void constructorsNameTheFieldThatIsWrong() {
        assertThatThrownBy(() -> new CStoreRq(1, CT, null, Priority.LOW, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affectedSopInstanceUid");
        assertThatThrownBy(() -> new CStoreRq(1, CT, " ", Priority.LOW, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affectedSopInstanceUid");
        assertThatThrownBy(() -> new CStoreRq(65536, CT, "1.2", Priority.LOW, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
        assertThatThrownBy(() -> new CStoreRq(1, CT, "1.2", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> new CStoreRq(1, CT, "1.2", Priority.LOW, "", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moveOriginatorAeTitle");
        assertThatThrownBy(() -> new CMoveRq(1, MODEL, Priority.LOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moveDestination");
        assertThatThrownBy(() -> new CEchoRsp(1, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> new SubOperations(-1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remaining");
        assertThatThrownBy(() -> new CGetRsp(1, null, Status.SUCCESS, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subOperations");
    }

    @Test
    void listsAreCopied() {
        List<Integer> tags = new java.util.ArrayList<>(List.of(Tag.PatientID));
        NGetRq rq = new NGetRq(1, "1.2", "1.2.3", tags);
        tags.add(Tag.StudyDate);

        assertThat(rq.attributeIdentifiers()).containsExactly(Tag.PatientID);
        assertThatThrownBy(() -> rq.attributeIdentifiers().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static final Map<CommandField, Function<Dataset, DimseMessage>> PARSERS = Map.ofEntries(
            Map.entry(CommandField.C_STORE_RQ, CStoreRq::parse),
            Map.entry(CommandField.C_STORE_RSP, CStoreRsp::parse),
            Map.entry(CommandField.C_GET_RQ, CGetRq::parse),
            Map.entry(CommandField.C_GET_RSP, CGetRsp::parse),
            Map.entry(CommandField.C_FIND_RQ, CFindRq::parse),
            Map.entry(CommandField.C_FIND_RSP, CFindRsp::parse),
            Map.entry(CommandField.C_MOVE_RQ, CMoveRq::parse),
            Map.entry(CommandField.C_MOVE_RSP, CMoveRsp::parse),
            Map.entry(CommandField.C_ECHO_RQ, CEchoRq::parse),
            Map.entry(CommandField.C_ECHO_RSP, CEchoRsp::parse),
            Map.entry(CommandField.N_EVENT_REPORT_RQ, NEventReportRq::parse),
            Map.entry(CommandField.N_EVENT_REPORT_RSP, NEventReportRsp::parse),
            Map.entry(CommandField.N_GET_RQ, NGetRq::parse),
            Map.entry(CommandField.N_GET_RSP, NGetRsp::parse),
            Map.entry(CommandField.N_SET_RQ, NSetRq::parse),
            Map.entry(CommandField.N_SET_RSP, NSetRsp::parse),
            Map.entry(CommandField.N_ACTION_RQ, NActionRq::parse),
            Map.entry(CommandField.N_ACTION_RSP, NActionRsp::parse),
            Map.entry(CommandField.N_CREATE_RQ, NCreateRq::parse),
            Map.entry(CommandField.N_CREATE_RSP, NCreateRsp::parse),
            Map.entry(CommandField.N_DELETE_RQ, NDeleteRq::parse),
            Map.entry(CommandField.N_DELETE_RSP, NDeleteRsp::parse),
            Map.entry(CommandField.C_CANCEL_RQ, CCancelRq::parse));
}
