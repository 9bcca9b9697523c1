package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes a {@link Dataset} in one encoding (PS3.5 section 7): elements in tag order, values
 * padded to even length with their VR's padding byte, binary values byte-swapped for big endian,
 * sequences and items with defined or undefined length as their hints say.
 *
 * <p>Element headers and small values are staged in a buffer of {@value #STAGE} bytes and reach the
 * output in few writes; a value that does not fit is written straight through. Not thread-safe: one
 * encoder per write.
 */
final class DatasetEncoder {
    /** Enough for most headers' elements between two large values; small enough to cost nothing. */
    private static final int STAGE = 1024;

    private final ElementHeader header;
    private final byte[] stage = new byte[STAGE];
    private int staged;
    private OutputStream out;
    private int openGroup = -1;
    private long tailLength = -1;

    DatasetEncoder(boolean explicit, boolean bigEndian) {
        this.header = new ElementHeader(explicit, bigEndian);
    }

    /** Writes the data set's elements to {@code out}; everything is handed to {@code out} on return. */
    void write(Dataset ds, OutputStream out) throws IOException {
        write(ds, out, -1, -1);
    }

    /**
     * As {@link #write(Dataset, OutputStream)} for a header followed by a remainder whose first
     * element, of {@code tailLength} bytes as written, ends the group {@code openGroup}: that
     * group's length is the header's part plus the tail.
     *
     * @param openGroup the group of the remainder's first element, or -1
     * @param tailLength its encoded length, or -1 if not known (undefined length)
     */
    void write(Dataset ds, OutputStream out, int openGroup, long tailLength) throws IOException {
        this.out = out;
        this.openGroup = openGroup;
        this.tailLength = tailLength;
        try {
            writeElements(ds);
            drain();
        } finally {
            this.out = null;
            this.openGroup = -1;
            staged = 0;
        }
    }

    private void writeElements(Dataset ds) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Dataset.Sequence seq = ds.sequenceAt(i);
            Dataset.Fragments fragments = ds.fragmentsAt(i);
            if (seq != null) {
                writeSequence(tag, vr, seq);
            } else if (fragments != null) {
                elementHeader(tag, vr, ElementHeader.UNDEFINED);
                for (byte[] f : fragments) {
                    elementHeader(Tag.Item, VR.OB, padded(f.length));
                    value(f, VR.OB);
                }
                elementHeader(Tag.SequenceDelimitationItem, VR.OB, 0);
            } else if (isGroupLength(tag) && vr == VR.UL) {
                // Retired group lengths (PS3.5 7.2) are rewritten for what follows, which a change
                // or a change of encoding may have resized; they are the same if nothing changed.
                elementHeader(tag, vr, 4);
                long n = groupLength(ds, i);
                byte[] v = {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
                value(v, vr);
            } else {
                byte[] value = ds.encodedValueAt(i);
                elementHeader(tag, headerVr(vr, value.length), padded(value.length));
                value(value, vr);
            }
        }
    }

    /**
     * (gggg,0000) of a data set group, as the reader checks them; the command (0000) and File Meta
     * (0002) groups are computed by their writers, and group 0001 is not a group (PS3.5 7.1).
     */
    static boolean isGroupLength(int tag) {
        return (tag & 0xFFFF) == 0 && (tag >>> 16) > 0x0002;
    }

    /**
     * The encoded length of the elements after index {@code at} in its group. The last group of a
     * header may go on in the remainder (group 7FE0 before Pixel Data): with the remainder's first
     * element known, it counts; otherwise, where the value read is larger than what the header
     * holds, it is kept, as the header cannot say what follows.
     */
    private long groupLength(Dataset ds, int at) {
        int group = ds.tagAt(at) >>> 16;
        long n = 0;
        int i = at + 1;
        for (; i < ds.size() && ds.tagAt(i) >>> 16 == group; i++) {
            n += elementLength(ds, i);
        }
        if (i == ds.size() && ds.parent() == null && group == openGroup && tailLength >= 0) {
            return n + tailLength;
        }
        if (i == ds.size() && ds.parent() == null) {
            byte[] read = ds.encodedValueAt(at);
            long value = read.length == 4 ? ((read[3] & 0xFFL) << 24) | ((read[2] & 0xFF) << 16)
                    | ((read[1] & 0xFF) << 8) | (read[0] & 0xFF) : -1;
            return Math.max(n, value);
        }
        return n;
    }

    private void writeSequence(int tag, VR vr, Dataset.Sequence seq) throws IOException {
        VR written = vr == VR.UN ? VR.SQ : vr;
        elementHeader(tag, written, seq.undefinedLength() ? ElementHeader.UNDEFINED : itemsLength(seq));
        for (Dataset item : seq) {
            elementHeader(Tag.Item, VR.SQ, item.undefinedLength() ? ElementHeader.UNDEFINED : length(item));
            writeElements(item);
            if (item.undefinedLength()) {
                elementHeader(Tag.ItemDelimitationItem, VR.SQ, 0);
            }
        }
        if (seq.undefinedLength()) {
            elementHeader(Tag.SequenceDelimitationItem, VR.SQ, 0);
        }
    }

    private void elementHeader(int tag, VR vr, long length) throws IOException {
        if (staged + 12 > STAGE) {
            drain();
        }
        staged += header.encode(tag, vr, length, stage, staged);
    }

    /** The value, byte-swapped for big endian, then its padding byte if its length is odd. */
    private void value(byte[] value, VR vr) throws IOException {
        int n = value.length;
        int padded = n + (n & 1);
        boolean swap = header.bigEndian() && vr.wordSize() > 1 && vr != VR.UN;
        if (padded > STAGE - staged) {
            drain();
        }
        if (padded <= STAGE) {
            System.arraycopy(value, 0, stage, staged, n);
            if (swap) {
                DicomReader.swap(stage, staged, n, vr.wordSize());
            }
            if ((n & 1) != 0) {
                stage[staged + n] = vr.padding();
            }
            staged += padded;
            return;
        }
        if (swap) {
            byte[] copy = value.clone();
            DicomReader.swap(copy, 0, n, vr.wordSize());
            out.write(copy);
        } else {
            out.write(value);
        }
        if ((n & 1) != 0) {
            out.write(vr.padding());
        }
    }

    private void drain() throws IOException {
        if (staged > 0) {
            out.write(stage, 0, staged);
            staged = 0;
        }
    }

    /** The encoded length of a data set's elements (what an item of defined length declares). */
    long length(Dataset ds) {
        long n = 0;
        for (int i = 0; i < ds.size(); i++) {
            n += elementLength(ds, i);
        }
        return n;
    }

    /** The encoded length of one element, header included. */
    private long elementLength(Dataset ds, int i) {
        int tag = ds.tagAt(i);
        VR vr = ds.vrAt(i);
        Dataset.Sequence seq = ds.sequenceAt(i);
        Dataset.Fragments fragments = ds.fragmentsAt(i);
        long n = header.size(tag, vr == VR.UN && seq != null ? VR.SQ : vr);
        if (seq != null) {
            n += itemsLength(seq) + (seq.undefinedLength() ? 8 : 0);
        } else if (fragments != null) {
            for (byte[] f : fragments) {
                n += 8 + padded(f.length);
            }
            n += 8;
        } else if (isGroupLength(tag) && vr == VR.UL) {
            n += 4;
        } else {
            int length = ds.encodedValueAt(i).length;
            n += padded(length) + header.size(tag, headerVr(vr, length)) - header.size(tag, vr);
        }
        return n;
    }

    private long itemsLength(Dataset.Sequence seq) {
        long n = 0;
        for (Dataset item : seq) {
            n += 8 + length(item) + (item.undefinedLength() ? 8 : 0);
        }
        return n;
    }

    /**
     * The VR to write in the header: a value too long for a 16-bit length is written as UN with a
     * 32-bit length in explicit VR (PS3.5 6.2.2, CP 1066), rather than with a truncated length.
     */
    private VR headerVr(VR vr, int length) {
        return header.explicit() && !vr.hasLongHeader() && padded(length) > 0xFFFF ? VR.UN : vr;
    }

    private static long padded(long length) {
        return length + (length & 1);
    }
}
