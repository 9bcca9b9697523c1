package dev.ferry.api;

import java.util.Map;
import java.util.Objects;

/**
 * What was observed of one instance as it left the source, for verifiers to compare with what the
 * destination holds.
 *
 * @param instance the instance
 * @param transferSyntaxUid the transfer syntax it was retrieved in
 * @param pixelData digest of the Pixel Data (7FE0,0010) value as retrieved, or {@code null} if not
 *     computed or the object has no pixel data: for native (uncompressed) pixel data, the value bytes
 *     in little-endian byte order (so the digest survives a change between little- and big-endian
 *     transfer syntaxes); for encapsulated pixel data, the concatenated values of the fragment items
 *     after the Basic Offset Table item (item headers, the offset table and the sequence delimiter
 *     excluded, since an archive may rebuild them)
 * @param wholeObject digest of the whole object as stored, or {@code null}
 * @param attributes values of the source header that verifiers check for retention (identity,
 *     accession, dose and other clinically relevant attributes), by path, rendered as
 *     {@link Dataset#valueAsText(int)} renders them; patient data, so never logged
 */
public record InstanceEvidence(InstanceDescriptor instance, String transferSyntaxUid, Digest pixelData,
                               Digest wholeObject, Map<TagPath, String> attributes) {
    public InstanceEvidence {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Evidence with digests only. */
    public InstanceEvidence(InstanceDescriptor instance, String transferSyntaxUid, Digest pixelData, Digest wholeObject) {
        this(instance, transferSyntaxUid, pixelData, wholeObject, Map.of());
    }

    /** Prints the instance, transfer syntax and digests; attribute values are patient data and are left out. */
    @Override
    public String toString() {
        return "InstanceEvidence[" + instance.sopInstanceUid() + ", " + transferSyntaxUid + ", pixelData=" + pixelData
                + ", wholeObject=" + wholeObject + ", attributes=" + attributes.size() + "]";
    }
}
