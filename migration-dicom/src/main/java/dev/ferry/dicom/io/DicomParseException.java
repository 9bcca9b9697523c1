package dev.ferry.dicom.io;

import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;

/**
 * An object that cannot be read as DICOM: truncated, a length past the end or over a limit, an
 * unknown VR, a delimiter out of place, nesting too deep. Names the source, the byte offset and the
 * tag path where reading stopped; never a value.
 */
public class DicomParseException extends PermanentMigrationException {
    private final String source;
    private final long offset;
    private final String path;

    public DicomParseException(String source, long offset, String path, String problem) {
        this(source, offset, path, problem, null);
    }

    public DicomParseException(String source, long offset, String path, String problem, Throwable cause) {
        this(source, ItemRef.NONE, offset, path, problem, cause);
    }

    /** For an object whose study and instance are known (a remainder being re-encoded, say). */
    public DicomParseException(String source, ItemRef item, long offset, String path, String problem) {
        this(source, item, offset, path, problem, null);
    }

    private DicomParseException(String source, ItemRef item, long offset, String path, String problem, Throwable cause) {
        super(ReasonCode.CORRUPT_OBJECT, item,
                source + ": " + problem + " at offset " + offset + (path.isEmpty() ? "" : " in " + path), cause);
        this.source = source;
        this.offset = offset;
        this.path = path;
    }

    /** What was being read (a file name, a peer and message ID), as the reader was told. */
    public String source() {
        return source;
    }

    /** Byte offset in the (inflated, for deflated transfer syntaxes) stream where reading stopped. */
    public long offset() {
        return offset;
    }

    /** The tag path being read, e.g. {@code (0040,0275)[0].(0008,0100)}; empty before the first element. */
    public String path() {
        return path;
    }
}
