package dev.ferry.dicom.archive;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Demographics;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Descriptors read from a header or a query match (a C-FIND Identifier, a QIDO-RS result), leniently:
 * a value an archive wrote badly (a Study Date of {@code 20241345}, a count that is not a number)
 * becomes unknown, never a wrong value and never an exception, since one bad study must not stop an
 * inventory. Stateless and thread-safe.
 */
public final class Descriptors {
    private Descriptors() {}

    /**
     * A study as one match describes it; counts from Number of Study Related Series and Instances,
     * modalities from Modalities in Study (0008,0061), when present. The size is unknown.
     *
     * @return {@code null} if it has no Study Instance UID
     */
    public static StudyDescriptor study(Dataset ds) {
        String uid = text(ds, Tag.StudyInstanceUID);
        if (uid.isEmpty()) {
            return null;
        }
        Set<String> modalities = new TreeSet<>();
        if (ds.contains(Tag.ModalitiesInStudy)) {
            for (String m : ds.getStrings(Tag.ModalitiesInStudy)) {
                if (m != null && !m.isBlank()) {
                    modalities.add(m.strip());
                }
            }
        }
        return new StudyDescriptor(uid, patient(ds), demographics(ds), accession(ds), date(ds.getString(Tag.StudyDate)),
                time(ds.getString(Tag.StudyTime)), modalities, count(ds, Tag.NumberOfStudyRelatedSeries),
                count(ds, Tag.NumberOfStudyRelatedInstances), StudyDescriptor.UNKNOWN);
    }

    /** The same study with these modalities. */
    public static StudyDescriptor withModalities(StudyDescriptor s, Collection<String> modalities) {
        return new StudyDescriptor(s.studyInstanceUid(), s.patient(), s.demographics(), s.accession(), s.studyDate(),
                s.studyTime(), Set.copyOf(modalities), s.seriesCount(), s.instanceCount(), s.sizeBytes());
    }

    /** A series from a series-level match; {@code null} without a Series Instance UID. */
    public static SeriesDescriptor series(String studyInstanceUid, Dataset ds) {
        String uid = text(ds, Tag.SeriesInstanceUID);
        if (uid.isEmpty()) {
            return null;
        }
        Integer number = null;
        int n = count(ds, Tag.SeriesNumber);
        if (n != StudyDescriptor.UNKNOWN) {
            number = n;
        }
        return new SeriesDescriptor(studyInstanceUid, uid, text(ds, Tag.Modality), number,
                count(ds, Tag.NumberOfSeriesRelatedInstances));
    }

    /**
     * An instance from an image-level match; {@code null} if its series or instance UID is missing.
     * The SOP Class UID is empty when the archive does not return it (dcmtk's {@code dcmqrscp} does
     * not support it as a return key): an instance is never dropped for want of it.
     *
     * @param sizeBytes its size if known, else {@link StudyDescriptor#UNKNOWN}
     */
    public static InstanceDescriptor instance(String studyInstanceUid, Dataset ds, long sizeBytes) {
        String series = text(ds, Tag.SeriesInstanceUID);
        String sop = text(ds, Tag.SOPInstanceUID);
        String cls = text(ds, Tag.SOPClassUID);
        if (series.isEmpty() || sop.isEmpty()) {
            return null;
        }
        return new InstanceDescriptor(studyInstanceUid, series, sop, cls, sizeBytes);
    }

    /** Patient ID with Issuer of Patient ID; {@code null} without a Patient ID. */
    public static PatientIdentity patient(Dataset ds) {
        String id = text(ds, Tag.PatientID);
        return id.isEmpty() ? null : PatientIdentity.of(id, text(ds, Tag.IssuerOfPatientID));
    }

    private static Demographics demographics(Dataset ds) {
        return new Demographics(text(ds, Tag.PatientName), text(ds, Tag.PatientBirthDate), text(ds, Tag.PatientSex));
    }

    private static Accession accession(Dataset ds) {
        String issuer = "";
        Dataset.Sequence seq = ds.contains(Tag.IssuerOfAccessionNumberSequence)
                ? ds.getSequence(Tag.IssuerOfAccessionNumberSequence) : null;
        if (seq != null && !seq.isEmpty()) {
            issuer = text(seq.get(0), Tag.LocalNamespaceEntityID);
        }
        return new Accession(text(ds, Tag.AccessionNumber), issuer);
    }

    /** A value as text, stripped; "" if absent or not readable as text. */
    public static String text(Dataset ds, int tag) {
        try {
            String s = ds.getString(tag);
            return s == null ? "" : s.strip();
        } catch (InvalidValueException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    /** A non-negative count (IS), or {@link StudyDescriptor#UNKNOWN} if absent or not a number. */
    static int count(Dataset ds, int tag) {
        String s = text(ds, tag);
        if (s.isEmpty() || s.length() > 9) {
            return StudyDescriptor.UNKNOWN;
        }
        for (int i = s.charAt(0) == '+' ? 1 : 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return StudyDescriptor.UNKNOWN;
            }
        }
        return Integer.parseInt(s.charAt(0) == '+' ? s.substring(1) : s);
    }

    /**
     * {@code YYYYMMDD}, or the ACR-NEMA {@code YYYY.MM.DD} and ISO {@code YYYY-MM-DD} legacy exports
     * hold; {@code null} otherwise.
     */
    public static LocalDate date(String da) {
        if (da == null) {
            return null;
        }
        String s = da.strip();
        if (s.length() == 10 && (s.charAt(4) == '.' || s.charAt(4) == '-') && s.charAt(7) == s.charAt(4)) {
            s = s.substring(0, 4) + s.substring(5, 7) + s.substring(8);
        }
        if (s.length() != 8 || !digits(s)) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code HH}, {@code HHMM}, {@code HHMMSS[.F{1,6}]}, or {@code HH:MM:SS}; {@code null} otherwise. */
    public static LocalTime time(String tm) {
        if (tm == null) {
            return null;
        }
        String s = tm.strip();
        if (s.length() >= 8 && s.charAt(2) == ':' && s.charAt(5) == ':') {
            s = s.substring(0, 2) + s.substring(3, 5) + s.substring(6);
        }
        String fraction = "";
        int dot = s.indexOf('.');
        if (dot >= 0) {
            fraction = s.substring(dot + 1);
            s = s.substring(0, dot);
            if (s.length() != 6 || fraction.isEmpty() || fraction.length() > 6 || !digits(fraction)) {
                return null;
            }
        }
        if ((s.length() != 2 && s.length() != 4 && s.length() != 6) || !digits(s)) {
            return null;
        }
        try {
            int hour = Integer.parseInt(s.substring(0, 2));
            int minute = s.length() >= 4 ? Integer.parseInt(s.substring(2, 4)) : 0;
            int second = s.length() == 6 ? Integer.parseInt(s.substring(4, 6)) : 0;
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000;
            return LocalTime.of(hour, minute, second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
