package dev.ferry.dicom.archive.folder;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One DICOM file opened for reading: its header parsed (the reader stops at Pixel Data, so pixel
 * data is never read here), the rest of the file left in place to be streamed. Closing it closes
 * the file. Not thread-safe: one file, one thread.
 *
 * <p>{@link #damage()} tells a truncated file without reading its pixel data: the element the header
 * stopped at declares a length, and its offset plus that length must fit in the file. Encapsulated
 * pixel data (undefined length) is checked by walking its item headers, one 8-byte read per
 * fragment. A deflated data set cannot be checked this way (its offsets are inflated ones); a
 * truncated one fails while its remainder is read.
 */
final class Part10File implements Closeable {
    private static final DicomReader READER = DicomReader.standard();
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    /** Fragments walked before the check gives up (real objects hold one per frame, a few thousand). */
    private static final int MAX_FRAGMENTS = 1 << 20;

    private final FileChannel channel;
    private final DicomObject object;
    private final long size;
    private final String name;
    private Stop stop;

    /** The element the header stopped at, as the file encodes it. */
    private record Stop(int tag, long valueOffset, long length, boolean headerAsEncoded) {}

    private Part10File(FileChannel channel, DicomObject object, long size, String name) {
        this.channel = channel;
        this.object = object;
        this.size = size;
        this.name = name;
    }

    /**
     * Opens and parses the header of a file.
     *
     * @param name what error messages call the file (its path relative to the archive's root)
     * @throws dev.ferry.dicom.io.DicomParseException if it is not DICOM or its header is corrupt
     * @throws java.nio.file.NoSuchFileException if it is gone
     */
    static Part10File open(Path file, String name) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            return new Part10File(ch, READER.read(Channels.newInputStream(ch), name), size, name);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    DicomObject object() {
        return object;
    }

    /** The file's size when it was opened. */
    long size() {
        return size;
    }

    /** Whether this is a DICOMDIR (Media Storage Directory Storage), which names files rather than holds an image. */
    boolean isDicomdir() {
        return UID.MediaStorageDirectoryStorage.equals(HeaderFacts.uid(object.fileMeta(), Tag.MediaStorageSOPClassUID));
    }

    /**
     * What is wrong with the file past its header, as far as cheap checks tell: {@code null} if
     * nothing, else a description without values (tag, lengths, offsets).
     */
    String damage() throws IOException {
        Stop s = stop();
        if (s == null) {
            return null;
        }
        if (s.length() != UNDEFINED) {
            long end = s.valueOffset() + s.length();
            return end <= size ? null : String.format("%s declares %d bytes at offset %d; the file ends %d bytes"
                    + " short (truncated)", Tags.format(s.tag()), s.length(), s.valueOffset(), end - size);
        }
        return fragmentDamage(s);
    }

    private String fragmentDamage(Stop s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(order());
        long at = s.valueOffset();
        for (int n = 0; n < MAX_FRAGMENTS; n++) {
            if (at + 8 > size) {
                return String.format("encapsulated %s ends without its Sequence Delimitation Item after %d items"
                        + " (truncated at offset %d)", Tags.format(s.tag()), n, size);
            }
            if (!readAt(b, at)) {
                return "the file shrank while it was checked";
            }
            int tag = (Short.toUnsignedInt(b.getShort(0)) << 16) | Short.toUnsignedInt(b.getShort(2));
            long length = Integer.toUnsignedLong(b.getInt(4));
            if (tag == SEQUENCE_END) {
                return null;
            }
            if (tag != ITEM || length == UNDEFINED) {
                return String.format("encapsulated %s: item %d at offset %d is not a fragment of defined length",
                        Tags.format(s.tag()), n, at);
            }
            at += 8 + length;
            if (at > size) {
                return String.format("encapsulated %s: fragment %d runs %d bytes past the end of the file"
                        + " (truncated)", Tags.format(s.tag()), n, at - size);
            }
        }
        return null; // too many fragments to check cheaply: reading them will tell
    }

    /**
     * The remainder's length when it is the rest of the file as it is (not deflated, not re-encoded),
     * else {@link StudyDescriptor#UNKNOWN}.
     */
    long remainderLength() throws IOException {
        long at = object.remainderOffset();
        if (at < 0 || object.explicitVr() != object.transferSyntax().isExplicitVr()) {
            return StudyDescriptor.UNKNOWN;
        }
        Stop s = stop();
        return s != null && !s.headerAsEncoded() ? StudyDescriptor.UNKNOWN : Math.max(0, size - at);
    }

    /**
     * Hands header and remainder on as an instance (in the file's transfer syntax, byte for byte);
     * closing the instance closes the file.
     */
    DicomInstance toInstance(InstanceDescriptor descriptor) throws IOException {
        return new DicomInstance(descriptor, object.header(), object.transferSyntax().uid(), object.remainder(),
                remainderLength());
    }

    /** The stopped-at element's header, read at its offset; {@code null} if there is none or it cannot be placed. */
    private Stop stop() throws IOException {
        if (stop != null || !object.stoppedAtBulk() || object.remainderOffset() < 0) {
            return stop;
        }
        long at = object.remainderOffset();
        ByteBuffer b = ByteBuffer.allocate(12).order(order());
        b.limit(8);
        if (!readAt(b, at)) {
            return null;
        }
        int tag = (Short.toUnsignedInt(b.getShort(0)) << 16) | Short.toUnsignedInt(b.getShort(2));
        VR vr = object.explicitVr() ? VR.of(b.get(4) & 0xFF, b.get(5) & 0xFF) : null;
        if (vr != null && vr.hasLongHeader()) {
            b.limit(12);
            if (!readAt(b, at)) {
                return null;
            }
            stop = new Stop(tag, at + 12, Integer.toUnsignedLong(b.getInt(8)), true);
        } else if (vr != null) {
            stop = new Stop(tag, at + 8, Short.toUnsignedInt(b.getShort(6)), true);
        } else {
            // Implicit VR, or one element written implicitly in an explicit data set (the reader then
            // re-encodes its header, so the remainder is not the file's bytes as they are).
            stop = new Stop(tag, at + 8, Integer.toUnsignedLong(b.getInt(4)), !object.explicitVr());
        }
        return stop;
    }

    private ByteOrder order() {
        TransferSyntax ts = object.transferSyntax();
        return ts.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Fills {@code b} from its start to its limit with the bytes at {@code position}; false at the end of the file. */
    private boolean readAt(ByteBuffer b, long position) throws IOException {
        b.position(0);
        long p = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n < 0) {
                return false;
            }
            p += n;
        }
        return true;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        try {
            object.close();
        } finally {
            channel.close();
        }
    }
}
