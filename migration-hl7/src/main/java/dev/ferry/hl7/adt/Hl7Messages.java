package dev.ferry.hl7.adt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Cuts files, directories and streams into HL7 v2 messages the way {@link AdtReader} does, for any
 * message type: single messages (CR, LF or CRLF between segments), FHS/BHS batch files (the envelope
 * segments are skipped) and MLLP captures, all through {@link SegmentScanner}. A directory is read
 * recursively, its files in path order. Each message is decoded with {@link AdtReader#decode(byte[])}
 * (MSH-18, else UTF-8, else ISO 8859-1) and handed over with CR between its segments.
 *
 * <p>Streaming: one message is held at a time, bounded by the maximum given; a larger one, a file that
 * cannot be read and segments outside any message are {@link AdtProblem}s naming the file and line, and
 * reading goes on.
 *
 * <p>Thread-safe: holds no state between calls.
 */
public final class Hl7Messages {
    private final int maxMessageBytes;

    private Hl7Messages(int maxMessageBytes) {
        if (maxMessageBytes < 64) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 64: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A reader bounded by {@code maxMessageBytes} per message (and segment). */
    public static Hl7Messages bounded(int maxMessageBytes) {
        return new Hl7Messages(maxMessageBytes);
    }

    /** A reader with {@link AdtReader#DEFAULT_MAX_MESSAGE_BYTES}. */
    public static Hl7Messages create() {
        return new Hl7Messages(AdtReader.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** One message as read. Holds patient data: {@code toString()} prints the origin only. */
    public record Message(Origin origin, String er7) {
        public Message {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(er7, "er7");
        }

        @Override
        public String toString() {
            return "Message[" + origin + ", " + er7.length() + " chars]";
        }
    }

    /** Receives what is read, in file order. */
    public interface Sink {
        void message(Message message);

        void problem(AdtProblem problem);
    }

    /** Reads files and directories (recursively); returns how many files could be opened and read. */
    public int read(List<Path> paths, Sink sink) {
        Objects.requireNonNull(sink, "sink");
        int files = 0;
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> list;
                try (Stream<Path> walk = Files.walk(p)) {
                    list = walk.filter(Files::isRegularFile).sorted().toList();
                } catch (IOException | RuntimeException e) {
                    sink.problem(new AdtProblem(new Origin(p.toString(), 0), AdtProblem.Kind.UNREADABLE, "",
                            "cannot list the directory (" + e.getClass().getSimpleName() + ")"));
                    continue;
                }
                for (Path f : list) {
                    files += readFile(f, sink) ? 1 : 0;
                }
            } else {
                files += readFile(p, sink) ? 1 : 0;
            }
        }
        return files;
    }

    /** Whether the file could be opened (a problem says why not). */
    private boolean readFile(Path f, Sink sink) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            read(in, f.toString(), sink);
            return true;
        } catch (IOException e) {
            sink.problem(new AdtProblem(new Origin(f.toString(), 0), AdtProblem.Kind.UNREADABLE, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ")"));
            return false;
        }
    }

    /** Reads a stream; {@code source} names it in origins. The caller closes the stream. */
    public void read(InputStream in, String source, Sink sink) throws IOException {
        SegmentScanner scanner = new SegmentScanner(in, maxMessageBytes);
        Pending pending = null;
        int strayLine = -1;
        int strays = 0;
        for (SegmentScanner.Token t; (t = scanner.next()) != null; ) {
            if (t instanceof SegmentScanner.Boundary) {
                flush(pending, source, sink);
                pending = null;
            } else if (t instanceof SegmentScanner.TooLong tl) {
                if (pending == null) {
                    pending = new Pending(tl.line());
                }
                pending.tooLarge = true;
            } else if (t instanceof SegmentScanner.SegmentToken s) {
                byte[] b = s.bytes();
                int from = 0;
                while (from < b.length && (b[from] == ' ' || b[from] == '\t')) {
                    from++;
                }
                if (from == b.length) {
                    continue;
                }
                String name = b.length - from >= 3
                        ? new String(b, from, 3, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT) : "";
                if (name.equals("MSH")) {
                    flush(pending, source, sink);
                    pending = new Pending(s.line());
                    pending.append(b, from, maxMessageBytes);
                } else if (name.equals("FHS") || name.equals("BHS") || name.equals("BTS") || name.equals("FTS")) {
                    flush(pending, source, sink);
                    pending = null;
                } else if (pending != null) {
                    pending.append(b, from, maxMessageBytes);
                } else {
                    if (strays++ == 0) {
                        strayLine = s.line();
                    }
                    continue;
                }
                if (strays > 0) {
                    stray(source, strayLine, strays, sink);
                    strays = 0;
                }
            }
        }
        flush(pending, source, sink);
        if (strays > 0) {
            stray(source, strayLine, strays, sink);
        }
    }

    private static void stray(String source, int line, int count, Sink sink) {
        sink.problem(new AdtProblem(new Origin(source, line), AdtProblem.Kind.STRAY_SEGMENTS, "",
                count + " segment(s) outside any message (no MSH before them)"));
    }

    private void flush(Pending p, String source, Sink sink) {
        if (p == null) {
            return;
        }
        Origin origin = new Origin(source, p.line);
        if (p.tooLarge) {
            sink.problem(new AdtProblem(origin, AdtProblem.Kind.TOO_LARGE, "",
                    "the message is larger than " + maxMessageBytes + " bytes; skipped"));
            return;
        }
        sink.message(new Message(origin, AdtParser.normalise(AdtReader.decode(p.bytes.toByteArray()))));
    }

    /** The message being gathered. */
    private static final class Pending {
        final int line;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        boolean tooLarge;

        Pending(int line) {
            this.line = line;
        }

        void append(byte[] b, int from, int max) {
            if (tooLarge) {
                return;
            }
            if (bytes.size() + (b.length - from) + 1 > max) {
                tooLarge = true;
                bytes.reset();
                return;
            }
            bytes.write(b, from, b.length - from);
            bytes.write('\r');
        }
    }

    @Override
    public String toString() {
        return "Hl7Messages[maxMessageBytes=" + maxMessageBytes + "]";
    }
}
