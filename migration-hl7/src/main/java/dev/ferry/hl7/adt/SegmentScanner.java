package dev.ferry.hl7.adt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Cuts a byte stream into segments: CR, LF and CRLF end a segment (CRLF counts as one line end), and
 * the MLLP block characters (start 0x0B, end 0x1C) end one too and mark a frame boundary, so a capture
 * of MLLP frames reads like a file of messages. A segment longer than the bound is not kept: its
 * remaining bytes are skipped and the scanner says so. Line numbers are 1-based and count line ends.
 *
 * <p>Public so that the readers of other message families ({@code dev.ferry.hl7.orders},
 * {@code dev.ferry.hl7.reports}) cut files the same way as {@link AdtReader}.
 *
 * <p>Not thread-safe; the caller owns and closes the stream.
 */
public final class SegmentScanner {
    static final int START_BLOCK = 0x0B;
    static final int END_BLOCK = 0x1C;

    /** What the scanner found next. */
    public sealed interface Token {}

    /** A segment's bytes, without its line end; {@code line} is where it starts. */
    public record SegmentToken(byte[] bytes, int line) implements Token {}

    /** An MLLP start or end block: the message so far is complete. */
    public record Boundary(int line) implements Token {}

    /** A segment longer than the bound, starting at {@code line}; its bytes were skipped. */
    public record TooLong(int line) implements Token {}

    private final InputStream in;
    private final int maxSegmentBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private int line = 1;
    private int pushback = -1;
    private boolean first = true;

    public SegmentScanner(InputStream in, int maxSegmentBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxSegmentBytes < 16) {
            throw new IllegalArgumentException("maxSegmentBytes must be at least 16: " + maxSegmentBytes);
        }
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /** The next token, or {@code null} at the end of the stream. */
    public Token next() throws IOException {
        buffer.reset();
        int start = line;
        boolean tooLong = false;
        while (true) {
            int b = read();
            if (first) {
                first = false;
                if (b == 0xEF) { // a UTF-8 byte order mark before the first segment
                    int b2 = read();
                    int b3 = read();
                    if (b2 == 0xBB && b3 == 0xBF) {
                        b = read();
                    } else {
                        buffer.write(b);
                        if (b2 >= 0) {
                            buffer.write(b2);
                        }
                        b = b3;
                    }
                }
            }
            if (b < 0) {
                if (tooLong) {
                    return new TooLong(start);
                }
                return buffer.size() == 0 ? null : new SegmentToken(buffer.toByteArray(), start);
            }
            if (b == '\r' || b == '\n') {
                if (b == '\r') {
                    int n = read();
                    if (n != '\n' && n >= 0) {
                        pushback = n;
                    }
                }
                line++;
                if (tooLong) {
                    return new TooLong(start);
                }
                return new SegmentToken(buffer.toByteArray(), start);
            }
            if (b == START_BLOCK || b == END_BLOCK) {
                if (buffer.size() > 0 || tooLong) {
                    pushback = b;
                    return tooLong ? new TooLong(start) : new SegmentToken(buffer.toByteArray(), start);
                }
                return new Boundary(start);
            }
            if (tooLong) {
                continue;
            }
            if (buffer.size() >= maxSegmentBytes) {
                tooLong = true;
                buffer.reset();
                continue;
            }
            buffer.write(b);
        }
    }

    private int read() throws IOException {
        if (pushback >= 0) {
            int b = pushback;
            pushback = -1;
            return b;
        }
        return in.read();
    }
}
