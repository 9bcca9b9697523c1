package dev.ferry.testkit.simulator;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import java.nio.file.Path;

/**
 * One served instance: its file, its header (without pixel data), and the keys the index groups by.
 * The header is never changed after indexing, so it may be read from many threads.
 *
 * @param file the Part 10 file, served as it is
 * @param header the header as read, up to Pixel Data
 * @param transferSyntaxUid the data set's transfer syntax
 * @param size the file's size in bytes
 */
record IndexedInstance(Path file, Dataset header, String transferSyntaxUid, long size) {
    String studyUid() {
        return text(Tag.StudyInstanceUID);
    }

    String seriesUid() {
        return text(Tag.SeriesInstanceUID);
    }

    String sopUid() {
        return text(Tag.SOPInstanceUID);
    }

    String sopClassUid() {
        return text(Tag.SOPClassUID);
    }

    String patientId() {
        return text(Tag.PatientID);
    }

    String text(int tag) {
        String s = header.getString(tag);
        return s == null ? "" : s.strip();
    }

    /** Prints the SOP Instance UID only: headers, and the names of exported files, hold patient data. */
    @Override
    public String toString() {
        return "IndexedInstance[" + sopUid() + "]";
    }
}
