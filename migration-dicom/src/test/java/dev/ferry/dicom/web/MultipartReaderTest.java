package dev.ferry.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String B = "7d1c0f3e-boundary";

    @Test
    void readsPartsWithTheirHeadersAndExactContent() throws IOException {
        byte[] body = ("--" + B + "\r\nContent-Type: application/dicom\r\nContent-Length: 5\r\n\r\nfirst\r\n"
                + "--" + B + "\r\ncontent-type: application/dicom\r\nX-Extra:  two words \r\n\r\nsecond part\r\n"
                + "--" + B + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body), B, 1024);
        MultipartPart p1 = r.next();
        assertThat(p1.index()).isEqualTo(1);
        assertThat(p1.contentType()).isEqualTo("application/dicom");
        assertThat(p1.contentLength()).isEqualTo(5);
        assertThat(text(p1)).isEqualTo("first");
        MultipartPart p2 = r.next();
        assertThat(p2.header("X-EXTRA")).isEqualTo("two words");
        assertThat(p2.contentLength()).isEqualTo(-1);
        assertThat(text(p2)).isEqualTo("second part");
        assertThat(r.next()).isNull();
        assertThat(r.next()).isNull();
    }

    @Test
    void findsBoundariesSplitAcrossReadsOfAnySize() throws IOException {
        Random random = new Random(7);
        List<byte[]> contents = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            byte[] c = new byte[random.nextInt(3000)];
            random.nextBytes(c);
            contents.add(c);
        }
        // Content that looks like a delimiter until its last byte, and CRs and LFs next to the real one.
        contents.add(("\r\n--" + B.substring(0, B.length() - 1) + "X\r").getBytes(StandardCharsets.US_ASCII));
        contents.add("\n\n\r\r\n".getBytes(StandardCharsets.US_ASCII));
        contents.add(new byte[0]);
        byte[] body = body(contents, "\r\n");
        for (int maxRead = 1; maxRead <= 9; maxRead++) {
            assertThat(readAll(new Trickle(new ByteArrayInputStream(body), maxRead, random)))
                    .as("parts read %d bytes at a time", maxRead)
                    .containsExactlyElementsOf(contents);
        }
    }

    @Test
    void acceptsLfOnlyLineEnds() throws IOException {
        // (A CR that ends a part is taken as part of a CRLF delimiter: with LF-only ends it is ambiguous.)
        List<byte[]> contents = List.of("one".getBytes(StandardCharsets.US_ASCII),
                "two\r\nlines\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(new ByteArrayInputStream(body(contents, "\n")))).containsExactlyElementsOf(contents);
    }

    @Test
    void skipsPreambleTransportPaddingAndEpilogue() throws IOException {
        byte[] body = ("This is a preamble.\r\nIt has lines.\r\n--" + B + " \t \r\n\r\nA\r\n--" + B + "\t\r\n\r\nB\r\n--"
                + B + "--  \r\nepilogue, ignored").getBytes(StandardCharsets.US_ASCII);
        assertThat(readAll(new ByteArrayInputStream(body))).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .containsExactly("A", "B");
    }

    @Test
    void takesTheBoundaryFromAQuotedParameter() throws IOException {
        MediaType t = MediaType.parse("Multipart/Related; type=\"application/dicom\";boundary=\"a:b \\\"c\"; x=1");
        assertThat(t.is("multipart/related")).isTrue();
        assertThat(t.parameter("type")).isEqualTo("application/dicom");
        assertThat(t.parameter("boundary")).isEqualTo("a:b \"c");
        assertThat(t.parameter("x")).isEqualTo("1");
        byte[] body = "--a:b \"c\r\n\r\nquoted\r\n--a:b \"c--".getBytes(StandardCharsets.US_ASCII);
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body), t.parameter("boundary"), 1024);
        assertThat(text(r.next())).isEqualTo("quoted");
        assertThat(r.next()).isNull();
    }

    @Test
    void unreadAndHalfReadPartsAreSkipped() throws IOException {
        List<byte[]> contents = List.of(new byte[70_000], "second".getBytes(StandardCharsets.US_ASCII),
                new byte[200_000], "fourth".getBytes(StandardCharsets.US_ASCII));
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body(contents, "\r\n")), B, 1024);
        r.next().body().readNBytes(10);
        assertThat(text(r.next())).isEqualTo("second");
        MultipartPart third = r.next();
        third.body().readNBytes(65_000);
        third.body().close();
        assertThatThrownBy(() -> third.body().read()).as("read after close").isInstanceOf(IOException.class);
        assertThat(text(r.next())).isEqualTo("fourth");
        assertThat(r.next()).isNull();
    }

    @Test
    void refusesAHugePartHeaderInsteadOfBufferingIt() {
        String huge = "X-Padding: " + "a".repeat(20_000);
        byte[] body = ("--" + B + "\r\n" + huge + "\r\n\r\nbody\r\n--" + B + "--").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(body), B, 8192).next())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("headers of part 1 are longer than 8192 bytes");
    }

    @Test
    void aBodyThatEndsInsideAPartIsAnError() throws IOException {
        byte[] body = ("--" + B + "\r\n\r\ntruncated object with no boundary after it").getBytes(StandardCharsets.US_ASCII);
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body), B, 1024);
        MultipartPart p = r.next();
        assertThatThrownBy(() -> p.body().readAllBytes()).isInstanceOf(EOFException.class)
                .hasMessageContaining("inside part 1");
    }

    @Test
    void aBodyWithoutTheClosingDelimiterEndsAfterItsLastBoundary() throws IOException {
        byte[] body = ("--" + B + "\r\n\r\nonly\r\n--" + B + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(readAll(new ByteArrayInputStream(body))).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .containsExactly("only");
    }

    @Test
    void emptyBodyHasNoParts() throws IOException {
        assertThat(new MultipartReader(new ByteArrayInputStream(new byte[0]), B, 1024).next()).isNull();
    }

    @Test
    void aBodyWithoutAnyBoundaryIsAnError() {
        byte[] body = "<html>login page</html>".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(body), B, 1024).next())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aBoundaryLineWithTextAfterTheBoundaryIsMalformed() {
        byte[] body = ("--" + B + "junk\r\n\r\nx\r\n--" + B + "--").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new MultipartReader(new ByteArrayInputStream(body), B, 1024).next())
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void refusesAMissingOrOverlongBoundary() {
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), null, 1024))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new MultipartReader(InputStream.nullInputStream(), "b".repeat(201), 1024))
                .isInstanceOf(ProtocolException.class);
    }

    // ---------------------------------------------------------------------------------------------

    private static byte[] body(List<byte[]> contents, String eol) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            out.writeBytes(("--" + B + eol + "Content-Type: application/dicom" + eol + eol)
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + B + "--" + eol).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static List<byte[]> readAll(InputStream in) throws IOException {
        MultipartReader r = new MultipartReader(in, B, 1024);
        List<byte[]> out = new ArrayList<>();
        for (MultipartPart p = r.next(); p != null; p = r.next()) {
            out.add(p.body().readAllBytes());
        }
        return out;
    }

    private static String text(MultipartPart p) throws IOException {
        return new String(p.body().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** Returns 1 to {@code max} bytes per read. */
    private static final class Trickle extends FilterInputStream {
        private final int max;
        private final Random random;

        Trickle(InputStream in, int max, Random random) {
            super(in);
            this.max = max;
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
        }
    }
}
