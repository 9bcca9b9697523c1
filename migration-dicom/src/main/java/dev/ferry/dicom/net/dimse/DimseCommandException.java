package dev.ferry.dicom.net.dimse;

import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tags;

/**
 * A command set that cannot be read, or that is not the message it claims to be. The {@link Kind}
 * says which; the byte offset and the tag say where, when they are known. Never holds a value from
 * the command: a UID or an AE title can identify a patient's study.
 *
 * <p>Byte-level problems ({@link Kind#isMalformed()}) have reason {@link ReasonCode#CORRUPT_OBJECT};
 * a well-formed command that breaks PS3.7 (a required element missing, a value out of range) has
 * {@link ReasonCode#INVALID_VALUE}. Either way the peer will send the same thing again: permanent.
 */
public final class DimseCommandException extends PermanentMigrationException {
    /** What is wrong with the command. */
    public enum Kind {
        /** Longer than {@link CommandCodec#MAX_LENGTH}. */
        TOO_LARGE(true),
        /** Ends inside an element header, or is empty. */
        TRUNCATED(true),
        /** A value length that runs past the end, or is undefined (a command has no sequences). */
        BAD_LENGTH(true),
        /** An element outside group 0000 (PS3.7 section 6.3.1). */
        NOT_COMMAND_GROUP(true),
        /** The same tag twice (PS3.5 section 7.1: an element occurs at most once). */
        DUPLICATE_ELEMENT(true),
        /** A Command Field value PS3.7 Annex E does not define. */
        UNKNOWN_COMMAND_FIELD(false),
        /** A required element is absent or empty. */
        MISSING_ELEMENT(false),
        /** An element has a value of the wrong size, or a value the message does not allow. */
        INVALID_VALUE(false),
        /** Command Data Set Type says a data set follows where the message has none, or the reverse. */
        DATA_SET_MISMATCH(false);

        private final boolean malformed;

        Kind(boolean malformed) {
            this.malformed = malformed;
        }

        /** True for problems of the encoding itself, found by {@link CommandCodec#decode}. */
        public boolean isMalformed() {
            return malformed;
        }
    }

    private final Kind kind;
    private final long offset;
    private final int tag;
    private final CommandField commandField;

    private DimseCommandException(Kind kind, long offset, int tag, CommandField commandField, String detail) {
        super(kind.isMalformed() ? ReasonCode.CORRUPT_OBJECT : ReasonCode.INVALID_VALUE, ItemRef.NONE,
                compose(kind, offset, tag, commandField, detail));
        this.kind = kind;
        this.offset = offset;
        this.tag = tag;
        this.commandField = commandField;
    }

    private static String compose(Kind kind, long offset, int tag, CommandField field, String detail) {
        StringBuilder sb = new StringBuilder(field == null ? "DIMSE command" : field.label());
        sb.append(": ").append(detail);
        if (tag != -1) {
            sb.append(" [").append(Tags.describe(tag)).append(']');
        }
        if (offset >= 0) {
            sb.append(" at offset ").append(offset);
        }
        return sb.append(" (").append(kind).append(')').toString();
    }

    /** A problem of the bytes, found while decoding. */
    static DimseCommandException malformed(Kind kind, long offset, int tag, String detail) {
        return new DimseCommandException(kind, offset, tag, null, detail);
    }

    /** A problem of the content of a decoded command. */
    static DimseCommandException invalid(Kind kind, CommandField field, int tag, String detail) {
        return new DimseCommandException(kind, -1, tag, field, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** Byte offset in the command set where decoding stopped; -1 for problems found after decoding. */
    public long offset() {
        return offset;
    }

    /** The tag concerned; -1 when no element is (a truncated header, an empty command). */
    public int tag() {
        return tag;
    }

    /** The message the command claimed to be, or {@code null} if that is not known (yet). */
    public CommandField commandField() {
        return commandField;
    }
}
