package dev.ferry.dicom.web;

import java.io.IOException;

/**
 * Receives the parts of a WADO-RS response one at a time, on the thread that asked for them. An
 * exception thrown here stops the retrieval, closes the response and propagates.
 */
@FunctionalInterface
public interface PartConsumer {
    void accept(MultipartPart part) throws IOException;
}
