package dev.ferry.dicom.net;

import dev.ferry.dicom.net.pdu.PduEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * One part of a DIMSE message (its command set or its data set) written as P-DATA-TF PDUs of one
 * PDV each (PS3.8 9.3.5 and Annex E): bytes are gathered in a buffer the size of the largest PDU
 * the peer accepts, and each full buffer leaves as one PDU. The last fragment is marked when the
 * stream is closed; a full buffer is held back until more bytes arrive, so the last fragment is
 * never empty unless the whole part is.
 *
 * <p>The buffer belongs to the association and is reused from message to message. Not thread-safe:
 * one message part at a time per association. The PDUs go through {@link PduSender}, whose lock
 * keeps them whole when another thread sends an A-ABORT or a C-CANCEL.
 */
final class PDataOutputStream extends OutputStream {
    /** PDU header (type, reserved, length) and PDV header (length, context ID, control header). */
    static final int HEADERS = PduEncoder.PDU_HEADER_LENGTH + PduEncoder.PDV_HEADER_LENGTH;

    private final PduSender sender;
    private final int contextId;
    private final boolean command;
    private final boolean flushLast;
    private final byte[] pdu;
    private int filled = HEADERS;
    private boolean closed;
    private long written;

    /**
     * @param buffer the association's buffer: its length is the PDU header plus the largest PDU
     *     length to send (at least 7 bytes of it)
     * @param flushLast whether the last PDU is flushed; a command followed by a data set is not, so
     *     both leave together
     */
    PDataOutputStream(PduSender sender, byte[] buffer, int contextId, boolean command, boolean flushLast) {
        if (buffer.length < HEADERS + 1) {
            throw new IllegalArgumentException("a P-DATA-TF needs at least 7 bytes: " + buffer.length);
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.pdu = buffer;
        this.contextId = contextId;
        this.command = command;
        this.flushLast = flushLast;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == pdu.length) {
            send(false);
        }
        pdu[filled++] = (byte) b;
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (filled == pdu.length) {
                send(false);
            }
            int n = Math.min(len, pdu.length - filled);
            System.arraycopy(b, off, pdu, filled, n);
            filled += n;
            off += n;
            len -= n;
            written += n;
        }
    }

    /**
     * Reads {@code in} to its end straight into the PDU buffer, sending each full PDU: one copy
     * fewer than {@code in.transferTo(this)}.
     *
     * @return the bytes read
     */
    long writeFrom(InputStream in) throws IOException {
        ensureOpen();
        long total = 0;
        while (true) {
            if (filled == pdu.length) {
                if (peekEnd(in)) {
                    return total;
                }
                total++;
                continue;
            }
            int n = in.read(pdu, filled, pdu.length - filled);
            if (n < 0) {
                return total;
            }
            filled += n;
            written += n;
            total += n;
        }
    }

    /** Whether {@code in} is at its end; a byte read to tell is kept in the next PDU. */
    private boolean peekEnd(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        send(false);
        pdu[filled++] = (byte) b;
        written++;
        return false;
    }

    /** Bytes written so far (the part's length once closed). */
    long written() {
        return written;
    }

    /** Sends what is buffered as the last fragment. Does not close the association's stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            send(true);
        }
    }

    private void send(boolean last) throws IOException {
        int fragment = filled - HEADERS;
        PduEncoder.writePDataTfHeader(pdu, 0, fragment + PduEncoder.PDV_HEADER_LENGTH);
        PduEncoder.writePdvHeader(pdu, PduEncoder.PDU_HEADER_LENGTH, fragment, contextId, command, last);
        sender.write(pdu, 0, filled, last && flushLast);
        filled = HEADERS;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the message part has been sent");
        }
    }
}
