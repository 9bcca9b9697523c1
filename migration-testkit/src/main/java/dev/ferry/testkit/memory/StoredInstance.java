package dev.ferry.testkit.memory;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * One instance as the in-memory archive holds it. Never changed after construction: the archive
 * hands out copies of the header, so sharing a stored instance between threads is safe.
 */
record StoredInstance(InstanceDescriptor descriptor, Dataset header, String transferSyntaxUid, byte[] remainder) {

    /** Same header values, transfer syntax and remainder bytes: storing it again changes nothing. */
    boolean sameContentAs(StoredInstance other) {
        return transferSyntaxUid.equals(other.transferSyntaxUid)
                && header.equals(other.header)
                && Arrays.equals(remainder, other.remainder);
    }

    /** A fresh instance to hand to a consumer: its own header copy and remainder stream. */
    DicomInstance toInstance() {
        return new DicomInstance(descriptor, header.copy(), transferSyntaxUid, new ByteArrayInputStream(remainder),
                remainder.length);
    }

    @Override
    public String toString() {
        return "StoredInstance[" + descriptor.sopInstanceUid() + ", " + remainder.length + " bytes]";
    }
}
