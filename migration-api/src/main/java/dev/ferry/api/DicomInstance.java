package dev.ferry.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * One composite object in flight: its parsed {@link #header() header}, the transfer syntax of its
 * encoding, and the {@link #remainder() rest of the object} as a stream, so that pixel data is never
 * required in memory.
 *
 * <p>The remainder is the encoded data set that follows the last element in the header, in
 * {@link #transferSyntaxUid()} (for Deflated Explicit VR Little Endian: after inflation, so it reads
 * as Explicit VR Little Endian). It usually starts with the Pixel Data element's tag; it is empty when
 * the header holds the whole data set. A writer emits the (possibly changed) header followed by the
 * remainder unchanged.
 *
 * <p>Single use, not thread-safe: the remainder can be read once, by the thread that holds the
 * instance. Whoever creates an instance closes it; a consumer that is handed one must not close it
 * and must finish with the remainder before returning.
 */
public final class DicomInstance implements Closeable {
    private final InstanceDescriptor descriptor;
    private final Dataset header;
    private final String transferSyntaxUid;
    private final InputStream remainder;
    private final long remainderLength;
    private boolean taken;

    /**
     * @param remainderLength the remainder's length in bytes, or {@link StudyDescriptor#UNKNOWN}
     */
    public DicomInstance(InstanceDescriptor descriptor, Dataset header, String transferSyntaxUid,
                         InputStream remainder, long remainderLength) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.header = Objects.requireNonNull(header, "header");
        this.transferSyntaxUid = Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        this.remainder = Objects.requireNonNull(remainder, "remainder");
        if (remainderLength < StudyDescriptor.UNKNOWN) {
            throw new IllegalArgumentException("remainderLength must be >= 0 or UNKNOWN");
        }
        this.remainderLength = remainderLength;
    }

    public InstanceDescriptor descriptor() {
        return descriptor;
    }

    /** The header, mutable: coercers change it in place before the instance is stored. */
    public Dataset header() {
        return header;
    }

    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** The remainder's length in bytes, or {@link StudyDescriptor#UNKNOWN}. */
    public long remainderLength() {
        return remainderLength;
    }

    /**
     * The rest of the object, to be read once.
     *
     * @throws IllegalStateException if it was taken before
     */
    public InputStream remainder() {
        if (taken) {
            throw new IllegalStateException("the remainder of instance " + descriptor.sopInstanceUid()
                    + " was already taken");
        }
        taken = true;
        return remainder;
    }

    /** Copies the remainder to {@code out} through a fixed buffer and returns the bytes copied. */
    public long transferRemainderTo(OutputStream out) throws IOException {
        return remainder().transferTo(out);
    }

    @Override
    public void close() throws IOException {
        remainder.close();
    }

    @Override
    public String toString() {
        return "DicomInstance[" + descriptor.sopInstanceUid() + ", " + transferSyntaxUid + ", header="
                + header + ", remainder=" + remainderLength + " bytes]";
    }
}
