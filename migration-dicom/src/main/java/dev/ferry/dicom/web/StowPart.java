package dev.ferry.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One Part 10 object to send in a STOW-RS request: a file, or a stream opened when the body is sent.
 * The client streams it into the request body; it is never held in memory whole. Immutable.
 */
public final class StowPart {
    private final Path file;
    private final Supplier<InputStream> stream;
    private final long length;

    private StowPart(Path file, Supplier<InputStream> stream, long length) {
        this.file = file;
        this.stream = stream;
        this.length = length;
    }

    /** A Part 10 file; its size is read now. */
    public static StowPart ofFile(Path file) throws IOException {
        return new StowPart(Objects.requireNonNull(file, "file"), null, Files.size(file));
    }

    /**
     * A Part 10 object read from a stream opened when the body is sent (more than once if a request
     * has to be sent again).
     *
     * @param length its length in bytes, or -1 if unknown (the request is then sent chunked)
     */
    public static StowPart ofStream(Supplier<InputStream> stream, long length) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be >= 0, or -1 for unknown");
        }
        return new StowPart(null, Objects.requireNonNull(stream, "stream"), length);
    }

    /** Its length in bytes, or -1 if unknown. */
    public long length() {
        return length;
    }

    Path file() {
        return file;
    }

    Supplier<InputStream> stream() {
        return stream;
    }

    @Override
    public String toString() {
        return "StowPart[" + (file != null ? file.getFileName() : "stream") + ", " + length + " bytes]";
    }
}
