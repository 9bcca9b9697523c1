package dev.ferry.dicom.archive.folder;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Several intact files of a folder archive that hold the same SOP Instance UID. With identical data
 * sets (same size, same SHA-256) the instance is delivered once, from the first file; with different
 * ones it is delivered from none, and retrieval reports it as a
 * {@link dev.ferry.api.ReasonCode#DUPLICATE_CONFLICT}.
 *
 * @param sopInstanceUid the UID they share
 * @param files the files, relative to the archive's root, in path order
 * @param identical whether their data sets are byte for byte the same (File Meta is not compared)
 *
 * <p>Immutable and thread-safe.
 */
public record DuplicateFiles(String sopInstanceUid, List<Path> files, boolean identical) {
    public DuplicateFiles {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        files = List.copyOf(files);
    }
}
