package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes DICOM objects: a data set in any uncompressed or deflated encoding, or a Part 10 file
 * (preamble, {@code DICM}, File Meta rebuilt for Ferry, data set), with the remainder of the object
 * streamed through unchanged, or re-encoded between native encodings where the transfer syntax
 * changes (PS3.5 chapter 7 and section 10, PS3.10 section 7.1). Compressed pixel data is carried,
 * never decompressed: changing an encapsulated transfer syntax is refused.
 *
 * <p>Thread-safe: stateless.
 */
public final class DicomWriter {
    /** Ferry's Implementation Class UID (0002,0012): a UUID-derived UID under 2.25 (PS3.5 B.2). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.295636760443391489942427206084041762993";
    /** Ferry's Implementation Version Name (0002,0013), at most 16 characters. */
    public static final String IMPLEMENTATION_VERSION_NAME = "FERRY_0.1";

    private static final int BUFFER = 1 << 16;

    private DicomWriter() {}

    /** Writes the data set alone (no preamble, no File Meta) in {@code ts}; deflates if {@code ts} is deflated. */
    public static void writeDataset(Dataset ds, TransferSyntax ts, OutputStream out) throws IOException {
        if (ts.isDeflated()) {
            Deflating deflated = deflating(out);
            new DatasetEncoder(true, false).write(ds, deflated);
            deflated.finish();
            deflated.def.end();
        } else {
            new DatasetEncoder(ts.isExplicitVr(), ts.isBigEndian()).write(ds, out);
        }
    }

    /**
     * File Meta Information for a header: version 00 01, SOP Class and Instance from the header, the
     * transfer syntax, Ferry's implementation class UID and version name, and the source AE title if
     * given; the group length computed.
     *
     * @param sourceAeTitle (0002,0016), or {@code null}
     */
    public static Dataset fileMeta(Dataset header, TransferSyntax ts, String sourceAeTitle) {
        Dataset meta = new Dataset();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, header.getString(Tag.SOPClassUID, ""));
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, header.getString(Tag.SOPInstanceUID, ""));
        meta.setString(Tag.TransferSyntaxUID, VR.UI, ts.uid());
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAeTitle.strip());
        }
        meta.setInts(Tag.FileMetaInformationGroupLength, VR.UL, (int) groupLength(meta));
        return meta;
    }

    private static long groupLength(Dataset meta) {
        Dataset rest = meta.copy();
        rest.remove(Tag.FileMetaInformationGroupLength);
        return new DatasetEncoder(true, false).length(rest);
    }

    /**
     * Writes a Part 10 file: 128 zero bytes (or {@code preamble}), {@code DICM}, {@code fileMeta}
     * (see {@link #fileMeta}), then the header and the remainder in the file meta's transfer syntax.
     *
     * @param remainderSyntax the encoding the remainder is in; re-encoded if it differs
     * @throws PermanentMigrationException with {@link ReasonCode#TRANSFER_SYNTAX_REFUSED} if the
     *     change of transfer syntax would need pixel data decompressed or recompressed
     */
    public static void writeFile(OutputStream out, byte[] preamble, Dataset fileMeta, Dataset header,
                                 InputStream remainder, TransferSyntax remainderSyntax, ItemRef item) throws IOException {
        TransferSyntax ts = TransferSyntax.of(fileMeta.getString(Tag.TransferSyntaxUID, ""));
        if (preamble != null && preamble.length != 128) {
            throw new IllegalArgumentException("a preamble is 128 bytes, not " + preamble.length);
        }
        out.write(preamble == null ? new byte[128] : preamble, 0, 128);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        new DatasetEncoder(true, false).write(fileMeta, out);
        writeBody(out, header, ts, remainder, remainderSyntax, item);
    }

    /** Writes a {@link DicomInstance} as a Part 10 file in {@code target}, consuming its remainder. */
    public static void writeFile(OutputStream out, DicomInstance instance, TransferSyntax target, String sourceAeTitle)
            throws IOException {
        Dataset meta = fileMeta(instance.header(), target, sourceAeTitle);
        writeFile(out, null, meta, instance.header(), instance.remainder(),
                TransferSyntax.of(instance.transferSyntaxUid()), instance.descriptor().ref());
    }

    /**
     * Writes a data set (no preamble, no File Meta) in {@code ts}: the header, then the remainder
     * re-encoded from {@code from} if the encodings differ, group lengths recomputed. This is what
     * a DIMSE data set is.
     *
     * @throws PermanentMigrationException with {@link ReasonCode#TRANSFER_SYNTAX_REFUSED} if the
     *     change of transfer syntax would need pixel data decompressed or recompressed
     */
    public static void writeBody(OutputStream out, Dataset header, TransferSyntax ts, InputStream remainder,
                                 TransferSyntax from, ItemRef item) throws IOException {
        boolean same = ts.uid().equals(from.uid());
        if (!same && (ts.isEncapsulated() || from.isEncapsulated())) {
            throw new PermanentMigrationException(ReasonCode.TRANSFER_SYNTAX_REFUSED, item,
                    "cannot change " + from.keyword() + " (" + from.uid() + ") to " + ts.keyword() + " (" + ts.uid()
                            + ") without decompressing pixel data");
        }
        OutputStream body = ts.isDeflated() ? deflating(out) : out;
        // The remainder's first element (Pixel Data, usually) ends the header's last group: its size
        // as written counts in that group's length, if the header has one (PS3.5 7.2).
        byte[] first = remainder.readNBytes(12);
        remainder = new RemainderStream(first, first, 0, 0, remainder);
        int openGroup = -1;
        long tail = -1;
        if (first.length >= 8) {
            ElementHeader.Parsed e = ElementHeader.parse(first, from.isExplicitVr(), from.isBigEndian());
            if (e != null) {
                openGroup = e.tag() >>> 16;
                tail = e.length() == ElementHeader.UNDEFINED ? -1
                        : new ElementHeader(ts.isExplicitVr(), ts.isBigEndian()).size(e.tag(), e.vr()) + e.length()
                                + (e.length() & 1);
            }
        }
        new DatasetEncoder(ts.isExplicitVr(), ts.isBigEndian()).write(header, body, openGroup, tail);
        boolean sameEncoding = ts.isExplicitVr() == from.isExplicitVr() && ts.isBigEndian() == from.isBigEndian()
                && ts.isPixelDataBigEndian() == from.isPixelDataBigEndian();
        InputStream rest = same || sameEncoding ? remainder
                : new TranscodingInputStream(remainder, from, ts, TranscodingInputStream.bitsAllocated(header),
                        "remainder of " + item, item, 0);
        rest.transferTo(body);
        if (body instanceof Deflating d) {
            d.finish();
            d.def.end();
        }
    }

    /** Raw deflate (PS3.5 A.5); the caller finishes it and ends its deflater. */
    private static Deflating deflating(OutputStream out) {
        return new Deflating(out);
    }

    /** A deflating stream whose deflater the writer can end, releasing its native memory. */
    private static final class Deflating extends DeflaterOutputStream {
        final Deflater def;

        Deflating(OutputStream out) {
            super(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), BUFFER);
            this.def = super.def;
        }
    }

    /** The data set encoded in {@code ts}, for tests and small objects. */
    public static byte[] encode(Dataset ds, TransferSyntax ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeDataset(ds, ts, out);
        return out.toByteArray();
    }
}
