package dev.ferry.api;

import java.util.Objects;

/**
 * What was observed of one instance as it left the source, for verifiers to compare with what the
 * destination holds.
 *
 * @param instance the instance
 * @param transferSyntaxUid the transfer syntax it was retrieved in
 * @param pixelData digest of the Pixel Data value bytes as retrieved, or {@code null} if not computed
 *     or the object has no pixel data
 * @param wholeObject digest of the whole object as stored, or {@code null}
 */
public record InstanceEvidence(InstanceDescriptor instance, String transferSyntaxUid, Digest pixelData, Digest wholeObject) {
    public InstanceEvidence {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    }
}
