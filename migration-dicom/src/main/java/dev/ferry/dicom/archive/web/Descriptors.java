package dev.ferry.dicom.archive.web;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Demographics;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;

/**
 * Descriptors from QIDO-RS results (PS3.18 10.6.3.3). Values the server leaves out, or sends in a
 * form that does not parse (a Study Date of {@code 20241345}), are unknown, never guessed. Stateless.
 */
final class Descriptors {
    /** What study-level searches ask for besides the defaults (PS3.18 table 10.6.3-3). */
    static final int[] STUDY_FIELDS = {Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber,
            Tag.IssuerOfAccessionNumberSequence, Tag.ModalitiesInStudy, Tag.PatientID, Tag.IssuerOfPatientID,
            Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances};
    static final int[] SERIES_FIELDS = {Tag.Modality, Tag.SeriesNumber, Tag.NumberOfSeriesRelatedInstances};
    static final int[] INSTANCE_FIELDS = {Tag.SOPClassUID, Tag.SeriesInstanceUID};

    private Descriptors() {}

    /**
     * @throws PermanentMigrationException if the result has no Study Instance UID: such a study
     *     could not be retrieved, and leaving it out silently would lose it
     */
    static StudyDescriptor study(Dataset ds) {
        String uid = uid(ds, Tag.StudyInstanceUID);
        if (uid == null) {
            throw new PermanentMigrationException(ReasonCode.INVALID_VALUE, ItemRef.NONE,
                    "a QIDO-RS study result has no Study Instance UID (0020,000D)");
        }
        String id = ds.getString(Tag.PatientID);
        PatientIdentity patient = id == null || id.isBlank() ? null
                : PatientIdentity.of(id, ds.getString(Tag.IssuerOfPatientID, ""));
        Demographics demographics = new Demographics(ds.getString(Tag.PatientName),
                ds.getString(Tag.PatientBirthDate), ds.getString(Tag.PatientSex));
        String accessionIssuer = "";
        Dataset.Sequence issuers = ds.getSequence(Tag.IssuerOfAccessionNumberSequence);
        if (issuers != null && !issuers.isEmpty() && issuers.get(0) != null) {
            accessionIssuer = issuers.get(0).getString(Tag.LocalNamespaceEntityID, "");
        }
        Accession accession = new Accession(ds.getString(Tag.AccessionNumber), accessionIssuer);
        return new StudyDescriptor(uid, patient, demographics, accession, date(ds), time(ds),
                Set.copyOf(ds.getStrings(Tag.ModalitiesInStudy).stream().filter(s -> !s.isBlank()).toList()),
                count(ds, Tag.NumberOfStudyRelatedSeries), count(ds, Tag.NumberOfStudyRelatedInstances),
                StudyDescriptor.UNKNOWN);
    }

    /** A series result, or {@code null} if it has no Series Instance UID. */
    static SeriesDescriptor series(String studyUid, Dataset ds, int instanceCount) {
        String uid = uid(ds, Tag.SeriesInstanceUID);
        if (uid == null) {
            return null;
        }
        int number = count(ds, Tag.SeriesNumber);
        return new SeriesDescriptor(studyUid, uid, ds.getString(Tag.Modality, ""),
                number == StudyDescriptor.UNKNOWN ? null : number, instanceCount);
    }

    /** An instance result, or {@code null} if it has no SOP Instance UID. */
    static InstanceDescriptor instance(String studyUid, String seriesUid, Dataset ds) {
        String sop = uid(ds, Tag.SOPInstanceUID);
        if (sop == null) {
            return null;
        }
        String sopClass = uid(ds, Tag.SOPClassUID);
        return new InstanceDescriptor(studyUid, seriesUid, sop, sopClass == null ? "" : sopClass,
                StudyDescriptor.UNKNOWN);
    }

    static String uid(Dataset ds, int tag) {
        String s = ds.getString(tag);
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(Dataset ds) {
        try {
            return ds.getDate(Tag.StudyDate);
        } catch (InvalidValueException | java.time.DateTimeException e) {
            return null;
        }
    }

    private static LocalTime time(Dataset ds) {
        try {
            return ds.getTime(Tag.StudyTime);
        } catch (InvalidValueException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** A non-negative IS value, or UNKNOWN if absent or not a count. */
    private static int count(Dataset ds, int tag) {
        try {
            long[] v = ds.getLongs(tag);
            return v.length == 0 || v[0] < 0 || v[0] > Integer.MAX_VALUE ? StudyDescriptor.UNKNOWN : (int) v[0];
        } catch (InvalidValueException | IllegalArgumentException e) {
            return StudyDescriptor.UNKNOWN;
        }
    }
}
