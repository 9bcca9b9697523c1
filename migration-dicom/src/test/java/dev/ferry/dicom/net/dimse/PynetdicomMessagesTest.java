package dev.ferry.dicom.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.api.Tag;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.net.dimse.DimseCommandException.Kind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DIMSE messages pynetdicom's tests encode, read as typed messages and written back: a message
 * built by hand with the same fields encodes to exactly pynetdicom's bytes.
 */
class PynetdicomMessagesTest {
    private static final String CT = UID.CTImageStorage;
    private static final String INSTANCE = "1.2.392.200036.9116.2.6.1.48";

    /** What each file holds, typed; the files whose re-encoding is not byte for byte are below. */
    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("dimse/c_echo_rq_cmd.bin", new CEchoRq(7, UID.Verification)),
                Arguments.of("dimse/c_echo_rsp_cmd.bin", new CEchoRsp(8, UID.Verification, Status.SUCCESS)),
                Arguments.of("dimse/c_find_rq_cmd.bin", new CFindRq(7, CT, Priority.LOW)),
                Arguments.of("dimse/c_find_rsp_cmd.bin", new CFindRsp(5, CT, Status.PENDING, true)),
                Arguments.of("dimse/c_get_rq_cmd.bin", new CGetRq(7, CT, Priority.LOW)),
                Arguments.of("dimse/c_get_rsp_cmd.bin",
                        new CGetRsp(5, CT, Status.PENDING, SubOperations.of(3, 1, 2, 4), true)),
                Arguments.of("dimse/c_move_rq_cmd.bin", new CMoveRq(7, CT, Priority.LOW, "MOVE_SCP")),
                Arguments.of("dimse/c_move_rsp_cmd.bin",
                        new CMoveRsp(5, CT, Status.PENDING, SubOperations.of(3, 1, 2, 4), true)),
                Arguments.of("dimse/c_store_rq_cmd.bin",
                        new CStoreRq(7, "1.1.1", "1.2.1", Priority.LOW, "UNITTEST", 3)),
                Arguments.of("dimse/c_store_rq_cmd_b.bin", new CStoreRq(7, CT,
                        "1.2.392.200036.9116.2.6.1.48.1215709044.1459316254.522441", Priority.LOW, "UNITTEST_SCP", 3)),
                Arguments.of("dimse/c_store_rsp_cmd.bin", new CStoreRsp(5, "1.2.4.10", "1.2.4.5.7.8", Status.SUCCESS)),
                Arguments.of("dimse_n/n_action_rq_cmd.bin", new NActionRq(7, CT, INSTANCE, 1, true)),
                Arguments.of("dimse_n/n_action_rsp_cmd.bin",
                        new NActionRsp(5, "1.2.4.10", "1.2.4.5.7.8", 1, Status.SUCCESS, true)),
                Arguments.of("dimse_n/n_create_rq_cmd.bin", new NCreateRq(7, CT, INSTANCE, true)),
                Arguments.of("dimse_n/n_create_rsp_cmd.bin",
                        new NCreateRsp(5, "1.2.4.10", "1.2.4.5.7.8", Status.SUCCESS, true)),
                Arguments.of("dimse_n/n_delete_rq_cmd.bin", new NDeleteRq(7, "1.2.3", "1.2.30")),
                Arguments.of("dimse_n/n_delete_rsp_cmd.bin",
                        new NDeleteRsp(5, "1.2.4.10", "1.2.4.5.7.8", Status.of(0xC201))),
                Arguments.of("dimse_n/n_er_rq_cmd.bin", new NEventReportRq(7, CT, INSTANCE, 2, true)),
                Arguments.of("dimse_n/n_er_rsp_cmd.bin",
                        new NEventReportRsp(5, "1.2.4.10", "1.2.4.5.7.8", 2, Status.SUCCESS, true)),
                Arguments.of("dimse_n/n_get_rq_cmd.bin",
                        new NGetRq(7, CT, INSTANCE, List.of(Tag.PixelData, 0x00000000, 0xFFFFFFFF))),
                Arguments.of("dimse_n/n_get_rsp_cmd.bin",
                        new NGetRsp(5, "1.2.4.10", "1.2.4.5.7.8", Status.SUCCESS, true)),
                Arguments.of("dimse_n/n_set_rq_cmd.bin", new NSetRq(7, CT, INSTANCE)),
                Arguments.of("dimse_n/n_set_rsp_cmd.bin",
                        new NSetRsp(5, "1.2.4.10", "1.2.4.5.7.8", Status.SUCCESS, true)));
    }

    /** Files that parse, but whose encoding differs from what Ferry writes for the same message. */
    private static final Map<String, DimseMessage> NOT_BYTE_EXACT = Map.of(
            "dimse/c_move_rsp_cmd_with_dup.bin", new CMoveRsp(5, CT,
                    Status.PENDING.withOffendingElements(Tag.CommandLengthToEnd, Tag.AffectedSOPClassUID),
                    SubOperations.of(3, 1, 2, 4), true),
            "dimse_n/n_create_rq_cmd_empty.bin", new NCreateRq(7, "1.2.3.4", null, false));

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void parsesAsTheTypedMessage(String file, DimseMessage expected) {
        DimseMessage parsed = DimseMessage.decode(Pynetdicom.command(file));

        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.commandField()).isEqualTo(expected.commandField());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void theTypedMessageEncodesToPynetdicomsBytes(String file, DimseMessage message) {
        assertThat(message.encode()).isEqualTo(Pynetdicom.command(file));
    }

    @Test
    void filesEncodedDifferentlyStillParse() {
        for (Map.Entry<String, DimseMessage> e : NOT_BYTE_EXACT.entrySet()) {
            assertThat(DimseMessage.decode(Pynetdicom.command(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void countsEncodedInFourBytesReadAsTheSameCounts() {
        CMoveRsp rsp = (CMoveRsp) DimseMessage.decode(Pynetdicom.command("dimse/c_move_rsp_cmd_with_dup.bin"));

        assertThat(rsp.subOperations()).isEqualTo(SubOperations.of(3, 1, 2, 4));
        assertThat(rsp.status().offendingElements()).containsExactly(Tag.CommandLengthToEnd, Tag.AffectedSOPClassUID);
    }

    @Test
    void anNSetRequestWithEmptyUidsIsRefusedNamingTheFirstMissingElement() {
        DimseCommandException e = catchThrowableOfType(DimseCommandException.class,
                () -> DimseMessage.decode(Pynetdicom.command("dimse_n/n_set_rq_cmd_empty.bin")));

        assertThat(e.kind()).isEqualTo(Kind.MISSING_ELEMENT);
        assertThat(e.commandField()).isEqualTo(CommandField.N_SET_RQ);
        assertThat(e.tag()).isEqualTo(Tag.RequestedSOPClassUID);
        assertThat(e.getMessage()).contains("N-SET-RQ", "RequestedSOPClassUID (0000,0003)");
    }

    @Test
    void everyListedFileIsCoveredByATest() {
        List<String> covered = Stream.concat(messages().map(a -> (String) a.get()[0]), NOT_BYTE_EXACT.keySet().stream())
                .toList();

        assertThat(Pynetdicom.files()).hasSize(26)
                .allSatisfy(f -> assertThat(covered.contains(f) || f.equals("dimse_n/n_set_rq_cmd_empty.bin"))
                        .as(f).isTrue());
    }
}
