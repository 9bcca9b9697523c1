package dev.ferry.hl7.adt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ADT history from files and directories: single messages (segments separated by CR, LF or
 * CRLF, several messages one after another), FHS/BHS batch files (the envelope segments FHS, BHS, BTS,
 * FTS are skipped), and MLLP captures (frames {@code 0x0B ... 0x1C 0x0D}, back to back). A directory is
 * read recursively, its files in path order, so the result is the same on every run.
 *
 * <p>A malformed message becomes an {@link AdtProblem} naming the file and the line its first segment
 * is on, and reading goes on with the next message. Nothing is allocated from a length the input
 * claims; a segment or a message is bounded by {@link Builder#maxMessageBytes(int)}.
 *
 * <p>Each message is decoded in the character set its MSH-18 names (UTF-8, ISO 8859-n), else as UTF-8
 * when it is valid UTF-8, else as ISO 8859-1.
 *
 * <p>Thread-safe: readers hold no state between calls.
 */
public final class AdtReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdtReader.class);

    /** The default bound of one message: 16 MiB (an ORU with an embedded PDF is large; an ADT is not). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 << 20;

    private final int maxMessageBytes;
    private final AdtParser parser = new AdtParser();

    private AdtReader(Builder b) {
        this.maxMessageBytes = b.maxMessageBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A reader with the default bounds. */
    public static AdtReader create() {
        return builder().build();
    }

    /** Options of an {@link AdtReader}. */
    public static final class Builder {
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

        private Builder() {}

        /** The largest message (and segment) read; larger ones are reported as too large and skipped. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes < 64) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 64: " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public AdtReader build() {
            return new AdtReader(this);
        }
    }

    /**
     * What was read: the ADT events in the order they were read (files in path order, messages in
     * file order), the problems, and how many messages were of no interest (not ADT, or no patient).
     */
    public record ReadResult(List<AdtEvent> events, List<AdtProblem> problems, int ignored, int messages, int files) {
        public ReadResult {
            events = List.copyOf(events);
            problems = List.copyOf(problems);
        }

        @Override
        public String toString() {
            return "ReadResult[files=" + files + ", messages=" + messages + ", events=" + events.size()
                    + ", ignored=" + ignored + ", problems=" + problems.size() + "]";
        }
    }

    /** Reads files and directories (recursively); a path that cannot be read is a problem, not a failure. */
    public ReadResult read(List<Path> paths) {
        Collector c = new Collector();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(p)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                } catch (IOException | RuntimeException e) {
                    c.problems.add(new AdtProblem(new Origin(p.toString(), 0), AdtProblem.Kind.UNREADABLE, "",
                            "cannot list the directory (" + e.getClass().getSimpleName() + ")"));
                    continue;
                }
                for (Path f : files) {
                    readFile(f, c);
                }
            } else {
                readFile(p, c);
            }
        }
        LOG.debug("read {} file(s): {} message(s), {} ADT event(s), {} ignored, {} problem(s)",
                c.files, c.messages, c.events.size(), c.ignored, c.problems.size());
        return new ReadResult(c.events, c.problems, c.ignored, c.messages, c.files);
    }

    /** Reads one file. */
    public ReadResult read(Path path) {
        return read(List.of(path));
    }

    /** Reads a stream; {@code source} names it in problems and origins. The caller closes the stream. */
    public ReadResult read(InputStream in, String source) throws IOException {
        Collector c = new Collector();
        scan(in, source, c);
        return new ReadResult(c.events, c.problems, c.ignored, c.messages, c.files);
    }

    private void readFile(Path f, Collector c) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            scan(in, f.toString(), c);
        } catch (IOException e) {
            c.problems.add(new AdtProblem(new Origin(f.toString(), 0), AdtProblem.Kind.UNREADABLE, "",
                    "cannot read the file (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private final class Collector {
        final List<AdtEvent> events = new ArrayList<>();
        final List<AdtProblem> problems = new ArrayList<>();
        int ignored;
        int messages;
        int files;
    }

    /** The message being gathered, segment by segment. */
    private static final class Pending {
        final int line;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        boolean tooLarge;

        Pending(int line) {
            this.line = line;
        }
    }

    private void scan(InputStream in, String source, Collector c) throws IOException {
        c.files++;
        SegmentScanner scanner = new SegmentScanner(in, maxMessageBytes);
        Pending pending = null;
        int strayLine = -1;
        int strayCount = 0;
        for (SegmentScanner.Token t; (t = scanner.next()) != null; ) {
            if (t instanceof SegmentScanner.Boundary) {
                flush(pending, source, c);
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
                    continue; // blank line between messages
                }
                String name = b.length - from >= 3
                        ? new String(b, from, 3, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT) : "";
                if (name.equals("MSH")) {
                    flush(pending, source, c);
                    pending = new Pending(s.line());
                    append(pending, b, from);
                } else if (name.equals("FHS") || name.equals("BHS") || name.equals("BTS") || name.equals("FTS")) {
                    flush(pending, source, c);
                    pending = null;
                } else if (pending != null) {
                    append(pending, b, from);
                } else {
                    if (strayCount == 0) {
                        strayLine = s.line();
                    }
                    strayCount++;
                    continue;
                }
                if (strayCount > 0) {
                    c.problems.add(new AdtProblem(new Origin(source, strayLine), AdtProblem.Kind.STRAY_SEGMENTS, "",
                            strayCount + " segment(s) outside any message (no MSH before them)"));
                    strayCount = 0;
                }
            }
        }
        flush(pending, source, c);
        if (strayCount > 0) {
            c.problems.add(new AdtProblem(new Origin(source, strayLine), AdtProblem.Kind.STRAY_SEGMENTS, "",
                    strayCount + " segment(s) outside any message (no MSH before them)"));
        }
    }

    private void append(Pending p, byte[] b, int from) {
        if (p.tooLarge) {
            return;
        }
        if (p.bytes.size() + (b.length - from) + 1 > maxMessageBytes) {
            p.tooLarge = true;
            p.bytes.reset();
            return;
        }
        p.bytes.write(b, from, b.length - from);
        p.bytes.write('\r');
    }

    private void flush(Pending p, String source, Collector c) {
        if (p == null) {
            return;
        }
        c.messages++;
        Origin origin = new Origin(source, p.line);
        if (p.tooLarge) {
            c.problems.add(new AdtProblem(origin, AdtProblem.Kind.TOO_LARGE, "",
                    "the message is larger than " + maxMessageBytes + " bytes; skipped"));
            return;
        }
        AdtParser.Result r = parser.parse(decode(p.bytes.toByteArray()), origin);
        if (r instanceof AdtParser.Result.Event e) {
            c.events.add(e.event());
        } else if (r instanceof AdtParser.Result.Problem pr) {
            c.problems.add(pr.problem());
        } else {
            c.ignored++;
        }
    }

    /**
     * Decodes one message's bytes in the character set its MSH-18 names (UTF-8, ISO 8859-n), else as
     * UTF-8 when they are valid UTF-8, else as ISO 8859-1 (which decodes any bytes).
     */
    public static String decode(byte[] message) {
        String ascii = new String(message, StandardCharsets.ISO_8859_1);
        String declared = MessageHeader.sniff(ascii).map(MessageHeader::characterSet).orElse("")
                .toUpperCase(Locale.ROOT);
        Charset cs = switch (declared) {
            case "UNICODE UTF-8", "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "8859/1", "ISO_IR 100" -> StandardCharsets.ISO_8859_1;
            default -> declared.startsWith("8859/") ? latin(declared.substring(5)) : null;
        };
        if (cs != null) {
            return new String(message, cs);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            return ascii;
        }
    }

    private static Charset latin(String part) {
        try {
            return Charset.forName("ISO-8859-" + Integer.parseInt(part));
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    @Override
    public void close() {
        parser.close();
    }

    @Override
    public String toString() {
        return "AdtReader[maxMessageBytes=" + Objects.toString(maxMessageBytes) + "]";
    }
}
