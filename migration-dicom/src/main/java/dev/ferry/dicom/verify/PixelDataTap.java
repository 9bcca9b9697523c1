package dev.ferry.dicom.verify;

import dev.ferry.api.Digest;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.io.ObservingInputStream;
import dev.ferry.dicom.io.RemainderFollower;
import dev.ferry.dicom.io.TruncationCheckingInputStream.TruncatedDataSetException;
import dev.ferry.spi.EvidenceTap;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the SHA-256 of an instance's Pixel Data value while its remainder streams past, as
 * {@link dev.ferry.api.InstanceEvidence#pixelData()} defines it, without holding any of it: only
 * element and item headers are parsed. What the tap cannot follow (a remainder cut short, a
 * malformed fragment) gives no digest and a note; the bytes pass through unchanged either way, since
 * judging the object is the source's and destination's business, not the tap's.
 *
 * <p>Thread-safe: every {@link #tap} has its own state.
 */
public final class PixelDataTap implements EvidenceTap {
    /** How a {@link Tapped#note()} starts when the remainder's structure could not be followed. */
    static final String NOT_FOLLOWED = "the remainder could not be followed: ";

    @Override
    public Tapped tap(String transferSyntaxUid, InputStream remainder) {
        return new TappedRemainder(TransferSyntax.of(Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid")),
                Objects.requireNonNull(remainder, "remainder"));
    }

    /**
     * Digests a whole remainder now, reading it to its end: for what a destination returns.
     *
     * @return the tapped result, its stream already read
     */
    static Tapped digest(String transferSyntaxUid, InputStream remainder) throws IOException {
        TappedRemainder t = new TappedRemainder(TransferSyntax.of(transferSyntaxUid), remainder);
        t.transferTo(java.io.OutputStream.nullOutputStream());
        return t;
    }

    private static final class TappedRemainder extends ObservingInputStream implements Tapped {
        private final PixelDataDigester digester;
        private final RemainderFollower follower;
        private String problem = "";
        private Optional<Digest> result;

        TappedRemainder(TransferSyntax ts, InputStream in) {
            super(in);
            this.digester = new PixelDataDigester(ts.isPixelDataBigEndian());
            // A deflated remainder arrives inflated: Explicit VR Little Endian.
            boolean explicit = ts.isDeflated() || ts.isExplicitVr();
            this.follower = new RemainderFollower(explicit, !ts.isDeflated() && ts.isBigEndian(), "remainder",
                    digester);
        }

        @Override
        public InputStream stream() {
            return this;
        }

        /** What cannot be followed is noted, never thrown: the bytes pass through either way. */
        @Override
        protected void observe(byte[] b, int off, int n) {
            if (problem.isEmpty()) {
                try {
                    follower.follow(b, off, n);
                } catch (TruncatedDataSetException e) {
                    problem = NOT_FOLLOWED + e.getMessage();
                }
            }
        }

        @Override
        protected void ended() {
            if (problem.isEmpty()) {
                try {
                    follower.end();
                } catch (TruncatedDataSetException e) {
                    problem = NOT_FOLLOWED + e.getMessage();
                }
            }
        }

        @Override
        public Optional<Digest> pixelData() {
            if (!atEnd()) {
                throw new IllegalStateException("the remainder was not read to its end");
            }
            if (result == null) {
                result = problem.isEmpty() ? digester.finish() : Optional.empty();
            }
            return result;
        }

        @Override
        public String note() {
            if (!problem.isEmpty()) {
                return problem;
            }
            if (!atEnd()) {
                return "";
            }
            pixelData();
            return digester.note();
        }
    }
}
