package dev.ferry.dicom.json;

import java.io.IOException;

/**
 * JSON that is not a DICOM JSON Model object (PS3.18 Annex F): a key that is not a tag, an unknown
 * VR, a value of the wrong JSON type or out of range for its VR. The message names the tag path
 * and, where known, the line and column; never a value.
 */
public class DicomJsonException extends IOException {
    private static final long serialVersionUID = 1L;

    public DicomJsonException(String message) {
        super(message);
    }

    public DicomJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
