package dev.ferry.hl7.mllp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MLLP framing (HL7 v2.5.1 Appendix C.4.2): start block {@code 0x0B}, the message, end block
 * {@code 0x1C} and carriage return {@code 0x0D}. A frame carries no length, so a reader bounds it and
 * fails rather than grow without limit.
 */
public final class MllpFraming {
    /** Start block, VT. */
    public static final int START_BLOCK = 0x0B;
    /** End block, FS. */
    public static final int END_BLOCK = 0x1C;
    /** Carriage return after the end block. */
    public static final int CARRIAGE_RETURN = 0x0D;

    /** The longest run of bytes skipped while looking for a start block (whitespace, stray CRs). */
    static final int MAX_BYTES_BEFORE_START = 1024;

    private MllpFraming() {}

    /** A frame longer than the bound, or bytes other than a frame where one should start. */
    public static final class FramingException extends IOException {
        private static final long serialVersionUID = 1L;

        public FramingException(String message) {
            super(message);
        }
    }

    /**
     * Reads one frame's content.
     *
     * @return the bytes between start and end block; {@code null} when the stream ends cleanly between frames
     * @throws FramingException if the frame exceeds {@code maxBytes}, or no start block comes
     * @throws EOFException if the stream ends inside a frame
     */
    public static byte[] readFrame(InputStream in, int maxBytes) throws IOException {
        int b;
        int skipped = 0;
        while ((b = in.read()) != START_BLOCK) {
            if (b < 0) {
                return null;
            }
            if (++skipped > MAX_BYTES_BEFORE_START) {
                throw new FramingException("no MLLP start block in the first " + MAX_BYTES_BEFORE_START + " bytes");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 4096));
        while (true) {
            b = in.read();
            if (b < 0) {
                throw new EOFException("the stream ended inside an MLLP frame after " + out.size() + " bytes");
            }
            if (b == END_BLOCK) {
                int cr = in.read();
                if (cr != CARRIAGE_RETURN && cr >= 0) {
                    // Tolerated: some senders omit the CR; the byte read belongs to nothing we keep.
                    if (cr == START_BLOCK) {
                        throw new FramingException("an MLLP end block was followed by a start block without CR");
                    }
                }
                return out.toByteArray();
            }
            if (b == START_BLOCK) {
                out.reset(); // a sender that restarted its frame
                continue;
            }
            if (out.size() >= maxBytes) {
                throw new FramingException("an MLLP frame exceeds " + maxBytes + " bytes");
            }
            out.write(b);
        }
    }

    /** Writes one frame and flushes. */
    public static void writeFrame(OutputStream out, byte[] message) throws IOException {
        byte[] framed = new byte[message.length + 3];
        framed[0] = START_BLOCK;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[message.length + 1] = END_BLOCK;
        framed[message.length + 2] = CARRIAGE_RETURN;
        out.write(framed);
        out.flush();
    }
}
