package dev.ferry.dicom.archive.folder;

import dev.ferry.api.ReasonCode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a folder archive that cannot be migrated as it is, found while indexing: not DICOM,
 * truncated, without the UIDs that name an instance, one of several files that hold the same SOP
 * Instance UID with different content, unreadable, or referenced by a DICOMDIR but absent.
 *
 * @param path the file, relative to the archive's root (for a DICOMDIR record that cannot be
 *     resolved: the Referenced File ID as given, or the DICOMDIR itself)
 * @param reason {@link ReasonCode#CORRUPT_OBJECT}, {@link ReasonCode#INVALID_VALUE},
 *     {@link ReasonCode#DUPLICATE_CONFLICT}, {@link ReasonCode#MISSING_INSTANCE} or
 *     {@link ReasonCode#REFUSED} (unreadable, or a symbolic link, which is not followed)
 * @param detail what is wrong, without patient data: offsets, tags, UIDs, sizes
 *
 * <p>Immutable and thread-safe.
 */
public record FileProblem(Path path, ReasonCode reason, String detail) {
    public FileProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }
}
