package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.TransferSyntax;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Re-encodes a stream of data elements (the remainder of an object: Pixel Data and whatever follows
 * it) from one native encoding to another while it is read: element headers rewritten, values
 * passed through a fixed buffer and byte-swapped word by word when the byte order changes,
 * sequences and encapsulated fragments followed to any depth.
 *
 * <p>Top-level Pixel Data follows its transfer syntax's pixel byte order, which for GE's private
 * Implicit VR Big Endian differs from the data set's ({@link TransferSyntax#isPixelDataBigEndian()}).
 *
 * <p>Sequences and items are written with undefined length: element headers differ in size between
 * encodings, so a defined length could not be kept without buffering the sequence. Pixel Data read
 * from implicit VR becomes OW when Bits Allocated is above 8, else OB (PS3.5 section 8.2).
 * Not thread-safe.
 */
final class TranscodingInputStream extends InputStream {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int CHUNK = 1 << 16; // a multiple of every word size

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    /** One level of nesting; {@code end} is the input offset where a defined length ends, or -1. */
    private record Frame(Kind kind, long end, boolean explicit, boolean bigEndian, int tag) {}

    private final DicomInput in;
    private final ElementHeader to;
    private final VR implicitPixelVr;
    private final String source;
    private final ItemRef item;
    private final long baseOffset;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final boolean topExplicit;
    private final boolean topBigEndian;
    private final boolean fromPixelBigEndian;
    private final boolean toPixelBigEndian;
    private final ElementDictionary dictionary = ElementDictionary.standard();

    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private int limit;
    private long valueLeft;
    private int swapWord = 1;
    private int currentTag = -1;
    private boolean done;

    /**
     * @param from the encoding of {@code remainder}; {@code to} the one to produce (both native)
     * @param baseOffset the offset of the stream's first byte in the object, for error messages
     * @param bitsAllocated the header's Bits Allocated, to choose OB or OW for implicit Pixel Data
     */
    TranscodingInputStream(InputStream remainder, TransferSyntax from, TransferSyntax to, int bitsAllocated,
                           String source, ItemRef item, long baseOffset) {
        this.in = new DicomInput(remainder, 8192);
        this.topExplicit = from.isExplicitVr();
        this.topBigEndian = from.isBigEndian();
        this.fromPixelBigEndian = from.isPixelDataBigEndian();
        this.toPixelBigEndian = to.isPixelDataBigEndian();
        this.to = new ElementHeader(to.isExplicitVr(), to.isBigEndian());
        this.implicitPixelVr = bitsAllocated > 8 ? VR.OW : VR.OB;
        this.source = source;
        this.item = item;
        this.baseOffset = baseOffset;
    }

    /**
     * The header's Bits Allocated for {@link #TranscodingInputStream}: 16 when absent or malformed, as
     * it only chooses the VR of implicit Pixel Data, and a broken Bits Allocated is reported where
     * the pixel data is interpreted, not while bytes are passed on.
     */
    static int bitsAllocated(Dataset header) {
        try {
            return header.getInt(Tag.BitsAllocated, 16);
        } catch (InvalidValueException e) {
            return 16;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.rest().close();
    }

    /** Produces the next piece of output into {@link #chunk}; false at the end of the input. */
    private boolean fill() throws IOException {
        pos = 0;
        limit = 0;
        try {
            if (valueLeft > 0) {
                int n = (int) Math.min(CHUNK, valueLeft);
                in.readFully(chunk, 0, n);
                DicomReader.swap(chunk, n, swapWord);
                valueLeft -= n;
                limit = n;
                return true;
            }
            return !done && nextHeader();
        } catch (EOFException e) {
            throw error("the object ends inside an element");
        }
    }

    private boolean nextHeader() throws IOException {
        Frame f = frames.peek();
        if (f != null && f.end() >= 0 && in.offset() >= f.end()) {
            if (in.offset() > f.end()) {
                throw error("an element runs past the end of its " + (f.kind() == Kind.ITEM ? "item" : "sequence"));
            }
            frames.pop();
            emit(f.kind() == Kind.ITEM ? Tag.ItemDelimitationItem : Tag.SequenceDelimitationItem, VR.SQ, 0);
            return true;
        }
        if (in.atEnd()) {
            if (!frames.isEmpty()) {
                throw error("the object ends inside a sequence");
            }
            done = true;
            return false;
        }
        boolean explicit = f == null ? topExplicit : f.explicit();
        boolean bigEndian = f == null ? topBigEndian : f.bigEndian();
        int tag = (in.u16(bigEndian) << 16) | in.u16(bigEndian);
        if (f != null && f.kind() != Kind.ITEM) {
            return nextItem(f, tag, in.u32(bigEndian));
        }
        if (tag == Tag.ItemDelimitationItem && f != null && f.end() < 0) {
            in.u32(bigEndian);
            frames.pop();
            emit(Tag.ItemDelimitationItem, VR.SQ, 0);
            return true;
        }
        if (ElementHeader.isItemOrDelimiter(tag)) {
            throw error("an item or delimiter where a data element was expected");
        }
        currentTag = tag;
        VR vr;
        long length;
        if (explicit) {
            vr = VR.of(in.u8(), in.u8());
            if (vr == null) {
                throw error("unknown VR bytes");
            }
            if (vr.hasLongHeader()) {
                in.u16(bigEndian);
                length = in.u32(bigEndian);
            } else {
                length = in.u16(bigEndian);
            }
        } else {
            vr = tag == Tag.PixelData ? implicitPixelVr : dictionary.vrOf(tag);
            length = in.u32(bigEndian);
        }
        boolean sequence = vr == VR.SQ || (length == UNDEFINED && vr == VR.UN);
        if (sequence) {
            // UN of undefined length holds Implicit VR Little Endian items (PS3.5 6.2.2).
            boolean un = vr == VR.UN;
            frames.push(new Frame(Kind.SEQUENCE, length == UNDEFINED ? -1 : in.offset() + length,
                    !un && explicit, !un && bigEndian, tag));
            emit(tag, VR.SQ, UNDEFINED);
        } else if (length == UNDEFINED) {
            if (vr != VR.OB && vr != VR.OW) {
                throw error("undefined length on a " + vr + " element");
            }
            frames.push(new Frame(Kind.FRAGMENTS, -1, explicit, bigEndian, tag));
            emit(tag, VR.OB, UNDEFINED);
        } else {
            emit(tag, vr, length);
            valueLeft = length;
            boolean pixels = f == null && tag == Tag.PixelData;
            boolean fromOrder = pixels ? fromPixelBigEndian : bigEndian;
            boolean toOrder = pixels ? toPixelBigEndian : to.bigEndian();
            swapWord = fromOrder != toOrder && vr != VR.UN ? vr.wordSize() : 1;
        }
        return true;
    }

    /** Inside a sequence or encapsulated value: the next item, or the end. */
    private boolean nextItem(Frame f, int tag, long length) throws IOException {
        if (tag == Tag.SequenceDelimitationItem) {
            if (f.end() >= 0) {
                throw error("a Sequence Delimitation Item in a sequence of defined length");
            }
            frames.pop();
            emit(Tag.SequenceDelimitationItem, VR.SQ, 0);
            return true;
        }
        if (tag != Tag.Item) {
            throw error("expected an item, found the bytes of tag " + Tags.format(tag));
        }
        if (f.kind() == Kind.FRAGMENTS) {
            if (length == UNDEFINED) {
                throw error("a fragment of undefined length");
            }
            emit(Tag.Item, VR.OB, length);
            valueLeft = length;
            swapWord = 1;
            return true;
        }
        frames.push(new Frame(Kind.ITEM, length == UNDEFINED ? -1 : in.offset() + length, f.explicit(),
                f.bigEndian(), f.tag()));
        emit(Tag.Item, VR.SQ, UNDEFINED);
        return true;
    }

    private void emit(int tag, VR vr, long length) {
        byte[] h = to.encode(tag, vr, length);
        System.arraycopy(h, 0, chunk, 0, h.length);
        pos = 0;
        limit = h.length;
    }

    private DicomParseException error(String problem) {
        StringBuilder path = new StringBuilder();
        frames.descendingIterator().forEachRemaining(fr -> {
            if (fr.kind() == Kind.SEQUENCE) {
                path.append(Tags.format(fr.tag())).append("[].");
            }
        });
        if (currentTag != -1) {
            path.append(Tags.format(currentTag));
        }
        return new DicomParseException(source, item, baseOffset + in.offset(), path.toString(), problem);
    }
}
