package dev.ferry.dicom.io;

import dev.ferry.api.VR;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes a data set's remainder (what {@link DicomReader} left after the header: Pixel Data and any
 * elements after it) through unchanged while following its top-level element structure, and throws
 * {@link TruncatedDataSetException} when the input ends inside an element: a value shorter than its
 * declared length, or an encapsulated Pixel Data without its sequence delimiter. This is how a
 * data set that arrives whole on the wire but was cut short at its source (a truncated file a PACS
 * sends as it is) is caught before it is stored anywhere as if complete.
 *
 * <p>Only element and item headers are parsed (at most 12 bytes held); values stream through. An
 * element of undefined length that is not an encapsulated fragment sequence (a sequence of data
 * sets) ends the check: the rest passes unchecked, as the parser would have to descend into it.
 * Deflated remainders are not for this class.
 *
 * <p>Not thread-safe, like any {@code InputStream}.
 */
public final class TruncationCheckingInputStream extends FilterInputStream {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    private enum State { ELEMENT_HEADER, VALUE, ITEM_HEADER, ITEM_VALUE, UNCHECKED }

    private final boolean explicitVr;
    private final boolean bigEndian;
    private final String source;
    private final byte[] header = new byte[12];
    private int headerFill;
    private int headerNeed;
    private State state = State.ELEMENT_HEADER;
    private long valueLeft;
    private int tag;
    private long position;

    /**
     * @param in the remainder
     * @param explicitVr whether it is encoded with explicit VRs
     * @param bigEndian whether it is big endian
     * @param source what the data set is, for the exception's message (a file, "C-STORE of UID")
     */
    public TruncationCheckingInputStream(InputStream in, boolean explicitVr, boolean bigEndian, String source) {
        super(Objects.requireNonNull(in, "in"));
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.source = Objects.requireNonNull(source, "source");
        this.headerNeed = 8;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            checkEnd();
            return -1;
        }
        follow(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return SkipByReading.skip(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The input ended: fine between top-level elements, a truncation anywhere else. */
    private void checkEnd() throws TruncatedDataSetException {
        switch (state) {
            case UNCHECKED:
                return;
            case ELEMENT_HEADER:
                if (headerFill == 0) {
                    return;
                }
                throw truncated("the data set ends " + headerFill + " bytes into an element header");
            case VALUE:
                throw truncated(String.format("%s declares more bytes than arrived: %d missing", tagText(),
                        valueLeft));
            case ITEM_HEADER:
                throw truncated(tagText() + " (encapsulated) ends without its sequence delimiter");
            case ITEM_VALUE:
                throw truncated(String.format("a fragment of %s (encapsulated) is %d bytes short", tagText(),
                        valueLeft));
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private void follow(byte[] b, int off, int n) throws TruncatedDataSetException {
        int i = off;
        int end = off + n;
        while (i < end && state != State.UNCHECKED) {
            switch (state) {
                case VALUE, ITEM_VALUE -> {
                    int take = (int) Math.min(valueLeft, end - i);
                    i += take;
                    position += take;
                    valueLeft -= take;
                    if (valueLeft == 0) {
                        state = state == State.VALUE ? State.ELEMENT_HEADER : State.ITEM_HEADER;
                        headerNeed = 8;
                    }
                }
                case ELEMENT_HEADER, ITEM_HEADER -> {
                    while (i < end && headerFill < headerNeed) {
                        header[headerFill++] = b[i++];
                        position++;
                    }
                    if (headerFill == headerNeed) {
                        if (state == State.ELEMENT_HEADER) {
                            elementHeader();
                        } else {
                            itemHeader();
                        }
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** A complete (so far) element header in {@link #header}: on to its value, or more header. */
    private void elementHeader() throws TruncatedDataSetException {
        tag = (u16(0) << 16) | u16(2);
        long length;
        boolean undefinedSequence;
        if (explicitVr && tag != ITEM && tag != SEQUENCE_DELIMITER) {
            VR vr = VR.of(header[4] & 0xFF, header[5] & 0xFF);
            boolean longHeader = vr == null || vr.hasLongHeader();
            if (longHeader && headerNeed == 8) {
                headerNeed = 12;
                return;
            }
            length = longHeader ? u32(8) : u16(6);
            undefinedSequence = vr == VR.SQ || vr == VR.UN;
        } else {
            length = u32(4);
            undefinedSequence = tag != PIXEL_DATA_TAG;
        }
        headerFill = 0;
        headerNeed = 8;
        if (length == UNDEFINED) {
            if (undefinedSequence && tag != PIXEL_DATA_TAG) {
                state = State.UNCHECKED; // data sets inside: not followed here
            } else {
                state = State.ITEM_HEADER;
            }
            return;
        }
        valueLeft = length;
        state = length == 0 ? State.ELEMENT_HEADER : State.VALUE;
    }

    /** A fragment's header, or the sequence delimiter that ends the encapsulated element. */
    private void itemHeader() throws TruncatedDataSetException {
        int itemTag = (u16(0) << 16) | u16(2);
        long length = u32(4);
        headerFill = 0;
        headerNeed = 8;
        if (itemTag == SEQUENCE_DELIMITER) {
            state = State.ELEMENT_HEADER;
            return;
        }
        if (itemTag != ITEM || length == UNDEFINED) {
            throw new TruncatedDataSetException(source, position, String.format(
                    "%s (encapsulated) holds something other than a fragment of defined length", tagText()));
        }
        valueLeft = length;
        state = length == 0 ? State.ITEM_HEADER : State.ITEM_VALUE;
    }

    private static final int PIXEL_DATA_TAG = 0x7FE00010;

    private int u16(int at) {
        int a = header[at] & 0xFF;
        int b = header[at + 1] & 0xFF;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(int at) {
        long lo = u16(bigEndian ? at + 2 : at);
        long hi = u16(bigEndian ? at : at + 2);
        return (hi << 16) | lo;
    }

    private String tagText() {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    private TruncatedDataSetException truncated(String problem) {
        return new TruncatedDataSetException(source, position, problem + " (truncated)");
    }

    /** The input ended inside an element: the data set was cut short. */
    public static final class TruncatedDataSetException extends IOException {
        private final String source;
        private final long offset;

        TruncatedDataSetException(String source, long offset, String problem) {
            super(source + ": at byte " + offset + " of the remainder: " + problem);
            this.source = source;
            this.offset = offset;
        }

        /** What was read: a file, a C-STORE. */
        public String source() {
            return source;
        }

        /** Where in the remainder the problem is, in bytes. */
        public long offset() {
            return offset;
        }
    }
}
