package dev.ferry.spi;

import dev.ferry.api.Digest;
import java.io.InputStream;
import java.util.Optional;

/**
 * Takes evidence from an instance's remainder while it streams from the source to the destination,
 * so that nothing is read twice: typically a digest of the Pixel Data value bytes, which a
 * {@link Verifier} later compares with the same digest over what the destination returns.
 *
 * <p>A verifier that needs such evidence offers a tap through {@link Verifier#evidenceTap()}; the
 * engine puts it between the source and the destination and records what it found in the
 * {@link dev.ferry.api.InstanceEvidence} (and in the state store, so that a later validation has it).
 *
 * <p>Thread-safe: one tap serves every worker; each instance gets its own {@link Tapped}.
 */
@FunctionalInterface
public interface EvidenceTap {

    /**
     * Wraps one instance's remainder.
     *
     * @param transferSyntaxUid the transfer syntax the remainder is encoded in (for Deflated
     *     Explicit VR Little Endian the remainder is already inflated, as {@link dev.ferry.api.DicomInstance} says)
     * @param remainder the remainder, read only through the returned stream
     */
    Tapped tap(String transferSyntaxUid, InputStream remainder);

    /** One instance's tapped remainder. Not thread-safe. */
    interface Tapped {

        /**
         * The remainder as it was, byte for byte. The tap must never fail this stream because of
         * what it finds: evidence it cannot take is an empty {@link #pixelData()} with a
         * {@link #note()}, and the instance still moves.
         */
        InputStream stream();

        /**
         * The digest of the Pixel Data value, once {@link #stream()} has been read to its end; empty
         * if the object has no pixel data in its remainder, or the tap could not follow it (see
         * {@link #note()}).
         *
         * @throws IllegalStateException if the stream was not read to its end
         */
        Optional<Digest> pixelData();

        /** Why no digest was taken, without patient data (e.g. "no Pixel Data element"), or empty. */
        default String note() {
            return "";
        }
    }
}
