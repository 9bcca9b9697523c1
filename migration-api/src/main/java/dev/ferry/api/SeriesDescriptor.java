package dev.ferry.api;

import java.util.Objects;

/**
 * One series of a study as an archive describes it.
 *
 * @param studyInstanceUid (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param modality (0008,0060), empty if absent
 * @param seriesNumber (0020,0011), or {@code null} if absent
 * @param instanceCount number of instances, or {@link StudyDescriptor#UNKNOWN}
 */
public record SeriesDescriptor(
        String studyInstanceUid, String seriesInstanceUid, String modality, Integer seriesNumber, int instanceCount) {
    public SeriesDescriptor {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        modality = modality == null ? "" : modality.strip();
        if (instanceCount < StudyDescriptor.UNKNOWN) {
            throw new IllegalArgumentException("instanceCount must be >= 0 or UNKNOWN for series " + seriesInstanceUid);
        }
    }
}
