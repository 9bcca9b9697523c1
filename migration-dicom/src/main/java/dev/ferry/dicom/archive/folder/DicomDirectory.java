package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.dicom.io.DicomParseException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a DICOMDIR at the root of a file-set names (PS3.3 F.3, PS3.10 8.5): every active
 * directory record with a Referenced File ID (0004,1500), whatever its type (IMAGE, SR DOCUMENT,
 * PRESENTATION, ...). PATIENT, STUDY and SERIES records name no file and are passed over; what a
 * file holds (its UIDs, study and patient) is read from the file itself, which is authoritative
 * where a DICOMDIR went stale. Records whose Record In-use Flag (0004,1410) is 0000H were deleted
 * and are skipped. Stateless and thread-safe.
 */
final class DicomDirectory {
    static final String NAME = "DICOMDIR";

    private DicomDirectory() {}

    /** A file a DICOMDIR names, found under the root. */
    record Reference(String path, Path file) {}

    /** The DICOMDIR at the root, found as {@link MediaPaths} finds names; {@code null} if there is none. */
    static Path find(Path root) throws IOException {
        Path exact = root.resolve(NAME);
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                if (MediaPaths.normalize(e.getFileName().toString()).equals(NAME) && Files.isRegularFile(e)) {
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * The files the DICOMDIR names, each once, in record order; records that cannot be followed
     * go to {@code problems}. {@code null} if the DICOMDIR itself cannot be read (also reported):
     * the caller then walks the tree instead.
     */
    static List<Reference> read(Path root, Path dicomdir, List<FileProblem> problems) throws IOException {
        Path name = root.relativize(dicomdir);
        Dataset.Sequence records;
        try (Part10File f = Part10File.open(dicomdir, name.toString())) {
            records = f.object().header().getSequence(Tag.DirectoryRecordSequence);
        } catch (DicomParseException e) {
            problems.add(new FileProblem(name, ReasonCode.CORRUPT_OBJECT, e.getMessage()
                    + "; the folder is walked instead"));
            return null;
        }
        if (records == null) {
            problems.add(new FileProblem(name, ReasonCode.CORRUPT_OBJECT,
                    "no Directory Record Sequence (0004,1220); the folder is walked instead"));
            return null;
        }
        MediaPaths paths = new MediaPaths(root);
        Map<String, Reference> found = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Dataset record = records.get(i);
            List<String> id = record.getStrings(Tag.ReferencedFileID);
            if (id.isEmpty() || !inUse(record)) {
                continue;
            }
            String where = "record " + (i + 1) + " of " + records.size();
            String sop = HeaderFacts.uid(record, Tag.ReferencedSOPInstanceUIDInFile);
            String refusal = MediaPaths.refusal(id);
            Path file = null;
            if (refusal == null) {
                try {
                    file = paths.find(id);
                } catch (InvalidPathException e) {
                    refusal = "is not a valid path on this system";
                }
            }
            if (refusal != null) {
                problems.add(new FileProblem(name, ReasonCode.INVALID_VALUE,
                        where + ": Referenced File ID (0004,1500) " + refusal + "; not followed"));
            } else if (file == null) {
                problems.add(new FileProblem(Path.of(String.join("/", id.stream().map(String::strip).toList())),
                        ReasonCode.MISSING_INSTANCE, "named by " + where + " of " + name
                        + (sop.isEmpty() ? "" : " (SOP Instance UID " + sop + ")") + " but absent"));
            } else if (!paths.inside(file)) {
                problems.add(new FileProblem(root.relativize(file), ReasonCode.REFUSED,
                        "named by " + where + " of " + name + ": a link that leads outside the root; not followed"));
            } else {
                String path = root.relativize(file).toString();
                found.putIfAbsent(path, new Reference(path, file));
            }
        }
        return new ArrayList<>(found.values());
    }

    private static boolean inUse(Dataset record) {
        try {
            return record.getInt(Tag.RecordInUseFlag, 0xFFFF) != 0;
        } catch (InvalidValueException e) {
            return true; // a flag that cannot be read deletes nothing
        }
    }
}
