package dev.ferry.api;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an archive says about one study at the study level (a C-FIND or QIDO-RS study match, or an
 * index of files): the unit Ferry schedules, moves, verifies and reports on.
 *
 * @param studyInstanceUid (0020,000D), never empty
 * @param patient (0010,0020)/(0010,0021); {@code null} when the archive returned no Patient ID
 * @param demographics name, birth date and sex as written; {@link Demographics#UNKNOWN} if absent
 * @param accession (0008,0050) and its issuer; {@link Accession#NONE} if absent
 * @param studyDate (0008,0020), {@code null} if absent or unparseable
 * @param studyTime (0008,0030), {@code null} if absent or unparseable
 * @param modalities Modalities in Study (0008,0061), upper case, sorted; empty if unknown
 * @param seriesCount number of series, or {@link #UNKNOWN}
 * @param instanceCount number of instances, or {@link #UNKNOWN}
 * @param sizeBytes total size of the study's objects in bytes, or {@link #UNKNOWN}
 */
public record StudyDescriptor(
        String studyInstanceUid,
        PatientIdentity patient,
        Demographics demographics,
        Accession accession,
        LocalDate studyDate,
        LocalTime studyTime,
        Set<String> modalities,
        int seriesCount,
        int instanceCount,
        long sizeBytes) {

    /** A count or size the archive did not report. */
    public static final int UNKNOWN = -1;

    public StudyDescriptor {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        if (studyInstanceUid.isBlank()) {
            throw new IllegalArgumentException("studyInstanceUid is empty");
        }
        demographics = demographics == null ? Demographics.UNKNOWN : demographics;
        accession = accession == null ? Accession.NONE : accession;
        TreeSet<String> m = new TreeSet<>();
        if (modalities != null) {
            for (String s : modalities) {
                if (s != null && !s.isBlank()) {
                    m.add(s.strip().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
        modalities = Set.copyOf(m);
        if (seriesCount < UNKNOWN || instanceCount < UNKNOWN || sizeBytes < UNKNOWN) {
            throw new IllegalArgumentException("counts must be >= 0 or UNKNOWN for study " + studyInstanceUid);
        }
    }

    /** A descriptor with only the UID known. */
    public static StudyDescriptor ofUid(String studyInstanceUid) {
        return new StudyDescriptor(studyInstanceUid, null, null, null, null, null, Set.of(),
                UNKNOWN, UNKNOWN, UNKNOWN);
    }

    public StudyDescriptor withCounts(int series, int instances, long bytes) {
        return new StudyDescriptor(studyInstanceUid, patient, demographics, accession, studyDate, studyTime,
                modalities, series, instances, bytes);
    }

    public ItemRef ref() {
        return ItemRef.study(studyInstanceUid);
    }

    /** Prints UIDs, date, modalities and counts; patient and accession are redacted. */
    @Override
    public String toString() {
        return "StudyDescriptor[" + studyInstanceUid + ", patient=" + patient + ", accession=" + accession
                + ", date=" + studyDate + ", modalities=" + new TreeSet<>(modalities) + ", series=" + seriesCount
                + ", instances=" + instanceCount + ", bytes=" + sizeBytes + "]";
    }
}
