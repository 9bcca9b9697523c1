package dev.ferry.hl7.adt;

import java.util.Objects;

/**
 * Where a message came from: a file and the line its {@code MSH} segment starts on, or a live
 * connection ({@code mllp://127.0.0.1:40512}) and the message's number on it.
 *
 * @param source a file path as given, or a connection's description; never null
 * @param line the 1-based line of the message's first segment in a file, or its 1-based position on a
 *     connection
 */
public record Origin(String source, int line) {
    public Origin {
        Objects.requireNonNull(source, "source");
    }

    /** {@code source:line}, as compilers name a place in a file. */
    @Override
    public String toString() {
        return source + ":" + line;
    }
}
