package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes a {@link Dataset} in one encoding (PS3.5 section 7): elements in tag order, values
 * padded to even length with their VR's padding byte, binary values byte-swapped for big endian,
 * sequences and items with defined or undefined length as their hints say. Immutable.
 */
final class DatasetEncoder {
    private final ElementHeader header;

    DatasetEncoder(boolean explicit, boolean bigEndian) {
        this.header = new ElementHeader(explicit, bigEndian);
    }

    void write(Dataset ds, OutputStream out) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Dataset.Sequence seq = ds.sequenceAt(i);
            Dataset.Fragments fragments = ds.fragmentsAt(i);
            if (seq != null) {
                writeSequence(tag, vr, seq, out);
            } else if (fragments != null) {
                out.write(header.encode(tag, vr, ElementHeader.UNDEFINED));
                for (byte[] f : fragments) {
                    out.write(header.encode(Tag.Item, VR.OB, padded(f.length)));
                    writePadded(f, VR.OB, out);
                }
                out.write(header.encode(Tag.SequenceDelimitationItem, VR.OB, 0));
            } else {
                byte[] value = ds.encodedValueAt(i);
                out.write(header.encode(tag, headerVr(vr, value.length), padded(value.length)));
                writePadded(header.bigEndian() ? swapped(value, vr) : value, vr, out);
            }
        }
    }

    private void writeSequence(int tag, VR vr, Dataset.Sequence seq, OutputStream out) throws IOException {
        VR written = vr == VR.UN ? VR.SQ : vr;
        out.write(header.encode(tag, written, seq.undefinedLength() ? ElementHeader.UNDEFINED : itemsLength(seq)));
        for (Dataset item : seq) {
            out.write(header.encode(Tag.Item, VR.SQ, item.undefinedLength() ? ElementHeader.UNDEFINED : length(item)));
            write(item, out);
            if (item.undefinedLength()) {
                out.write(header.encode(Tag.ItemDelimitationItem, VR.SQ, 0));
            }
        }
        if (seq.undefinedLength()) {
            out.write(header.encode(Tag.SequenceDelimitationItem, VR.SQ, 0));
        }
    }

    /** The encoded length of a data set's elements (what an item of defined length declares). */
    long length(Dataset ds) {
        long n = 0;
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Dataset.Sequence seq = ds.sequenceAt(i);
            Dataset.Fragments fragments = ds.fragmentsAt(i);
            n += header.size(tag, vr == VR.UN && seq != null ? VR.SQ : vr);
            if (seq != null) {
                n += itemsLength(seq) + (seq.undefinedLength() ? 8 : 0);
            } else if (fragments != null) {
                for (byte[] f : fragments) {
                    n += 8 + padded(f.length);
                }
                n += 8;
            } else {
                int length = ds.encodedValueAt(i).length;
                n += padded(length) + header.size(tag, headerVr(vr, length)) - header.size(tag, vr);
            }
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

    private static void writePadded(byte[] value, VR vr, OutputStream out) throws IOException {
        out.write(value);
        if ((value.length & 1) != 0) {
            out.write(vr.padding());
        }
    }

    private static byte[] swapped(byte[] value, VR vr) {
        if (vr.wordSize() <= 1 || vr == VR.UN) {
            return value;
        }
        byte[] copy = value.clone();
        DicomReader.swap(copy, copy.length, vr.wordSize());
        return copy;
    }
}
