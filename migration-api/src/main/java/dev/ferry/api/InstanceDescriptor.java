package dev.ferry.api;

import java.util.Objects;

/**
 * One composite object (SOP instance) by its UIDs: the unit of retrieve, store, custody and
 * per-instance state.
 *
 * @param studyInstanceUid (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param sopInstanceUid (0008,0018)
 * @param sopClassUid (0008,0016)
 * @param sizeBytes size of the object as the archive stores it (a Part 10 file's size, or the size
 *     the archive reports), for inventory and capacity planning, or {@link StudyDescriptor#UNKNOWN};
 *     sizes from different archives are not comparable byte for byte
 */
public record InstanceDescriptor(
        String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String sopClassUid, long sizeBytes) {
    public InstanceDescriptor {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        if (sopInstanceUid.isBlank()) {
            throw new IllegalArgumentException("sopInstanceUid is empty in study " + studyInstanceUid);
        }
        if (sizeBytes < StudyDescriptor.UNKNOWN) {
            throw new IllegalArgumentException("sizeBytes must be >= 0 or UNKNOWN for instance " + sopInstanceUid);
        }
    }

    /**
     * Reads the UIDs from a header.
     *
     * @throws InvalidValueException naming the missing tag if a UID is absent
     */
    public static InstanceDescriptor of(Dataset header, long sizeBytes) {
        return new InstanceDescriptor(required(header, Tag.StudyInstanceUID), required(header, Tag.SeriesInstanceUID),
                required(header, Tag.SOPInstanceUID), required(header, Tag.SOPClassUID), sizeBytes);
    }

    private static String required(Dataset header, int tag) {
        String s = header.getString(tag);
        if (s == null || s.isBlank()) {
            throw new InvalidValueException(tag, "required UID is missing or empty");
        }
        return s.strip();
    }

    public ItemRef ref() {
        return ItemRef.of(this);
    }
}
