package dev.ferry.dicom.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a data set's remainder (what {@link DicomReader} left after the header: Pixel Data and any
 * elements after it) through unchanged while following its top-level element structure, and throws
 * {@link TruncatedDataSetException} when the input ends inside an element: a value shorter than its
 * declared length, or an encapsulated Pixel Data without its sequence delimiter. This is how a
 * data set that arrives whole on the wire but was cut short at its source (a truncated file a PACS
 * sends as it is) is caught before it is stored anywhere as if complete.
 *
 * <p>Only element and item headers are parsed (at most 12 bytes held); values stream through. An
 * element of undefined length that is not an encapsulated fragment sequence (a sequence of data
 * sets) ends the check: the rest passes unchecked, as the parser would have to descend into it.
 * Deflated remainders are not for this class.
 *
 * <p>Not thread-safe, like any {@code InputStream}.
 */
public final class TruncationCheckingInputStream extends ObservingInputStream {
    private final RemainderFollower follower;

    /**
     * @param in the remainder
     * @param explicitVr whether it is encoded with explicit VRs
     * @param bigEndian whether it is big endian
     * @param source what the data set is, for the exception's message (a file, "C-STORE of UID")
     */
    public TruncationCheckingInputStream(InputStream in, boolean explicitVr, boolean bigEndian, String source) {
        super(in);
        this.follower = new RemainderFollower(explicitVr, bigEndian, source, new RemainderFollower.Listener() { });
    }

    @Override
    protected void observe(byte[] b, int off, int n) throws IOException {
        follower.follow(b, off, n);
    }

    @Override
    protected void ended() throws IOException {
        follower.end();
    }

    /** The input ended inside an element: the data set was cut short. */
    public static final class TruncatedDataSetException extends IOException {
        private final String source;
        private final long offset;

        TruncatedDataSetException(String source, long offset, String problem) {
            super(source + ": at byte " + offset + " of the remainder: " + problem);
            this.source = source;
            this.offset = offset;
        }

        /** What was read: a file, a C-STORE. */
        public String source() {
            return source;
        }

        /** Where in the remainder the problem is, in bytes. */
        public long offset() {
            return offset;
        }
    }
}
