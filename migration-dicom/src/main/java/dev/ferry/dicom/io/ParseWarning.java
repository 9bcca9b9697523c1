package dev.ferry.dicom.io;

/**
 * Something the reader tolerated (an odd value length, a wrong group length, UN read as a sequence),
 * worth a line in a data-quality report. Never holds a value.
 *
 * @param offset byte offset of the element concerned
 * @param path its tag path
 * @param problem what was tolerated
 */
public record ParseWarning(long offset, String path, String problem) {
    @Override
    public String toString() {
        return problem + " at offset " + offset + (path.isEmpty() ? "" : " in " + path);
    }
}
