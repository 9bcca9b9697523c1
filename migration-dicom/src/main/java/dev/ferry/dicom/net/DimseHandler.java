package dev.ferry.dicom.net;

import java.io.IOException;

/**
 * Serves the requests of one SOP class on an SCP ({@link DicomServer}): it reads the request's data
 * set, if any, and answers through {@link ScpRequest#respond}. Called on the association's thread,
 * one request at a time per association; implementations shared between associations must be
 * thread-safe.
 *
 * <p>An {@link IOException} of the association ends it; any other exception is answered with a
 * failure status (0110H, processing failure) if no final response was sent, and logged without
 * patient data.
 */
@FunctionalInterface
public interface DimseHandler {
    void handle(ScpRequest request) throws IOException;
}
