package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes DICOM bytes by hand, element by element, in one encoding: for inputs the writer would
 * never produce (wrong lengths, misplaced delimiters, mixed encodings) and for checking the
 * writer's bytes against PS3.5 section 7.1 independently of its own code.
 */
final class RawDicom {
    static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean explicit;
    private final boolean bigEndian;

    private RawDicom(boolean explicit, boolean bigEndian) {
        this.explicit = explicit;
        this.bigEndian = bigEndian;
    }

    static RawDicom explicitLittle() {
        return new RawDicom(true, false);
    }

    static RawDicom implicitLittle() {
        return new RawDicom(false, false);
    }

    static RawDicom explicitBig() {
        return new RawDicom(true, true);
    }

    static RawDicom of(TransferSyntax ts) {
        return new RawDicom(ts.isExplicitVr(), ts.isBigEndian());
    }

    RawDicom u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    RawDicom u16(int v) {
        if (bigEndian) {
            return u8(v >>> 8 & 0xFF, v & 0xFF);
        }
        return u8(v & 0xFF, v >>> 8 & 0xFF);
    }

    RawDicom u32(long v) {
        if (bigEndian) {
            return u16((int) (v >>> 16)).u16((int) v & 0xFFFF);
        }
        return u16((int) v & 0xFFFF).u16((int) (v >>> 16));
    }

    RawDicom tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    RawDicom ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    RawDicom bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** An element header: tag, then VR and 2- or 4-byte length if explicit, else a 4-byte length. */
    RawDicom header(int tag, String vr, long length) {
        tag(tag);
        if (!explicit) {
            return u32(length);
        }
        ascii(vr);
        if (VR.valueOf(vr).hasLongHeader()) {
            return u16(0).u32(length);
        }
        return u16((int) length);
    }

    /** A whole element; the value is written as given (little-endian numbers must be swapped by the caller). */
    RawDicom element(int tag, String vr, byte[] value) {
        return header(tag, vr, value.length).bytes(value);
    }

    /** A text element; the string must already be of even length. */
    RawDicom text(int tag, String vr, String value) {
        return element(tag, vr, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawDicom us(int tag, int value) {
        return header(tag, "US", 2).u16(value);
    }

    RawDicom item(long length) {
        return tag(Tag.Item).u32(length);
    }

    RawDicom itemEnd() {
        return tag(Tag.ItemDelimitationItem).u32(0);
    }

    RawDicom sequenceEnd() {
        return tag(Tag.SequenceDelimitationItem).u32(0);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** A Part 10 file: 128 zero bytes, DICM, File Meta for {@code ts} (as DicomWriter builds it), then {@code dataSet}. */
    static byte[] part10(TransferSyntax ts, byte[] dataSet) {
        return concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII), fileMeta(ts), dataSet);
    }

    /** File Meta Information for {@code ts}, encoded in Explicit VR Little Endian. */
    static byte[] fileMeta(TransferSyntax ts) {
        Dataset header = new Dataset()
                .setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .setString(Tag.SOPInstanceUID, VR.UI, "2.25.1");
        try {
            return DicomWriter.encode(DicomWriter.fileMeta(header, ts, null), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** The index of the first byte where the arrays differ (or the shorter length), -1 if equal. */
    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }
}
