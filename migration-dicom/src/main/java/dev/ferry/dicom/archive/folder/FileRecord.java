package dev.ferry.dicom.archive.folder;

import dev.ferry.api.ReasonCode;

/**
 * What indexing learnt of one file: where it is, its size and time (to tell on the next refresh
 * whether it changed), and either the instance it holds or what is wrong with it. The study and
 * series facts are shared by every file of the same study and series, so a file costs only its
 * own UIDs and path. Immutable.
 *
 * @param path relative to the archive's root
 * @param modified last-modified time in microseconds
 * @param study {@code null} unless the file holds an instance
 * @param series {@code null} unless the file holds an instance
 * @param datasetOffset where its data set starts (after preamble and File Meta)
 * @param problem {@code null} for an intact instance or an ignored file (a DICOMDIR inside the tree);
 *     {@link ReasonCode#CORRUPT_OBJECT} with {@code study} set for a damaged instance whose UIDs
 *     could be read
 * @param detail what is wrong, or empty
 * @param retry whether the problem may be passing (an I/O error): such a file is read again on refresh
 */
record FileRecord(String path, long size, long modified, HeaderFacts.Study study, HeaderFacts.Series series,
                  String sopInstanceUid, String sopClassUid, String transferSyntaxUid, long datasetOffset,
                  ReasonCode problem, String detail, boolean retry) {

    static FileRecord problem(String path, long size, long modified, ReasonCode reason, String detail, boolean retry) {
        return new FileRecord(path, size, modified, null, null, null, null, null, -1, reason, detail, retry);
    }

    static FileRecord ignored(String path, long size, long modified) {
        return new FileRecord(path, size, modified, null, null, null, null, null, -1, null, "", false);
    }

    boolean holdsInstance() {
        return study != null;
    }

    boolean intact() {
        return study != null && problem == null;
    }

    FileRecord sharing(HeaderFacts.Study s, HeaderFacts.Series r, String cls, String ts) {
        if (s == study && r == series && cls == sopClassUid && ts == transferSyntaxUid) {
            return this;
        }
        return new FileRecord(path, size, modified, s, r, sopInstanceUid, cls, ts, datasetOffset, problem, detail,
                retry);
    }

    /** The instance's data set size: what two copies of one instance must share to be the same. */
    long datasetSize() {
        return size - datasetOffset;
    }

    /** Prints path, UIDs and problem; the study facts (patient data) are left out. */
    @Override
    public String toString() {
        return "FileRecord[" + path + ", " + size + " bytes, instance=" + sopInstanceUid
                + (problem == null ? "" : ", " + problem + ": " + detail) + "]";
    }
}
