package dev.ferry.dicom.json;

import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import java.io.IOException;

/**
 * Fetches the value a {@code BulkDataURI} names while {@link DicomJson} reads JSON (PS3.18 section
 * F.2.6). The reader never dereferences a URI by itself: a URI in a JSON document from elsewhere can
 * name any file or host, so fetching is the caller's decision.
 *
 * <p>Implementations must be thread-safe if the {@link DicomJson} that holds them is shared.
 */
@FunctionalInterface
public interface BulkDataLoader {

    /** Refuses every URI: what a reader without a loader does. */
    BulkDataLoader REFUSE = (path, vr, uri) -> {
        throw new DicomJsonException(path + ": has a BulkDataURI and the reader was given no BulkDataLoader");
    };

    /** Leaves every element with a URI out of the data set (top-level Pixel Data, typically). */
    BulkDataLoader OMIT = (path, vr, uri) -> null;

    /**
     * The value the URI names, as a {@link dev.ferry.api.Dataset} holds it: little-endian bytes for
     * binary VRs, encoded text for text VRs; {@code null} to leave the element out.
     *
     * @throws IOException if the value cannot be fetched; reading stops
     */
    byte[] load(TagPath path, VR vr, String uri) throws IOException;
}
