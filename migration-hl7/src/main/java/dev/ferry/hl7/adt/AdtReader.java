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

    private final Hl7Messages messages;
    private final AdtParser parser = new AdtParser();

    private AdtReader(Builder b) {
        this.messages = Hl7Messages.bounded(b.maxMessageBytes);
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
        c.files = messages.read(paths, c);
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
        messages.read(in, source, c);
        c.files = 1;
        return new ReadResult(c.events, c.problems, c.ignored, c.messages, c.files);
    }

    /** Parses each message as it is cut and keeps the ADT events. */
    private final class Collector implements Hl7Messages.Sink {
        final List<AdtEvent> events = new ArrayList<>();
        final List<AdtProblem> problems = new ArrayList<>();
        int ignored;
        int messages;
        int files;

        @Override
        public void message(Hl7Messages.Message m) {
            messages++;
            AdtParser.Result r = parser.parse(m.er7(), m.origin());
            if (r instanceof AdtParser.Result.Event e) {
                events.add(e.event());
            } else if (r instanceof AdtParser.Result.Problem pr) {
                problems.add(pr.problem());
            } else {
                ignored++;
            }
        }

        @Override
        public void problem(AdtProblem problem) {
            if (problem.kind() == AdtProblem.Kind.TOO_LARGE) {
                messages++;
            }
            problems.add(problem);
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
        return "AdtReader[" + messages + "]";
    }
}
