package dev.ferry.dicom.web;

import dev.ferry.dicom.io.SkipByReading;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2046 section 5.1.1, RFC 2387) part by part as it
 * streams, through one fixed buffer: nothing is held beyond the buffer however large a part is.
 *
 * <p>Tolerant of what servers send: a preamble before the first boundary, transport padding after a
 * boundary, lines ended by LF alone as well as CRLF, a body that ends after a boundary without the
 * closing {@code --}. Strict where leniency would hide loss: a body that ends inside a part is an
 * {@link EOFException}; part headers longer than the limit, or a boundary line with anything but
 * padding after the boundary, are a {@link ProtocolException}.
 *
 * <p>The delimiter is {@code LF "--" boundary}; a CR before it belongs to it too. The reader keeps
 * the last {@code delimiter length} bytes of the buffer back until it knows they do not start a
 * delimiter, so a boundary split across reads is found.
 *
 * <p>Not thread-safe.
 */
final class MultipartReader implements AutoCloseable {
    /** RFC 2046 allows 70 characters; Orthanc 1.10's are 73. Longer ones are refused rather than buffered. */
    static final int MAX_BOUNDARY = 200;
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final int maxHeaderBytes;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean started;
    private boolean done;
    private int index;
    private PartStream current;

    /**
     * @param boundary the {@code boundary} parameter of the body's Content-Type
     * @param maxHeaderBytes the most bytes a part's header block may hold
     */
    MultipartReader(InputStream in, String boundary, int maxHeaderBytes) throws ProtocolException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new ProtocolException("multipart boundary missing or longer than " + MAX_BOUNDARY + " characters");
        }
        this.in = in;
        this.delimiter = ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxHeaderBytes = maxHeaderBytes;
        this.buf = new byte[Math.max(BUFFER, 4 * delimiter.length)];
        // A virtual LF before the body, so a first boundary at the very start is a delimiter too.
        buf[0] = '\n';
        lim = 1;
    }

    /**
     * The next part, after skipping what is left of the previous one; {@code null} after the last.
     *
     * @throws EOFException if the body ends inside a part or before any boundary
     * @throws ProtocolException if a boundary line or a part's headers are malformed
     */
    MultipartPart next() throws IOException {
        if (done) {
            return null;
        }
        if (current != null) {
            current.skipRest();
            current = null;
        } else if (!started) {
            started = true;
            if (!skipPreamble()) {
                done = true;
                return null;
            }
        }
        if (!afterDelimiter() || !ensure(1)) {
            done = true; // the closing delimiter, or the end of the body right after a boundary line
            return null;
        }
        Map<String, String> headers = readHeaders();
        index++;
        current = new PartStream();
        return new MultipartPart(index, headers, current);
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }

    /** Skips up to the first delimiter; false if the body is empty. */
    private boolean skipPreamble() throws IOException {
        byte[] scratch = new byte[4096];
        long skipped = 0;
        while (true) {
            int n;
            try {
                n = content(scratch, 0, scratch.length);
            } catch (EOFException e) {
                if (skipped == 0 && lim - pos <= 1) {
                    return false; // an empty body: no parts
                }
                throw new EOFException("the multipart body has no boundary");
            }
            if (n < 0) {
                return true;
            }
            skipped += n;
        }
    }

    /**
     * Reads the rest of a delimiter line: {@code --} ends the body (the epilogue is not read),
     * transport padding and a line end start a part. False at the end.
     */
    private boolean afterDelimiter() throws IOException {
        if (!ensure(2)) {
            return false; // ended right after a boundary: accepted as the end
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return false;
        }
        while (true) {
            if (!ensure(1)) {
                throw new EOFException("the multipart body ends in a boundary line");
            }
            byte b = buf[pos++];
            if (b == ' ' || b == '\t' || b == '\r') {
                continue;
            }
            if (b == '\n') {
                return true;
            }
            throw new ProtocolException("a multipart boundary line continues with something other than padding");
        }
    }

    /** The part's header lines up to the empty line, within the size limit. */
    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        String lastName = null;
        int total = 0;
        while (true) {
            line.setLength(0);
            while (true) {
                if (!ensure(1)) {
                    throw new EOFException("the multipart body ends in the headers of part " + (index + 1));
                }
                byte b = buf[pos++];
                if (++total > maxHeaderBytes) {
                    throw new ProtocolException("the headers of part " + (index + 1) + " are longer than "
                            + maxHeaderBytes + " bytes");
                }
                if (b == '\n') {
                    break;
                }
                line.append((char) (b & 0xFF));
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                line.setLength(end - 1);
            }
            if (line.length() == 0) {
                return headers;
            }
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && lastName != null) {
                headers.put(lastName, headers.get(lastName) + " " + line.toString().strip());
                continue;
            }
            int colon = line.indexOf(":");
            if (colon <= 0) {
                throw new ProtocolException("part " + (index + 1) + " has a header line without a name");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (!headers.containsKey(name)) {
                headers.put(name, line.substring(colon + 1).strip());
            }
            lastName = name;
        }
    }

    /**
     * Copies content up to the next delimiter: the number of bytes copied (at least 1), or -1 when the
     * delimiter is reached (it is then consumed).
     *
     * @throws EOFException if the body ends before the delimiter
     */
    private int content(byte[] b, int off, int len) throws IOException {
        int d = delimiter.length;
        while (true) {
            int k = indexOfDelimiter();
            if (k >= 0) {
                int end = k > pos && buf[k - 1] == '\r' ? k - 1 : k;
                if (end > pos) {
                    int n = Math.min(len, end - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                pos = k + d;
                return -1;
            }
            // No delimiter in the buffer: its last d bytes may start one (or be the CR before one).
            int safe = lim - d;
            if (safe > pos) {
                int n = Math.min(len, safe - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (!fill()) {
                throw new EOFException("the multipart body ends inside part " + Math.max(1, index));
            }
        }
    }

    /** Where the delimiter starts in the buffer, or -1. */
    private int indexOfDelimiter() {
        byte[] d = delimiter;
        int last = lim - d.length;
        outer:
        for (int k = pos; k <= last; k++) {
            if (buf[k] != '\n') {
                continue;
            }
            for (int j = 1; j < d.length; j++) {
                if (buf[k + j] != d[j]) {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    /** Whether {@code n} bytes are buffered after reading more if needed; false at the end of the body. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads more into the buffer, compacting it first; false at the end of the body. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            throw new IllegalStateException("the multipart buffer is full"); // cannot happen: see content()
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    /** The content of the current part; ends at the delimiter. */
    private final class PartStream extends InputStream {
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("part " + index + " is closed");
            }
            if (len == 0) {
                return 0;
            }
            if (ended || current != this) {
                return -1;
            }
            int n = content(b, off, len);
            if (n < 0) {
                ended = true;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return SkipByReading.skip(this, n);
        }

        @Override
        public int available() {
            if (ended || closed || current != this) {
                return 0;
            }
            return Math.max(0, lim - delimiter.length - pos);
        }

        /** Skips the rest of the part, so the reader stands at the delimiter's end. */
        void skipRest() throws IOException {
            if (!ended) {
                byte[] scratch = new byte[8192];
                while (content(scratch, 0, scratch.length) >= 0) {
                    // skipping
                }
                ended = true;
            }
        }

        /** Skips the rest of the part; the response stays open for the next one. */
        @Override
        public void close() throws IOException {
            if (!closed && current == this) {
                skipRest();
            }
            closed = true;
        }
    }
}
