package dev.ferry.dicom.io;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.dicom.TransferSyntax;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What {@link DicomReader} read: File Meta (empty if the object had none), the header, the transfer
 * syntax of the data set, and the remainder as a stream. Owns the input stream: close it, or hand
 * it on with {@link #toInstance(long)}. Not thread-safe.
 */
public final class DicomObject implements Closeable {
    private final String source;
    private final byte[] preamble;
    private final Dataset fileMeta;
    private final Dataset header;
    private final TransferSyntax transferSyntax;
    private final long datasetOffset;
    private final boolean explicitVr;
    private final InputStream remainder;
    private final boolean stoppedAtBulk;
    private final long remainderOffset;
    private final List<ParseWarning> warnings;

    DicomObject(String source, byte[] preamble, Dataset fileMeta, Dataset header, TransferSyntax transferSyntax,
                long datasetOffset, boolean explicitVr, InputStream remainder, boolean stoppedAtBulk,
                long remainderOffset, List<ParseWarning> warnings) {
        this.datasetOffset = datasetOffset;
        this.explicitVr = explicitVr;
        this.source = source;
        this.preamble = preamble;
        this.fileMeta = fileMeta;
        this.header = header;
        this.transferSyntax = transferSyntax;
        this.remainder = remainder;
        this.stoppedAtBulk = stoppedAtBulk;
        this.remainderOffset = remainderOffset;
        this.warnings = List.copyOf(warnings);
    }

    public String source() {
        return source;
    }

    /** The 128-byte preamble, or {@code null} if the object had none. A copy. */
    public byte[] preamble() {
        return preamble == null ? null : preamble.clone();
    }

    /** Group 0002 as read; empty for an object without File Meta. */
    public Dataset fileMeta() {
        return fileMeta;
    }

    public Dataset header() {
        return header;
    }

    /** The data set's transfer syntax, from File Meta or detected. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * The rest of the data set after the header, in the transfer syntax (inflated if deflated):
     * starts with the element header of Pixel Data or of the bulk value the reader stopped at; empty
     * if the header holds the whole data set.
     */
    public InputStream remainder() {
        return remainder;
    }

    /** Where the data set starts in the input: after the preamble and File Meta. */
    public long datasetOffset() {
        return datasetOffset;
    }

    /**
     * Whether the data set is really encoded with explicit VRs. False for an object whose transfer
     * syntax says explicit but whose data set is implicit (a known fault; see the warnings).
     */
    public boolean explicitVr() {
        return explicitVr;
    }

    /** Whether the header stopped at Pixel Data or a bulk value (so the remainder is not empty). */
    public boolean stoppedAtBulk() {
        return stoppedAtBulk;
    }

    /**
     * Where the remainder starts in the input: the offset of the element header the reader stopped
     * at, as the input encoded it, or the input's length if the header holds the whole data set;
     * -1 for a deflated data set, whose remainder comes out of the inflater. With the file's size
     * and the declared length of that element, it tells a truncated file without reading its pixel
     * data.
     */
    public long remainderOffset() {
        return remainderOffset;
    }

    /** What the reader tolerated. */
    public List<ParseWarning> warnings() {
        return warnings;
    }

    /**
     * Hands header and remainder on as a {@link DicomInstance}; closing the instance closes the input.
     *
     * @param sizeBytes the object's size as stored, or {@link dev.ferry.api.StudyDescriptor#UNKNOWN}
     * @throws dev.ferry.api.InvalidValueException if the header lacks a required UID
     */
    public DicomInstance toInstance(long sizeBytes) {
        InstanceDescriptor d = InstanceDescriptor.of(header, sizeBytes);
        return new DicomInstance(d, header, transferSyntax.uid(), remainder, dev.ferry.api.StudyDescriptor.UNKNOWN);
    }

    @Override
    public void close() throws IOException {
        remainder.close();
    }
}
