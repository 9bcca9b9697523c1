package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;

/**
 * A DIMSE message as its command set says it (PS3.7 chapters 9 and 10): an immutable record per
 * message type, which converts to and from a command {@link Dataset}. The data set that may follow
 * a command (an instance, an identifier, event information) is not part of the message: the
 * association streams it, and {@link #hasDataSet()} says whether one comes.
 *
 * <p>Optional command elements are {@code null} in the records when absent; required ones are
 * checked when a record is built ({@link IllegalArgumentException} naming the field) and when a
 * command is parsed ({@link DimseCommandException} naming the element). The records are immutable
 * and thread-safe; their {@code toString()} shows UIDs, AE titles and numbers, never an error comment.
 */
public sealed interface DimseMessage permits DimseRequest, DimseResponse, CCancelRq {

    CommandField commandField();

    /**
     * Whether a data set follows the command: Command Data Set Type (0000,0800) is anything but
     * 0101H (PS3.7 Annex E).
     */
    boolean hasDataSet();

    /** The command set of this message, without Command Group Length (see {@link CommandCodec}). */
    Dataset toCommand();

    /** The encoded command set, Command Group Length included (see {@link CommandCodec#encode}). */
    default byte[] encode() {
        return CommandCodec.encode(toCommand());
    }

    /**
     * The message a command set holds, by its Command Field (0000,0100).
     *
     * @throws DimseCommandException if Command Field is absent or unknown, a required element is
     *     absent or empty, a value has the wrong size or is not allowed, or Command Data Set Type
     *     contradicts the message
     */
    static DimseMessage parse(Dataset command) {
        CommandField field = CommandReader.commandField(command);
        return switch (field) {
            case C_STORE_RQ -> CStoreRq.parse(command);
            case C_STORE_RSP -> CStoreRsp.parse(command);
            case C_GET_RQ -> CGetRq.parse(command);
            case C_GET_RSP -> CGetRsp.parse(command);
            case C_FIND_RQ -> CFindRq.parse(command);
            case C_FIND_RSP -> CFindRsp.parse(command);
            case C_MOVE_RQ -> CMoveRq.parse(command);
            case C_MOVE_RSP -> CMoveRsp.parse(command);
            case C_ECHO_RQ -> CEchoRq.parse(command);
            case C_ECHO_RSP -> CEchoRsp.parse(command);
            case N_EVENT_REPORT_RQ -> NEventReportRq.parse(command);
            case N_EVENT_REPORT_RSP -> NEventReportRsp.parse(command);
            case N_GET_RQ -> NGetRq.parse(command);
            case N_GET_RSP -> NGetRsp.parse(command);
            case N_SET_RQ -> NSetRq.parse(command);
            case N_SET_RSP -> NSetRsp.parse(command);
            case N_ACTION_RQ -> NActionRq.parse(command);
            case N_ACTION_RSP -> NActionRsp.parse(command);
            case N_CREATE_RQ -> NCreateRq.parse(command);
            case N_CREATE_RSP -> NCreateRsp.parse(command);
            case N_DELETE_RQ -> NDeleteRq.parse(command);
            case N_DELETE_RSP -> NDeleteRsp.parse(command);
            case C_CANCEL_RQ -> CCancelRq.parse(command);
        };
    }

    /**
     * Decodes and parses an encoded command set. Warnings of the decoder (a wrong group length, say)
     * are dropped: use {@link CommandCodec#decode} and {@link #parse} to see them.
     *
     * @throws DimseCommandException as {@link CommandCodec#decode} and {@link #parse}
     */
    static DimseMessage decode(byte[] commandSet) {
        return parse(CommandCodec.decode(commandSet).command());
    }
}
