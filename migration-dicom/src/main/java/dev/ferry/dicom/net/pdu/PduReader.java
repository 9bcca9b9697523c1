package dev.ferry.dicom.net.pdu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads PDUs from a stream (PS3.8 section 9.3): whole, with {@link #read()}, or header first with
 * {@link #readHeader()}, then the body whole with {@link #readBody()} or, for a P-DATA-TF, PDV by
 * PDV with {@link #nextPdv()} and {@link #readPdv}, {@link #transferPdvTo} into the caller's
 * buffers, without allocating per PDV.
 *
 * <p>Lengths come from the peer and are not trusted: a P-DATA-TF longer than the maximum length
 * this side advertised, or an association PDU longer than its own limit, fails before a byte of its
 * body is read; a body is read in chunks as its bytes arrive, so a length the stream does not back
 * costs at most 64 KiB. Fixed-length PDUs must have their fixed length.
 *
 * <p>The reader buffers: once it has the stream, read it only through the reader. Failures are
 * {@link PduException}s with the abort reason to send ({@link TruncatedPduException} when the
 * stream ends inside a PDU); other {@link IOException}s are the stream's. After any exception the
 * reader's position is undefined: abort the association. Not thread-safe.
 *
 * @see <a href="https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.html">PS3.8 9.3</a>
 */
public final class PduReader {
    /** The default limit of an A-ASSOCIATE-RQ or -AC PDU-length: 64 KiB. */
    public static final int DEFAULT_MAX_ASSOCIATION_PDU_LENGTH = 64 << 10;
    /** The P-DATA-TF PDU-length accepted when the maximum length advertised is 0 (no limit): 64 MiB. */
    public static final int UNLIMITED_P_DATA_CAP = 64 << 20;

    private static final int BUFFER_SIZE = 16 << 10;
    private static final int FIRST_CHUNK = 64 << 10;
    private static final int HEADER = PduEncoder.PDU_HEADER_LENGTH;

    private final InputStream in;
    private final int maxPDataLength;
    private final int maxAssociationPduLength;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;

    /** The PDU whose body is being read, or {@code null} between PDUs. */
    private PduType type;
    private int bodyLength;
    private int bodyRead;

    private boolean inPdv;
    private int pdvContextId;
    private int pdvControl;
    private int pdvLength;
    private int pdvRead;

    /**
     * A reader accepting association PDUs of up to {@link #DEFAULT_MAX_ASSOCIATION_PDU_LENGTH}.
     *
     * @param maxPDataLength the maximum length this side advertised ({@link MaxLength}): the largest
     *     P-DATA-TF PDU-length accepted; 0 for no limit, which accepts {@link #UNLIMITED_P_DATA_CAP}
     */
    public PduReader(InputStream in, int maxPDataLength) {
        this(in, maxPDataLength, DEFAULT_MAX_ASSOCIATION_PDU_LENGTH);
    }

    /**
     * @param maxPDataLength the maximum length this side advertised ({@link MaxLength}): the largest
     *     P-DATA-TF PDU-length accepted; 0 for no limit, which accepts {@link #UNLIMITED_P_DATA_CAP}
     * @param maxAssociationPduLength the largest PDU-length of an A-ASSOCIATE-RQ or -AC accepted
     */
    public PduReader(InputStream in, int maxPDataLength, int maxAssociationPduLength) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxPDataLength < 0) {
            throw new IllegalArgumentException("negative maximum P-DATA-TF length " + maxPDataLength);
        }
        if (maxAssociationPduLength < Associate.FIXED_LENGTH) {
            throw new IllegalArgumentException("maximum association PDU length " + maxAssociationPduLength
                    + " is below the " + Associate.FIXED_LENGTH + " bytes of the fixed fields");
        }
        this.maxPDataLength = maxPDataLength == 0 ? UNLIMITED_P_DATA_CAP : maxPDataLength;
        this.maxAssociationPduLength = maxAssociationPduLength;
    }

    /**
     * Decodes one whole PDU from {@code pdu}, which must hold it exactly. Any length is accepted
     * that the array backs.
     *
     * @throws PduException if the bytes are not one valid PDU
     */
    public static Pdu decode(byte[] pdu) throws PduException {
        int limit = Integer.MAX_VALUE - 8;
        PduReader reader = new PduReader(new ByteArrayInputStream(pdu), limit, limit);
        try {
            PduHeader header = reader.readHeader();
            if (header == null) {
                throw new TruncatedPduException(null, 0, HEADER);
            }
            Pdu decoded = reader.readBody();
            long end = HEADER + (long) header.length();
            if (end < pdu.length) {
                throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, decoded.type(), end,
                        (pdu.length - end) + " bytes follow the PDU");
            }
            return decoded;
        } catch (PduException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("a byte array does not fail to read", e);
        }
    }

    /**
     * Reads the next PDU whole (a P-DATA-TF's PDVs copied into {@link Pdv}s), skipping first what
     * is left of the current one.
     *
     * @return the PDU, or {@code null} if the stream ended cleanly before it
     */
    public Pdu read() throws IOException {
        return readHeader() == null ? null : readBody();
    }

    /**
     * Reads the next PDU's header, skipping first what is left of the current PDU, and checks its
     * PDU-length against the limits and the type.
     *
     * @return the header, or {@code null} if the stream ended cleanly before it
     * @throws PduException reason 1 for a PDU type PS3.8 does not define, 6 for a PDU-length over
     *     the limit or wrong for the type
     */
    public PduHeader readHeader() throws IOException {
        if (type != null) {
            skipRestOfPdu();
        }
        if (!ensure(1)) {
            return null;
        }
        if (!ensure(HEADER)) {
            throw new TruncatedPduException(PduType.forCode(buf[pos] & 0xFF), lim - pos, HEADER);
        }
        int code = buf[pos] & 0xFF;
        PduType t = PduType.forCode(code);
        if (t == null) {
            throw new PduException(AbortReason.UNRECOGNIZED_PDU, null, 0, String.format("PDU type %02XH is not one"
                    + " PS3.8 defines", code) + (code == 0x15 || code == 0x16
                            ? " (it starts a TLS record: is TLS configured on one side only?)" : ""));
        }
        long length = u32(buf, pos + 2);
        String problem = lengthProblem(t, length);
        if (problem != null) {
            throw new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, t, 2, problem);
        }
        pos += HEADER;
        type = t;
        bodyLength = (int) length;
        bodyRead = 0;
        inPdv = false;
        return new PduHeader(t, bodyLength);
    }

    /**
     * Reads the body of the PDU whose header {@link #readHeader()} just read.
     *
     * @throws IllegalStateException if no header was read, or the body is already being read
     */
    public Pdu readBody() throws IOException {
        if (type == null || bodyRead != 0) {
            throw new IllegalStateException("readBody() reads the body of the PDU whose header was just read");
        }
        PduType t = type;
        if (t == PduType.P_DATA_TF) {
            List<Pdv> pdvs = new ArrayList<>();
            while (nextPdv()) {
                byte[] data = readChunked(pdvLength);
                pdvRead = pdvLength;
                pdvs.add(new Pdv(pdvContextId, pdvCommand(), pdvLast(), data));
            }
            return new PDataTf(pdvs);
        }
        byte[] body = readChunked(bodyLength);
        type = null;
        return PduParser.parse(t, body);
    }

    /**
     * Moves to the next PDV of the P-DATA-TF being read, skipping what is left of the current one.
     *
     * @return {@code true} with the PDV's header read; {@code false} at the end of the PDU, which is
     *     then read entirely
     * @throws PduException reason 6 for a PDV item length below 2 or past the end of the PDU, or an
     *     even presentation context ID
     * @throws IllegalStateException if no P-DATA-TF is being read
     */
    public boolean nextPdv() throws IOException {
        if (type != PduType.P_DATA_TF) {
            throw new IllegalStateException("no P-DATA-TF is being read");
        }
        if (inPdv) {
            skipRestOfPdv();
            inPdv = false;
        }
        int left = bodyLength - bodyRead;
        if (left == 0) {
            type = null;
            return false;
        }
        long at = HEADER + (long) bodyRead;
        if (left < PduEncoder.PDV_HEADER_LENGTH) {
            throw invalid(at, "the PDU ends " + left + " bytes on, inside the 6-byte header of a PDV item");
        }
        if (!ensure(PduEncoder.PDV_HEADER_LENGTH)) {
            throw truncated(lim - pos);
        }
        long itemLength = u32(buf, pos);
        int id = buf[pos + 4] & 0xFF;
        if (itemLength < 2) {
            throw invalid(at, "PDV item length " + itemLength + " is less than the 2 bytes of its context ID and"
                    + " message control header");
        }
        if (itemLength - 2 > left - PduEncoder.PDV_HEADER_LENGTH) {
            throw invalid(at, "PDV item length " + itemLength + " runs past the end of the PDU (" + (left - 4)
                    + " bytes left)");
        }
        if ((id & 1) == 0) {
            throw invalid(at + 4, "presentation context ID " + id + " is not an odd integer from 1 to 255");
        }
        pdvContextId = id;
        pdvControl = buf[pos + 5] & 0xFF;
        pdvLength = (int) itemLength - 2;
        pdvRead = 0;
        inPdv = true;
        pos += PduEncoder.PDV_HEADER_LENGTH;
        bodyRead += PduEncoder.PDV_HEADER_LENGTH;
        return true;
    }

    /**
     * Whether a P-DATA-TF's body is being read: {@link #nextPdv()} may be called. False between
     * PDUs, and once {@code nextPdv()} has returned {@code false}.
     */
    public boolean inPDataTf() {
        return type == PduType.P_DATA_TF;
    }

    /**
     * Tries one read into the buffer when it is empty, without consuming anything: for a caller
     * that set a short read timeout to see whether the peer has sent something.
     *
     * @return the bytes buffered; 0 if the read timed out before any byte; -1 at the end of the stream
     */
    public int poll() throws IOException {
        if (pos < lim) {
            return lim - pos;
        }
        try {
            return fill() ? lim - pos : -1;
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        }
    }

    /** Bytes read from the stream and buffered, not yet consumed: a look-ahead that needs no blocking read. */
    public int buffered() {
        return lim - pos;
    }

    /** The current PDV's presentation context ID. */
    public int pdvContextId() {
        requirePdv();
        return pdvContextId;
    }

    /** Whether the current PDV is a command fragment (bit 0 of its message control header). */
    public boolean pdvCommand() {
        requirePdv();
        return (pdvControl & 1) != 0;
    }

    /** Whether the current PDV is the last fragment (bit 1 of its message control header). */
    public boolean pdvLast() {
        requirePdv();
        return (pdvControl & 2) != 0;
    }

    /** The length of the current PDV's fragment, its header not counted. */
    public int pdvLength() {
        requirePdv();
        return pdvLength;
    }

    /** How many bytes of the current PDV's fragment are left to read. */
    public int pdvRemaining() {
        requirePdv();
        return pdvLength - pdvRead;
    }

    /**
     * Reads up to {@code len} bytes of the current PDV's fragment into {@code b}, as
     * {@link InputStream#read(byte[], int, int)} does. Large reads go from the stream straight into
     * {@code b}.
     *
     * @return the number of bytes read, or -1 at the end of the fragment
     */
    public int readPdv(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        requirePdv();
        int left = pdvLength - pdvRead;
        if (left == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = readSome(b, off, Math.min(len, left));
        if (n < 0) {
            throw truncated(0);
        }
        pdvRead += n;
        bodyRead += n;
        return n;
    }

    /** Writes what is left of the current PDV's fragment to {@code out}; returns how many bytes. */
    public long transferPdvTo(OutputStream out) throws IOException {
        requirePdv();
        long total = 0;
        while (pdvRead < pdvLength) {
            if (pos == lim && !fill()) {
                throw truncated(0);
            }
            int n = Math.min(lim - pos, pdvLength - pdvRead);
            out.write(buf, pos, n);
            pos += n;
            pdvRead += n;
            bodyRead += n;
            total += n;
        }
        return total;
    }

    private String lengthProblem(PduType t, long length) {
        switch (t) {
            case P_DATA_TF:
                if (length > maxPDataLength) {
                    return "PDU-length " + length + " exceeds the maximum length " + maxPDataLength
                            + " this side accepts";
                }
                if (length < PduEncoder.PDV_HEADER_LENGTH) {
                    return "PDU-length " + length + " leaves no room for a PDV item";
                }
                return null;
            case ASSOCIATE_RQ:
            case ASSOCIATE_AC:
                if (length > maxAssociationPduLength) {
                    return "PDU-length " + length + " exceeds the " + maxAssociationPduLength
                            + " bytes this side accepts for an association PDU";
                }
                if (length < Associate.FIXED_LENGTH) {
                    return "PDU-length " + length + " is less than the " + Associate.FIXED_LENGTH
                            + " bytes of the fixed fields";
                }
                return null;
            default:
                return length == 4 ? null : "PDU-length " + length + " where PS3.8 fixes 4";
        }
    }

    private void requirePdv() {
        if (!inPdv) {
            throw new IllegalStateException("no PDV is being read: call nextPdv()");
        }
    }

    private PduException invalid(long offset, String problem) {
        return new PduException(AbortReason.INVALID_PDU_PARAMETER_VALUE, type, offset, problem);
    }

    /** The stream ended {@code extra} bytes after what has been consumed of the current PDU. */
    private TruncatedPduException truncated(int extra) {
        return new TruncatedPduException(type, HEADER + (long) bodyRead + extra, HEADER + (long) bodyLength);
    }

    /**
     * Reads {@code len} bytes of the current PDU's body into a new array, in chunks that grow as
     * bytes arrive, so that what is allocated stays in proportion to what the stream delivered.
     */
    private byte[] readChunked(int len) throws IOException {
        byte[] out = new byte[Math.min(len, FIRST_CHUNK)];
        int n = 0;
        while (n < len) {
            if (n == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(len, 2L * out.length));
            }
            int r = readSome(out, n, out.length - n);
            if (r < 0) {
                throw truncated(n);
            }
            n += r;
        }
        bodyRead += len;
        return out;
    }

    private void skipRestOfPdv() throws IOException {
        int left = pdvLength - pdvRead;
        discard(left);
        pdvRead = pdvLength;
    }

    private void skipRestOfPdu() throws IOException {
        if (inPdv) {
            skipRestOfPdv();
            inPdv = false;
        }
        discard(bodyLength - bodyRead);
        type = null;
    }

    private void discard(int count) throws IOException {
        int left = count;
        while (left > 0) {
            if (pos == lim && !fill()) {
                throw truncated(0);
            }
            int n = Math.min(lim - pos, left);
            pos += n;
            left -= n;
            bodyRead += n;
        }
    }

    /** Up to {@code len} (> 0) bytes, from the buffer, or straight from the stream for large reads; -1 at its end. */
    private int readSome(byte[] b, int off, int len) throws IOException {
        if (pos == lim) {
            if (len >= buf.length) {
                int r;
                do {
                    r = in.read(b, off, len);
                } while (r == 0);
                return r;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Refills the empty buffer with what the stream has; {@code false} at its end. */
    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        lim = r;
        return true;
    }

    /** Makes {@code n} bytes available in the buffer; {@code false} if the stream ends first. */
    private boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
