package dev.ferry.dicom.net.dimse;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.net.dimse.DimseCommandException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one message from its command data set, turning what PS3.7 forbids into a
 * {@link DimseCommandException} that names the message and the element (never the value).
 */
final class CommandReader {
    private final Dataset command;
    private final CommandField field;

    private CommandReader(Dataset command, CommandField field) {
        this.command = command;
        this.field = field;
    }

    /** The Command Field of a command. */
    static CommandField commandField(Dataset command) {
        int code = new CommandReader(command, null).us(Tag.CommandField);
        return CommandField.forCode(code).orElseThrow(() -> DimseCommandException.invalid(
                Kind.UNKNOWN_COMMAND_FIELD, null, Tag.CommandField,
                String.format("unknown command field %04XH", code)));
    }

    /** A reader for a command that must be {@code expected}. */
    static CommandReader expecting(Dataset command, CommandField expected) {
        CommandField actual = commandField(command);
        if (actual != expected) {
            throw DimseCommandException.invalid(Kind.INVALID_VALUE, expected, Tag.CommandField,
                    "the command is a " + actual.label());
        }
        return new CommandReader(command, expected);
    }

    /** A required US value. */
    int us(int tag) {
        Integer v = optionalUs(tag);
        if (v == null) {
            throw missing(tag);
        }
        return v;
    }

    /**
     * An optional US value: {@code null} if absent. Two bytes as PS3.7 says; four bytes are read as
     * one 32-bit value if it fits in 16 bits, since some peers encode US command elements as UL (the
     * value is the same either way). Anything else is an error.
     */
    Integer optionalUs(int tag) {
        int i = command.indexOf(tag);
        if (i < 0) {
            return null;
        }
        byte[] b = binary(i, tag);
        if (b.length == 2) {
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        }
        if (b.length == 4 && b[2] == 0 && b[3] == 0) {
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        }
        throw invalid(tag, "a US value of " + b.length + " bytes, expected 2");
    }

    /** A required UID or AE title: present and not empty, padding stripped. */
    String text(int tag) {
        String s = optionalText(tag);
        if (s == null) {
            throw missing(tag);
        }
        return s;
    }

    /** An optional UID, AE title or comment: {@code null} if absent or empty. */
    String optionalText(int tag) {
        int i = command.indexOf(tag);
        if (i < 0) {
            return null;
        }
        VR vr = command.vrAt(i);
        if (!vr.isText() && vr != VR.UN) {
            throw invalid(tag, "VR " + vr + " where text is expected");
        }
        String s = vr == VR.UN ? new String(command.encodedValueAt(i), StandardCharsets.US_ASCII)
                : command.getString(tag);
        s = s.trim(); // padding (space for AE and LO, NUL for UI) and the spaces AE titles may lead with
        return s.isEmpty() ? null : s;
    }

    /** AT values as tags; empty if absent. */
    List<Integer> tags(int tag) {
        int i = command.indexOf(tag);
        if (i < 0) {
            return List.of();
        }
        byte[] b = binary(i, tag);
        if (b.length % 4 != 0) {
            throw invalid(tag, "an AT value of " + b.length + " bytes, not a multiple of 4");
        }
        List<Integer> tags = new ArrayList<>(b.length / 4);
        for (int k = 0; k < b.length; k += 4) {
            int group = (b[k] & 0xFF) | (b[k + 1] & 0xFF) << 8;
            int element = (b[k + 2] & 0xFF) | (b[k + 3] & 0xFF) << 8;
            tags.add(group << 16 | element);
        }
        return tags;
    }

    /** The four sub-operation counts, each {@code null} if absent. */
    SubOperations subOperations() {
        return new SubOperations(optionalUs(Tag.NumberOfRemainingSuboperations),
                optionalUs(Tag.NumberOfCompletedSuboperations), optionalUs(Tag.NumberOfFailedSuboperations),
                optionalUs(Tag.NumberOfWarningSuboperations));
    }

    Priority priority() {
        int code = us(Tag.Priority);
        return Priority.forCode(code).orElseThrow(() ->
                invalid(Tag.Priority, String.format("priority %04XH is none of 0000H, 0001H, 0002H", code)));
    }

    /** Whether Command Data Set Type (0000,0800), which is required, says that a data set follows. */
    boolean dataSet() {
        return us(Tag.CommandDataSetType) != CommandWriter.NO_DATA_SET;
    }

    /**
     * The message parsed, once Command Data Set Type is checked against it: a message that always has
     * a data set (C-STORE-RQ) or never has one (C-ECHO-RQ) must say so; for the others the message
     * took its {@link DimseMessage#hasDataSet()} from {@link #dataSet()} and agrees by construction.
     */
    <M extends DimseMessage> M checked(M message) {
        if (dataSet() != message.hasDataSet()) {
            throw DimseCommandException.invalid(Kind.DATA_SET_MISMATCH, field, Tag.CommandDataSetType,
                    message.hasDataSet() ? "Command Data Set Type says no data set, the message requires one"
                            : "Command Data Set Type says a data set follows, the message has none");
        }
        return message;
    }

    /** Status (0000,0900) with Offending Element, Error Comment and Error ID if present. */
    Status status() {
        int code = us(Tag.Status);
        return new Status(code, optionalText(Tag.ErrorComment), tags(Tag.OffendingElement), optionalUs(Tag.ErrorID));
    }

    private byte[] binary(int index, int tag) {
        VR vr = command.vrAt(index);
        if (vr.isText() || command.sequenceAt(index) != null || command.fragmentsAt(index) != null) {
            throw invalid(tag, "VR " + vr + " where a binary value is expected");
        }
        return command.encodedValueAt(index);
    }

    private DimseCommandException missing(int tag) {
        return DimseCommandException.invalid(Kind.MISSING_ELEMENT, field, tag,
                "required element absent or empty");
    }

    private DimseCommandException invalid(int tag, String detail) {
        return DimseCommandException.invalid(Kind.INVALID_VALUE, field, tag, detail);
    }
}
