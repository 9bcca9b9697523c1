package dev.ferry.hl7.adt;

import java.util.Objects;

/**
 * A message that could not be used, and why: the typed record of a malformed message, which is
 * reported and skipped, never fatal to the rest of a file.
 *
 * @param origin the file and line of the message's first segment (or of the stray segment)
 * @param kind what went wrong
 * @param controlId the message control ID (MSH-10) when it could be read; empty otherwise
 * @param detail what was wrong, naming segments and fields, never their values; never null
 */
public record AdtProblem(Origin origin, Kind kind, String controlId, String detail) {

    /** The classes of problem, which decide the acknowledgment a live listener sends. */
    public enum Kind {
        /** Not an HL7 v2 message HAPI can read: no MSH, bad encoding characters, broken structure. */
        UNPARSEABLE,
        /** Readable, but lacking what its event needs (PID-3, MRG-1, a usable event time...). */
        INVALID_CONTENT,
        /** Bigger than the configured bound; skipped without being read to its end. */
        TOO_LARGE,
        /** Segments outside any message (before the first MSH, or after a batch trailer). */
        STRAY_SEGMENTS,
        /** The file or directory could not be read. */
        UNREADABLE
    }

    public AdtProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        controlId = controlId == null ? "" : controlId;
        detail = detail == null ? "" : detail;
    }

    /** {@code file:line: detail}, for an operator's terminal. */
    @Override
    public String toString() {
        return origin + ": " + kind + (controlId.isEmpty() ? "" : " (MSH-10 " + controlId + ")") + ": " + detail;
    }
}
