package dev.ferry.dicom.json;

import dev.ferry.dicom.io.SkipByReading;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.TextCodec;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomParseException;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks what {@link DicomReader} left after a header (the remainder, which starts with the element
 * it stopped at: Pixel Data or a long value) without holding the long values: for each such element
 * its tag, VR and where its value lies, and the elements between them (Data Set Trailing Padding,
 * say) as data sets. Positions are counted from the end of the remainder, which is the end of the
 * input, because {@link DicomObject} does not say where the remainder starts. Not thread-safe: one
 * scan per instance.
 */
final class RemainderScanner {
    private static final long UNDEFINED = 0xFFFFFFFFL;

    /** A part of the remainder, in order. */
    sealed interface Segment permits Bulk, Elements {}

    /**
     * An element left in place.
     *
     * @param headerLength bytes of the element header
     * @param valueLength bytes of the value; for an undefined length, up to and including the
     *     Sequence Delimitation Item
     * @param fromEnd bytes from the start of the element header to the end of the input
     */
    record Bulk(int tag, VR vr, int headerLength, long valueLength, long fromEnd) implements Segment {}

    /** Elements read between long values. */
    record Elements(Dataset elements) implements Segment {}

    private final String source;
    private final boolean explicit;
    private final boolean bigEndian;
    private final TextCodec textCodec;
    private final long end;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    private Counting counted;
    private int current = -1;

    private RemainderScanner(String source, boolean explicit, boolean bigEndian, TextCodec textCodec, long end) {
        this.source = source;
        this.explicit = explicit;
        this.bigEndian = bigEndian;
        this.textCodec = textCodec;
        this.end = end;
    }

    /**
     * Scans the object's remainder to its end (the object still has to be closed).
     *
     * @param end the offset of the end of the input (the file's size), for error messages; -1 if unknown
     * @throws DicomParseException if a value is cut short or an encapsulated value is malformed
     */
    static List<Segment> scan(DicomObject object, long end) throws IOException {
        TransferSyntax ts = object.transferSyntax();
        InputStream remainder = object.remainder();
        boolean explicit = object.explicitVr();
        if (!isAsStored(object)) {
            // An implicit data set under an explicit transfer syntax: the reader may hand the rest on
            // as stored or re-encoded as its transfer syntax says; the first element header tells.
            PushbackInputStream p = new PushbackInputStream(remainder, 8);
            byte[] header = p.readNBytes(8);
            p.unread(header);
            remainder = p;
            explicit = header.length == 8 && looksExplicit(header, ts.isBigEndian());
        }
        return new RemainderScanner(object.source(), explicit, ts.isBigEndian(), object.header().textCodec(), end)
                .scan(remainder);
    }

    /**
     * Whether the remainder is the input's bytes as stored, so that a position counted from its end
     * is one in the input: not for a deflated data set, nor for an implicit data set under an
     * explicit transfer syntax, whose rest the reader may re-encode.
     */
    static boolean isAsStored(DicomObject object) {
        TransferSyntax ts = object.transferSyntax();
        return !ts.isDeflated() && object.explicitVr() == ts.isExplicitVr();
    }

    /** Whether bytes 4 and 5 of an element header are a VR the dictionary allows for its tag. */
    private static boolean looksExplicit(byte[] h, boolean bigEndian) {
        int group = bigEndian ? ((h[0] & 0xFF) << 8) | (h[1] & 0xFF) : ((h[1] & 0xFF) << 8) | (h[0] & 0xFF);
        int element = bigEndian ? ((h[2] & 0xFF) << 8) | (h[3] & 0xFF) : ((h[3] & 0xFF) << 8) | (h[2] & 0xFF);
        VR vr = VR.of(h[4] & 0xFF, h[5] & 0xFF);
        List<VR> allowed = ElementDictionary.standard().vrsOf((group << 16) | element);
        return vr != null && (allowed.contains(vr) || allowed.equals(List.of(VR.UN)));
    }

    private List<Segment> scan(InputStream remainder) throws IOException {
        counted = new Counting(remainder);
        PushbackInputStream in = new PushbackInputStream(counted, 1);
        VR vr;
        int headerLength;
        long valueLength;
        try {
            current = (u16(in) << 16) | u16(in);
            long length;
            if (explicit && Tags.group(current) != 0xFFFE) {
                vr = VR.of(u8(in), u8(in));
                if (vr == null) {
                    throw error("no VR after " + Tags.format(current));
                }
                if (vr.hasLongHeader()) {
                    u16(in);
                    length = u32(in);
                    headerLength = 12;
                } else {
                    length = u16(in);
                    headerLength = 8;
                }
            } else {
                vr = dictionary.vrOf(current);
                length = u32(in);
                headerLength = 8;
            }
            if (length == UNDEFINED) {
                valueLength = skipItems(in);
            } else {
                in.skipNBytes(length);
                valueLength = length;
            }
        } catch (EOFException e) {
            throw error("the object ends inside " + (current < 0 ? "an element header" : Tags.format(current)));
        }
        int tag = current;
        List<Segment> rest = new ArrayList<>();
        int next = in.read();
        if (next >= 0) {
            in.unread(next);
            rest = readAfter(in, tag);
        }
        List<Segment> segments = new ArrayList<>();
        segments.add(new Bulk(tag, vr, headerLength, valueLength, counted.count));
        segments.addAll(rest);
        return segments;
    }

    /**
     * The elements after a long value: read by a {@link DicomReader} given File Meta that names the
     * remainder's encoding, since the remainder has none; where it stops again, scanned in turn.
     */
    private List<Segment> readAfter(InputStream in, int previousTag) throws IOException {
        long start = counted.count - 1; // the byte read to see whether anything follows is pushed back
        TransferSyntax ts = !explicit ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN
                : bigEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.write(new byte[128]);
        prefix.write(new byte[] {'D', 'I', 'C', 'M'});
        DicomWriter.writeDataset(new Dataset().setString(Tag.TransferSyntaxUID, VR.UI, ts.uid()),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, prefix);
        String after = source + ", after " + Tags.format(previousTag);
        List<Segment> segments = new ArrayList<>();
        try (DicomObject o = DicomReader.standard().read(
                new SequenceInputStream(new ByteArrayInputStream(prefix.toByteArray()), in), after)) {
            Dataset elements = o.header();
            elements.setTextCodec(textCodec);
            if (!elements.isEmpty()) {
                segments.add(new Elements(elements));
            }
            if (o.stoppedAtBulk()) {
                segments.addAll(new RemainderScanner(source, explicit, bigEndian, textCodec, end).scan(o.remainder()));
            }
        } catch (DicomParseException e) {
            if (!e.source().equals(after)) {
                throw e; // from a nested scan, already placed in the input
            }
            // Offsets in e count the File Meta put in front: place the problem in the input instead.
            long total = counted.count + counted.transferTo(OutputStream.nullOutputStream());
            long at = end < 0 ? -1 : end - total + start + e.offset() - prefix.size();
            String message = e.getMessage();
            int from = message.indexOf(after + ": ");
            int to = message.lastIndexOf(" at offset ");
            String problem = from >= 0 && to > from ? message.substring(from + after.length() + 2, to) : message;
            throw new DicomParseException(source, at, e.path(),
                    problem + " (after " + Tags.format(previousTag) + ")", e);
        }
        return segments;
    }

    /** Skips the items of an encapsulated value up to its Sequence Delimitation Item; returns their length. */
    private long skipItems(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            int item = (u16(in) << 16) | u16(in);
            long length = u32(in);
            total += 8;
            if (item == Tag.SequenceDelimitationItem) {
                return total;
            }
            if (item != Tag.Item || length == UNDEFINED) {
                throw error("expected an item in the undefined length value of " + Tags.format(current));
            }
            in.skipNBytes(length);
            total += length;
        }
    }

    private static int u8(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private int u16(InputStream in) throws IOException {
        int a = u8(in);
        int b = u8(in);
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(InputStream in) throws IOException {
        long a = u16(in);
        long b = u16(in);
        return bigEndian ? (a << 16) | b : (b << 16) | a;
    }

    /** The offset of the problem is where the rest of the input starts: what is left is drained to find it. */
    private DicomParseException error(String problem) throws IOException {
        long left = counted.transferTo(OutputStream.nullOutputStream());
        return new DicomParseException(source, end < 0 ? -1 : end - left, "", problem + " (after the header)");
    }

    /** Counts the bytes read and skipped. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        /**
         * Reads what it skips: a file stream's skip succeeds past the end of the file, which would
         * hide a value cut short.
         */
        @Override
        public long skip(long n) throws IOException {
            return SkipByReading.skip(this, n);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
