package dev.ferry.testkit.tck;

import dev.ferry.api.Dataset;
import dev.ferry.api.Digest;
import dev.ferry.api.InstanceDescriptor;

/**
 * What a kit observed of one delivered instance: its descriptor, its header as delivered (the
 * consumer's own copy), its transfer syntax, the remainder length it declared and the length and
 * SHA-256 of what was actually read. Immutable but for the header, which is a copy owned by the kit
 * test that received it.
 */
record Received(InstanceDescriptor descriptor, Dataset header, String transferSyntaxUid, long declaredLength,
                long actualLength, Digest remainderSha256) {

    String sopInstanceUid() {
        return descriptor.sopInstanceUid();
    }
}
