package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.ElementDictionary;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.charset.SpecificCharacterSet;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a DICOM object from a stream: a Part 10 file (preamble, {@code DICM}, File Meta), a file
 * without preamble or without File Meta, or a bare data set whose encoding it detects. It parses the
 * header and stops at the top-level Pixel Data element, or at any top-level value longer than the
 * bulk threshold, and hands the rest of the object over as a stream (PS3.5 chapter 7, PS3.10 7.1).
 *
 * <p>Nothing is allocated from an untrusted length: values are read in chunks as their bytes arrive,
 * and a header value longer than {@link Builder#maxValueLength(int)} is an error, not an allocation.
 * Nesting deeper than {@link Builder#maxDepth(int)} is an error, not a stack overflow.
 *
 * <p>A reader is immutable and thread-safe; each {@link #read} works on its own stream.
 */
public final class DicomReader {
    private static final int ITEM = Tag.Item;
    private static final int ITEM_END = Tag.ItemDelimitationItem;
    private static final int SEQUENCE_END = Tag.SequenceDelimitationItem;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** The largest {@link Builder#maxDepth(int)}: deep enough for any real object, shallow enough for any stack. */
    public static final int MAX_DEPTH = 500;
    /** Warnings kept per object; the rest are counted, so a malicious object cannot fill memory with them. */
    static final int MAX_WARNINGS = 100;
    /** Values grow in chunks of this size as their bytes arrive, so a lying length allocates little. */
    private static final int CHUNK = 1 << 16;
    /**
     * The read buffer: look-ahead needs at most 136 bytes, and a small buffer keeps each object cheap
     * (callers reading files or sockets give a buffered stream).
     */
    private static final int BUFFER = 2048;
    /** Character sets by (0008,0005) value: immutable, and the same few values recur in an archive. */
    private static final java.util.concurrent.ConcurrentHashMap<String, SpecificCharacterSet> CHARSETS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_CHARSETS = 64;
    private static final int MAX_SIZE_HINT = 4096;
    private static final byte[] ZERO_PREAMBLE = new byte[128];

    private final long bulkThreshold;
    private final int maxValueLength;
    private final int maxDepth;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    /**
     * How many elements the next header is likely to hold: the last one's count plus an eighth, so
     * the header's arrays are allocated once rather than grown. A hint only; a data race on it is
     * harmless, so the reader stays thread-safe.
     */
    private int headerSizeHint = 16;

    private DicomReader(Builder b) {
        this.bulkThreshold = b.bulkThreshold;
        this.maxValueLength = b.maxValueLength;
        this.maxDepth = b.maxDepth;
    }

    /** A reader with the defaults: stop at Pixel Data or a 1 MiB top-level value, 64 MiB values, depth 64. */
    public static DicomReader standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the header of one object. The returned object owns {@code in}: close it.
     *
     * @param source what is being read, for error messages (a file name, "C-STORE from X")
     * @throws DicomParseException if the header cannot be read as DICOM
     * @throws IOException if the stream fails
     */
    public DicomObject read(InputStream in, String source) throws IOException {
        return read(in, null, source);
    }

    /**
     * Reads the header of a bare data set whose encoding is known, as a DIMSE data set is (the
     * presentation context's transfer syntax): no preamble, no File Meta, no detection. The returned
     * object owns {@code in}: close it.
     *
     * @param ts the transfer syntax the data set is encoded in; {@code null} to detect, as
     *     {@link #read(InputStream, String)} does
     * @throws DicomParseException if the data set cannot be read in that encoding
     */
    public DicomObject read(InputStream in, TransferSyntax ts, String source) throws IOException {
        Parse p = new Parse(new DicomInput(in, BUFFER), source);
        p.known = ts;
        try {
            return p.run();
        } catch (DicomParseException e) {
            in.close();
            throw e;
        } catch (EOFException e) {
            in.close();
            throw p.error("the object ends before the element is complete");
        } catch (java.util.zip.ZipException e) {
            in.close();
            throw new DicomParseException(source, p.in.offset(), p.path(), "the deflated data set is corrupt", e);
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }

    /** One read: the state of the parse. */
    private final class Parse {
        private DicomInput in;
        private final String source;
        private final List<ParseWarning> warnings = new ArrayList<>();
        private int[] pathTags = new int[8];
        private int[] pathItems = new int[8];
        private int depth;
        private int suppressedWarnings;
        private int currentTag = -1;
        private boolean explicit;
        private boolean bigEndian;
        /** Where the top-level element the header stopped at starts in the input; -1 until it stops. */
        private long stopOffset = -1;
        /** The transfer syntax when the caller knows it, else {@code null}. */
        private TransferSyntax known;

        Parse(DicomInput in, String source) {
            this.in = in;
            this.source = source;
        }

        DicomObject run() throws IOException {
            if (known != null) {
                return readBody(null, new Dataset(), known);
            }
            if (in.atEnd()) {
                throw error("the object is empty");
            }
            byte[] preamble = null;
            // DICM at 128 marks a preamble only when File Meta follows or the 128 bytes are all zero:
            // a data set without preamble can hold "DICM" at 128 by chance (seen in dcm4che's tests).
            if (in.ensure(136) >= 132 && isDicm(128) && (groupAt(132) == 0x0002 || zeros(128))) {
                if (zeros(128)) {
                    preamble = ZERO_PREAMBLE; // shared: DicomObject hands out copies
                    in.skip(128);
                } else {
                    preamble = new byte[128];
                    in.readFully(preamble, 0, 128);
                }
                in.skip(4);
            } else if (isDicm(0)) {
                in.skip(4);
                warn(0, "no preamble before DICM");
            }
            boolean sawDicm = in.offset() > 0;
            if (sawDicm && in.atEnd()) {
                throw error("nothing follows DICM");
            }
            Dataset meta = new Dataset();
            if (peekGroup(false) == 0x0002) {
                readFileMeta(meta);
            } else if (sawDicm) {
                warn(in.offset(), "no File Meta Information after DICM");
            }
            TransferSyntax ts = null;
            String tsUid = meta.contains(Tag.TransferSyntaxUID) && meta.vr(Tag.TransferSyntaxUID).isText()
                    ? meta.getString(Tag.TransferSyntaxUID).strip() : "";
            if (!tsUid.isEmpty() && isUid(tsUid)) {
                ts = TransferSyntax.of(tsUid);
            } else if (!tsUid.isEmpty()) {
                warn(in.offset(), "the Transfer Syntax UID in File Meta is not a UID");
            }
            if (ts == null) {
                if (in.atEnd()) {
                    throw error("no data set follows the File Meta Information");
                }
                ts = detect(meta.isEmpty() ? "no File Meta" : "no Transfer Syntax UID in File Meta", !meta.isEmpty());
            }
            return readBody(preamble, meta, ts);
        }

        private DicomObject readBody(byte[] preamble, Dataset meta, TransferSyntax ts) throws IOException {
            explicit = ts.isExplicitVr();
            bigEndian = ts.isBigEndian();
            long datasetOffset = in.offset();
            if (ts.isDeflated()) {
                in = new DicomInput(inflating(in.rest()), BUFFER);
            }
            Dataset header = new Dataset(headerSizeHint);
            long remainderOffset = in.offset();
            byte[] stoppedAt = readDataset(header, -1, true);
            headerSizeHint = Math.min(MAX_SIZE_HINT, header.size() + header.size() / 8 + 1);
            if (stoppedAt != null) {
                remainderOffset = in.offset() - stoppedAt.length;
            }
            InputStream remainder = stoppedAt == null ? in.rest() : in.rest(stoppedAt);
            if (stoppedAt != null && explicit != ts.isExplicitVr()) {
                // The data set was implicit under an explicit transfer syntax: re-encode the rest, so
                // that the object handed on is what its transfer syntax says it is.
                remainder = new TranscodingInputStream(remainder, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TranscodingInputStream.bitsAllocated(header), source,
                        dev.ferry.api.ItemRef.NONE, remainderOffset);
            }
            if (suppressedWarnings > 0) {
                warnings.add(new ParseWarning(in.offset(), "", suppressedWarnings + " more warnings not listed"));
            }
            // In a deflated object the offsets count inflated bytes, which say nothing about the input.
            long remainderAt = ts.isDeflated() ? -1 : stoppedAt != null ? stopOffset : in.offset();
            return new DicomObject(source, preamble, meta, header, ts, datasetOffset, explicit, remainder,
                    stoppedAt != null, remainderAt, warnings);
        }

        private static boolean isUid(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '.' && (c < '0' || c > '9')) {
                    return false;
                }
            }
            return true;
        }

        private int groupAt(int at) throws IOException {
            int a = in.peek(at);
            int b = in.peek(at + 1);
            return a < 0 || b < 0 ? -1 : (b << 8) | a;
        }

        private boolean zeros(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                if (in.peek(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean isDicm(int at) throws IOException {
            return in.peek(at) == 'D' && in.peek(at + 1) == 'I' && in.peek(at + 2) == 'C' && in.peek(at + 3) == 'M';
        }

        private int peekGroup(boolean be) throws IOException {
            int a = in.peek(0);
            int b = in.peek(1);
            if (a < 0 || b < 0) {
                return -1;
            }
            return be ? (a << 8) | b : (b << 8) | a;
        }

        private boolean vrAhead() throws IOException {
            return VR.of(in.peek(4), in.peek(5)) != null;
        }

        /** File Meta is Explicit VR Little Endian (PS3.10 7.1); tolerate implicit, as some writers did. */
        private void readFileMeta(Dataset meta) throws IOException {
            bigEndian = false;
            explicit = vrAhead();
            if (!explicit) {
                warn(in.offset(), "File Meta Information in implicit VR");
            }
            long groupLength = -1;
            long start = -1;
            while (peekGroup(false) == 0x0002) {
                long elementStart = in.offset();
                int tag = (in.u16(false) << 16) | in.u16(false);
                currentTag = tag;
                VR vr = explicit ? readVr() : dictionary.vrOf(tag);
                long length = explicit ? (vr.hasLongHeader() ? skipReservedThenLength() : in.u16(false)) : in.u32(false);
                if (length == UNDEFINED || vr == VR.SQ) {
                    throw error("a sequence or undefined length in File Meta Information");
                }
                byte[] value = readValue(length, vr, elementStart);
                meta.setBytes(tag, vr, value);
                if (tag == Tag.FileMetaInformationGroupLength && vr == VR.UL && value.length == 4) {
                    groupLength = meta.getLongs(tag)[0];
                    start = in.offset();
                } else if (start < 0) {
                    start = elementStart;
                }
            }
            currentTag = -1;
            if (groupLength >= 0 && in.offset() - start != groupLength) {
                warn(start, "File Meta group length says " + groupLength + " bytes, found " + (in.offset() - start));
            }
        }

        /**
         * Guesses the encoding of a data set from its first element, which must be a data element
         * the dictionary knows (with a VR it allows, if explicit); anything else is not DICOM.
         */
        private TransferSyntax detect(String why, boolean hasFileMeta) throws IOException {
            long at = in.offset();
            if (in.ensure(8) < 8) {
                throw error("not DICOM: " + why + " and fewer than 8 bytes of data set");
            }
            int elementLe = (in.peek(3) << 8) | in.peek(2);
            int elementBe = (in.peek(2) << 8) | in.peek(3);
            int tagLe = (groupAt(0) << 16) | elementLe;
            int tagBe = (peekGroup(true) << 16) | elementBe;
            VR vr = VR.of(in.peek(4), in.peek(5));
            TransferSyntax ts;
            if (vr != null && plausible(tagLe, vr)) {
                ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            } else if (vr != null && plausible(tagBe, vr)) {
                ts = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
            } else if (plausible(tagLe, null) || hasFileMeta) {
                // With File Meta the object claims to be DICOM: read it as the default encoding.
                ts = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            } else {
                throw error("not DICOM: " + why + " and the first bytes are not a data element");
            }
            warn(at, why + ": detected " + ts.name());
            return ts;
        }

        private boolean plausible(int tag, VR vr) {
            if (ElementHeader.isItemOrDelimiter(tag) || (tag >>> 16) < 0x0002) {
                return false;
            }
            boolean known = dictionary.contains(tag) || ((tag & 0xFFFF) == 0 && (tag >>> 16) >= 0x0008);
            if (vr == null) {
                return known && !Tags.isPrivate(tag);
            }
            return (known && (vr == VR.UN || dictionary.vrsOf(tag).contains(vr) || (tag & 0xFFFF) == 0))
                    || (Tags.isPrivate(tag) && vr != VR.SQ);
        }

        /**
         * Reads elements into {@code ds} until {@code end} (an offset; -1 for "until an Item
         * Delimitation Item or the end of the stream"). At the top level, returns the encoded header
         * of the element it stopped at (Pixel Data or a bulk value), or null at the end of the stream.
         */
        private byte[] readDataset(Dataset ds, long end, boolean top) throws IOException {
            // A Group Length element read in this data set: its group, value and where the group's
            // elements start, checked when the group ends (the writer rewrites them).
            int lengthGroup = -1;
            long lengthValue = 0;
            long groupStart = 0;
            long lengthAt = 0;
            int previousTag = -1;
            while (end < 0 ? !in.atEnd() : in.offset() < end) {
                long elementStart = in.offset();
                int tag = (in.u16(bigEndian) << 16) | in.u16(bigEndian);
                currentTag = tag;
                if (DatasetEncoder.isGroupLength(tag) && previousTag != -1 && Integer.compareUnsigned(previousTag, tag) >= 0) {
                    // Out of order: its value cannot count what the writer, sorting, puts after it.
                    warn(elementStart, String.format("Group Length (%04X,0000) is out of order (a writer writes it"
                            + " first in its group, with the right value)", tag >>> 16));
                } else if (previousTag != -1 && Integer.compareUnsigned(previousTag, tag) > 0) {
                    // PS3.5 7.1: ascending order. The header keeps them sorted, so a writer sorts them.
                    warn(elementStart, "element " + Tags.format(tag) + " follows " + Tags.format(previousTag)
                            + ": out of ascending order (a writer writes them in order)");
                }
                previousTag = tag;
                if (lengthGroup >= 0 && tag >>> 16 != lengthGroup) {
                    checkGroupLength(lengthGroup, lengthValue, elementStart - groupStart, lengthAt);
                    lengthGroup = -1;
                }
                if (tag == ITEM_END) {
                    in.u32(bigEndian);
                    if (!top && end < 0) {
                        return null;
                    }
                    throw error("Item Delimitation Item outside an item of undefined length");
                }
                if (tag == ITEM || tag == SEQUENCE_END) {
                    throw error("item or sequence delimiter where a data element was expected");
                }
                if ((tag >>> 16) == 0xFFFE) {
                    throw error("a data element in the reserved group FFFE");
                }
                VR vr;
                long length;
                if (explicit) {
                    int b0 = in.u8();
                    int b1 = in.u8();
                    vr = VR.of(b0, b1);
                    if (vr == null && top && ds.isEmpty() && !bigEndian) {
                        // The whole data set is implicit although the transfer syntax says explicit.
                        explicit = false;
                        warn(elementStart, "the data set is encoded in implicit VR although its transfer syntax is explicit");
                    }
                    if (vr == null) {
                        // Seen in the field: one element written implicitly inside an explicit data set.
                        // Its "VR" bytes are then the low half of a 32-bit length.
                        int high = in.u16(bigEndian);
                        length = bigEndian ? ((long) ((b0 << 8) | b1) << 16) | high
                                : ((long) high << 16) | (b1 << 8) | b0;
                        vr = implicitVr(ds, tag);
                        if (explicit) {
                            warn(elementStart, String.format("VR bytes %02X %02X are not a VR: element read as implicit VR", b0, b1));
                        }
                    } else {
                        length = vr.hasLongHeader() ? skipReservedThenLength() : in.u16(bigEndian);
                    }
                } else {
                    vr = implicitVr(ds, tag);
                    length = in.u32(bigEndian);
                }
                if (top && (isPixelData(tag) || (vr != VR.SQ && length != UNDEFINED && length > bulkThreshold))) {
                    if (lengthGroup >= 0 && elementStart - groupStart > lengthValue) {
                        // The group goes on in the remainder: only a value already too small is known wrong.
                        checkGroupLength(lengthGroup, lengthValue, elementStart - groupStart, lengthAt);
                    }
                    currentTag = -1;
                    stopOffset = elementStart;
                    return encodeHeader(tag, vr, length);
                }
                if (end >= 0 && length != UNDEFINED && in.offset() + length > end) {
                    throw error("element length " + length + " runs past the end of its item ("
                            + (in.offset() + length - end) + " bytes over)");
                }
                if (ds.contains(tag)) {
                    warn(elementStart, "element " + Tags.format(tag) + " appears twice; the last one is kept");
                }
                if (top && (tag >>> 16) == 0x0002) {
                    // File Meta belongs before the data set; a writer rebuilds it, so keep it out of the header.
                    warn(elementStart, "File Meta element " + Tags.format(tag) + " inside the data set: left out");
                    if (length == UNDEFINED) {
                        throw error("undefined length on a File Meta element inside the data set");
                    }
                    readValue(length, vr, elementStart);
                    continue;
                }
                if (length == UNDEFINED) {
                    readUndefinedLength(ds, tag, vr, elementStart);
                } else if (vr == VR.SQ) {
                    Dataset.Sequence seq = ds.newSequence(tag);
                    seq.setUndefinedLength(false);
                    readItems(seq, in.offset() + length);
                } else {
                    byte[] value = readValue(length, vr, elementStart);
                    ds.setBytes(tag, vr, value);
                    if (tag == Tag.SpecificCharacterSet) {
                        ds.setTextCodec(charset(new String(value, StandardCharsets.ISO_8859_1)));
                    } else if (vr == VR.UL && DatasetEncoder.isGroupLength(tag)) {
                        lengthGroup = tag >>> 16;
                        lengthValue = value.length == 4 ? ((value[3] & 0xFFL) << 24) | ((value[2] & 0xFF) << 16)
                                | ((value[1] & 0xFF) << 8) | (value[0] & 0xFF) : -1;
                        groupStart = in.offset();
                        lengthAt = elementStart;
                    }
                }
                if (end >= 0 && in.offset() > end) {
                    throw error("element runs past the end of its item (" + (in.offset() - end) + " bytes)");
                }
            }
            currentTag = -1;
            if (!top && end < 0) {
                throw error("the object ends inside an item of undefined length");
            }
            if (lengthGroup >= 0) {
                checkGroupLength(lengthGroup, lengthValue, in.offset() - groupStart, lengthAt);
            }
            return null;
        }

        /** Warns where a (retired) Group Length is not what its group holds: the writer will write the right one. */
        private void checkGroupLength(int group, long value, long actual, long at) {
            if (value != actual) {
                int was = currentTag;
                currentTag = group << 16; // the warning's path names the Group Length, not the element after it
                warn(at, String.format("Group Length (%04X,0000) says %s, the group holds %d bytes (a writer writes the"
                        + " right one)", group, value < 0 ? "a value that is not 4 bytes" : value + " bytes", actual));
                currentTag = was;
            }
        }

        /**
         * The VR of an element read without one. Where PS3.6 allows {@code US or SS}, Pixel
         * Representation (0028,0103) decides, looked up in this data set and then in the items
         * enclosing it, as dcmtk does: 1 means signed. The LUT Descriptors stay US whatever the
         * Pixel Representation, because their first and third values are always unsigned (PS3.3
         * C.11.1.1.1).
         */
        private VR implicitVr(Dataset ds, int tag) {
            VR vr = dictionary.vrOf(tag);
            if (vr != VR.US || isLutDescriptor(tag) || !dictionary.vrsOf(tag).contains(VR.SS)) {
                return vr;
            }
            for (Dataset d = ds; d != null; d = d.parent()) {
                int i = d.indexOf(Tag.PixelRepresentation);
                if (i >= 0) {
                    return d.getInt(Tag.PixelRepresentation, 0) == 1 ? VR.SS : VR.US;
                }
            }
            return VR.US;
        }

        private boolean isLutDescriptor(int tag) {
            return tag == Tag.LUTDescriptor || (tag >= 0x00281100 && tag <= 0x00281103)
                    || (tag >= 0x00281111 && tag <= 0x00281113);
        }

        private boolean isPixelData(int tag) {
            return tag == Tag.PixelData || tag == Tag.FloatPixelData || tag == Tag.DoubleFloatPixelData;
        }

        private void readUndefinedLength(Dataset ds, int tag, VR vr, long elementStart) throws IOException {
            if (vr == VR.SQ || vr == VR.UN) {
                boolean wasExplicit = explicit;
                boolean wasBigEndian = bigEndian;
                if (vr == VR.UN) {
                    // PS3.5 6.2.2: UN of undefined length holds a sequence in Implicit VR Little Endian.
                    // Worth a warning only where the writer said UN; in implicit VR it is an unknown
                    // (usually private) sequence, which is normal.
                    if (explicit) {
                        warn(elementStart, "UN of undefined length read as a sequence");
                    }
                    explicit = false;
                    bigEndian = false;
                }
                Dataset.Sequence seq = ds.newSequence(tag);
                seq.setUndefinedLength(true);
                readItems(seq, -1);
                explicit = wasExplicit;
                bigEndian = wasBigEndian;
            } else if (vr == VR.OB || vr == VR.OW) {
                readFragments(ds.newFragments(tag));
            } else {
                throw error("undefined length on a " + vr + " element");
            }
        }

        private void readItems(Dataset.Sequence seq, long end) throws IOException {
            if (depth >= maxDepth) {
                throw error("sequences nested deeper than " + maxDepth + " levels");
            }
            int sequenceTag = currentTag;
            while (end < 0 || in.offset() < end) {
                int tag = (in.u16(bigEndian) << 16) | in.u16(bigEndian);
                long length = in.u32(bigEndian);
                if (tag == SEQUENCE_END) {
                    if (end >= 0) {
                        throw error("Sequence Delimitation Item in a sequence of defined length");
                    }
                    return;
                }
                if (tag != ITEM) {
                    throw error("expected an item in the sequence, found the bytes of tag " + Tags.format(tag));
                }
                Dataset item = new Dataset();
                item.setUndefinedLength(length == UNDEFINED);
                seq.add(item);
                if (depth == pathTags.length) {
                    pathTags = java.util.Arrays.copyOf(pathTags, depth * 2);
                    pathItems = java.util.Arrays.copyOf(pathItems, depth * 2);
                }
                pathTags[depth] = sequenceTag;
                pathItems[depth] = seq.size() - 1;
                depth++;
                readDataset(item, length == UNDEFINED ? -1 : in.offset() + length, false);
                depth--;
                currentTag = sequenceTag;
            }
            if (end >= 0 && in.offset() > end) {
                throw error("item runs past the end of its sequence");
            }
        }

        private void readFragments(Dataset.Fragments fragments) throws IOException {
            while (true) {
                int tag = (in.u16(bigEndian) << 16) | in.u16(bigEndian);
                long length = in.u32(bigEndian);
                if (tag == SEQUENCE_END) {
                    return;
                }
                if (tag != ITEM || length == UNDEFINED) {
                    throw error("expected a fragment item in encapsulated pixel data");
                }
                fragments.add(readValue(length, VR.OB, in.offset() - 8));
            }
        }

        private VR readVr() throws IOException {
            int a = in.u8();
            int b = in.u8();
            VR vr = VR.of(a, b);
            if (vr == null) {
                throw error(String.format("unknown VR bytes %02X %02X", a, b));
            }
            return vr;
        }

        private long skipReservedThenLength() throws IOException {
            in.u16(bigEndian);
            return in.u32(bigEndian);
        }

        /** Reads a value in chunks as its bytes arrive; swaps big-endian words to little-endian. */
        private byte[] readValue(long length, VR vr, long elementStart) throws IOException {
            if (length > maxValueLength) {
                throw error("value length " + length + " exceeds the limit of " + maxValueLength + " bytes");
            }
            int n = (int) length;
            if ((n & 1) != 0) {
                warn(elementStart, "odd value length " + n);
            }
            byte[] value = new byte[Math.min(n, CHUNK)];
            int read = 0;
            while (read < n) {
                if (read == value.length) {
                    value = java.util.Arrays.copyOf(value, (int) Math.min(n, (long) value.length * 2));
                }
                int step = Math.min(value.length - read, n - read);
                in.readFully(value, read, step);
                read += step;
            }
            if (bigEndian) {
                swap(value, value.length, vr.wordSize());
            }
            return value;
        }

        /** The element header as the source encoded it, to put in front of the remainder. */
        private byte[] encodeHeader(int tag, VR vr, long length) {
            ElementHeader h = new ElementHeader(explicit, bigEndian);
            return h.encode(tag, vr, length);
        }

        private void warn(long offset, String problem) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(new ParseWarning(offset, path(), problem));
            } else {
                suppressedWarnings++;
            }
        }

        DicomParseException error(String problem) {
            return new DicomParseException(source, in.offset(), path(), problem);
        }

        String path() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                sb.append(Tags.format(pathTags[i])).append('[').append(pathItems[i]).append("].");
            }
            if (currentTag != -1) {
                sb.append(Tags.format(currentTag));
            } else if (sb.length() > 0) {
                sb.setLength(sb.length() - 1);
            }
            return sb.toString();
        }
    }

    private static SpecificCharacterSet charset(String value) {
        SpecificCharacterSet cs = CHARSETS.get(value);
        if (cs == null) {
            cs = SpecificCharacterSet.of(value);
            if (CHARSETS.size() < MAX_CACHED_CHARSETS) {
                CHARSETS.putIfAbsent(value, cs);
            }
        }
        return cs;
    }

    /** A raw-deflate input that releases its inflater's native memory when closed. */
    private static InputStream inflating(InputStream deflated) {
        Inflater inflater = new Inflater(true);
        return new InflaterInputStream(deflated, inflater, BUFFER) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end();
                }
            }
        };
    }

    /** Reverses each {@code word}-byte group of the first {@code length} bytes in place. */
    static void swap(byte[] b, int length, int word) {
        swap(b, 0, length, word);
    }

    /** Reverses each {@code word}-byte group of {@code length} bytes from {@code from}, in place. */
    static void swap(byte[] b, int from, int length, int word) {
        if (word <= 1) {
            return;
        }
        for (int i = from, end = from + length; i + word <= end; i += word) {
            for (int l = i, r = i + word - 1; l < r; l++, r--) {
                byte t = b[l];
                b[l] = b[r];
                b[r] = t;
            }
        }
    }

    /** Options of a {@link DicomReader}; not thread-safe. */
    public static final class Builder {
        private long bulkThreshold = 1 << 20;
        private int maxValueLength = 64 << 20;
        private int maxDepth = 64;

        private Builder() {}

        /**
         * A top-level value longer than this (other than Pixel Data, where the header always stops)
         * ends the header: it and everything after it stay in the remainder. Keep it large: elements
         * after a bulk value (dose, identity) are invisible to coercers. Default 1 MiB.
         */
        public Builder bulkThreshold(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bulkThreshold must be >= 0");
            }
            this.bulkThreshold = bytes;
            return this;
        }

        /** The longest value the header may hold (nested values included). Default 64 MiB. */
        public Builder maxValueLength(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxValueLength must be >= 0");
            }
            this.maxValueLength = bytes;
            return this;
        }

        /**
         * The deepest nesting of sequences accepted, at most {@value DicomReader#MAX_DEPTH} (the parser
         * recurses per level, and real objects nest fewer than ten deep). Default 64.
         */
        public Builder maxDepth(int levels) {
            if (levels < 1 || levels > MAX_DEPTH) {
                throw new IllegalArgumentException("maxDepth must be 1 to " + MAX_DEPTH + ": " + levels);
            }
            this.maxDepth = levels;
            return this;
        }

        public DicomReader build() {
            return new DicomReader(this);
        }
    }
}
