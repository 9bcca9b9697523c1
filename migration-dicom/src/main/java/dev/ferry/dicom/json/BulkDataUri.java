package dev.ferry.dicom.json;

import dev.ferry.api.TagPath;
import dev.ferry.api.VR;

/**
 * Names where a value too long to be written inline can be fetched: the {@code BulkDataURI} of a
 * DICOM JSON attribute (PS3.18 section F.2.6). Ferry writes the URI and never the bytes, so the
 * function decides what the URI means: a WADO-RS bulk data resource, a file range, a key in a store.
 *
 * <p>Implementations must be thread-safe if the {@link DicomJson} that holds them is shared.
 */
@FunctionalInterface
public interface BulkDataUri {

    /**
     * The URI for one value.
     *
     * @param path where the element is in the data set
     * @param vr its VR
     * @param length the value's length in bytes (for encapsulated fragments, the length of the item
     *     structure as {@link DicomJson} encodes it inline)
     * @return the URI, never {@code null}
     */
    String uri(TagPath path, VR vr, long length);
}
