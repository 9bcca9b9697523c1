package dev.ferry.dicom.io;

import dev.ferry.api.VR;
import dev.ferry.dicom.io.TruncationCheckingInputStream.TruncatedDataSetException;
import java.util.Objects;

/**
 * Follows the top-level element structure of a data set's remainder (what {@link DicomReader} left
 * after the header: Pixel Data and any elements after it) as its bytes go by, in chunks of any size,
 * and tells a {@link Listener} where each element, fragment and value byte is. The bytes themselves
 * are never copied or held: only element and item headers are (at most 12 bytes).
 *
 * <p>An element of undefined length that is not an encapsulated fragment sequence (a sequence of data
 * sets) ends the following: the rest is {@linkplain Listener#unfollowed(int) not followed}, as that
 * would mean descending into data sets. Deflated remainders are not for this class (inflate first).
 *
 * <p>Not thread-safe.
 */
public final class RemainderFollower {
    /** A length of 0xFFFFFFFF: undefined. */
    public static final long UNDEFINED = 0xFFFFFFFFL;
    /** Pixel Data (7FE0,0010). */
    public static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    /** What the follower found, in the order of the bytes. Every method does nothing by default. */
    public interface Listener {
        /**
         * A top-level element starts.
         *
         * @param vr its VR, or {@code null} in an implicit-VR encoding
         * @param length its value length, or {@link #UNDEFINED} for encapsulated Pixel Data, whose
         *     fragments follow
         */
        default void element(int tag, VR vr, long length) { }

        /** A fragment item of the current encapsulated element starts; index 0 is the Basic Offset Table. */
        default void fragment(int index, long length) { }

        /** Bytes of the current element's value, or of the current fragment's value. */
        default void value(byte[] b, int off, int len) { }

        /** A sequence of undefined length begins at top level: nothing after it is followed. */
        default void unfollowed(int tag) { }
    }

    private enum State { ELEMENT_HEADER, VALUE, ITEM_HEADER, ITEM_VALUE, UNFOLLOWED }

    private final boolean explicitVr;
    private final boolean bigEndian;
    private final String source;
    private final Listener listener;
    private final byte[] header = new byte[12];
    private int headerFill;
    private int headerNeed = 8;
    private State state = State.ELEMENT_HEADER;
    private long valueLeft;
    private int tag;
    private int fragments;
    private long position;

    /**
     * @param explicitVr whether the remainder is encoded with explicit VRs
     * @param bigEndian whether it is big endian
     * @param source what the data set is, for messages (a file, "C-STORE of UID")
     */
    public RemainderFollower(boolean explicitVr, boolean bigEndian, String source, Listener listener) {
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Bytes {@code b[off..off+n)}, the next of the remainder. */
    public void follow(byte[] b, int off, int n) throws TruncatedDataSetException {
        int i = off;
        int end = off + n;
        while (i < end && state != State.UNFOLLOWED) {
            switch (state) {
                case VALUE, ITEM_VALUE -> {
                    int take = (int) Math.min(valueLeft, end - i);
                    listener.value(b, i, take);
                    i += take;
                    position += take;
                    valueLeft -= take;
                    if (valueLeft == 0) {
                        state = state == State.VALUE ? State.ELEMENT_HEADER : State.ITEM_HEADER;
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

    /**
     * The remainder ended: fine between top-level elements (or once not followed), a truncation
     * anywhere else.
     *
     * @throws TruncatedDataSetException if it ended inside an element
     */
    public void end() throws TruncatedDataSetException {
        switch (state) {
            case UNFOLLOWED:
                return;
            case ELEMENT_HEADER:
                if (headerFill == 0) {
                    return;
                }
                throw truncated("the data set ends " + headerFill + " bytes into an element header");
            case VALUE:
                throw truncated(String.format("%s declares more bytes than arrived: %d missing", tagText(), valueLeft));
            case ITEM_HEADER:
                throw truncated(tagText() + " (encapsulated) ends without its sequence delimiter");
            case ITEM_VALUE:
                throw truncated(String.format("a fragment of %s (encapsulated) is %d bytes short", tagText(), valueLeft));
            default:
                throw new IllegalStateException(state.name());
        }
    }

    /** How many bytes have been followed. */
    public long position() {
        return position;
    }

    /** A complete (so far) element header in {@link #header}: on to its value, or more header. */
    private void elementHeader() {
        tag = (u16(0) << 16) | u16(2);
        long length;
        VR vr = null;
        boolean sequenceOfDataSets;
        if (explicitVr && tag != ITEM && tag != SEQUENCE_DELIMITER) {
            vr = VR.of(header[4] & 0xFF, header[5] & 0xFF);
            boolean longHeader = vr == null || vr.hasLongHeader();
            if (longHeader && headerNeed == 8) {
                headerNeed = 12;
                return;
            }
            length = longHeader ? u32(8) : u16(6);
            sequenceOfDataSets = vr == VR.SQ || vr == VR.UN;
        } else {
            length = u32(4);
            sequenceOfDataSets = tag != PIXEL_DATA;
        }
        headerFill = 0;
        headerNeed = 8;
        if (length == UNDEFINED && sequenceOfDataSets && tag != PIXEL_DATA) {
            state = State.UNFOLLOWED;
            listener.unfollowed(tag);
            return;
        }
        listener.element(tag, vr, length);
        if (length == UNDEFINED) {
            fragments = 0;
            state = State.ITEM_HEADER;
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
        listener.fragment(fragments++, length);
        valueLeft = length;
        state = length == 0 ? State.ITEM_HEADER : State.ITEM_VALUE;
    }

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
}
