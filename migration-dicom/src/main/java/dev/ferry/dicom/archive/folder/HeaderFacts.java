package dev.ferry.dicom.archive.folder;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Demographics;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;

/**
 * What a header says about its study and series, read leniently, as a PACS answers a study-level
 * query from the headers it holds: a value that does not parse (a Study Date of {@code 20241345})
 * becomes {@code null}, never an exception. Stateless and thread-safe.
 */
final class HeaderFacts {
    private HeaderFacts() {}

    /**
     * Study-level facts, from the first file of the study that was read.
     *
     * @param patient {@code null} when the header has no Patient ID
     * @param date {@code null} if absent or unparseable
     * @param time {@code null} if absent or unparseable
     */
    record Study(String studyInstanceUid, PatientIdentity patient, Demographics demographics, Accession accession,
                 LocalDate date, LocalTime time) {}

    /**
     * Series-level facts, from the first file of the series that was read.
     *
     * @param modality upper case, empty if absent
     * @param number {@code null} if absent or not a number
     */
    record Series(String seriesInstanceUid, String modality, Integer number) {}

    static Study study(String studyInstanceUid, Dataset h) {
        String id = text(h, Tag.PatientID);
        PatientIdentity patient = id.isEmpty() ? null : PatientIdentity.of(id, text(h, Tag.IssuerOfPatientID));
        Demographics demographics = new Demographics(text(h, Tag.PatientName), text(h, Tag.PatientBirthDate),
                text(h, Tag.PatientSex));
        return new Study(studyInstanceUid, patient, demographics, accession(h), date(h), time(h));
    }

    static Series series(String seriesInstanceUid, Dataset h) {
        return new Series(seriesInstanceUid, text(h, Tag.Modality).toUpperCase(Locale.ROOT), seriesNumber(h));
    }

    /**
     * A UID element's value without padding, also when a writer gave it VR UN (the bytes are still
     * the UID, padded with a NUL); "" if absent or not a plain value. Not checked against the UID
     * syntax: a folder holds what it holds, and a malformed UID still names its instance.
     */
    static String uid(Dataset ds, int tag) {
        int i = ds.indexOf(tag);
        if (i < 0 || ds.sequenceAt(i) != null || ds.fragmentsAt(i) != null) {
            return "";
        }
        String value = ds.vrAt(i).isText() ? ds.getString(tag, "")
                : new String(ds.encodedValueAt(i), StandardCharsets.US_ASCII);
        return value.replace("\0", "").strip();
    }

    private static String text(Dataset h, int tag) {
        int i = h.indexOf(tag);
        if (i < 0 || h.sequenceAt(i) != null || h.fragmentsAt(i) != null || !h.vrAt(i).isText()) {
            return "";
        }
        return h.getString(tag, "").strip();
    }

    private static Accession accession(Dataset h) {
        String issuer = "";
        Dataset.Sequence seq = h.getSequence(Tag.IssuerOfAccessionNumberSequence);
        if (seq != null && !seq.isEmpty()) {
            issuer = text(seq.get(0), Tag.LocalNamespaceEntityID);
        }
        return new Accession(text(h, Tag.AccessionNumber), issuer);
    }

    /** The Study Date, read leniently (see {@link dev.ferry.dicom.archive.Descriptors#date}). */
    private static LocalDate date(Dataset h) {
        return dev.ferry.dicom.archive.Descriptors.date(text(h, Tag.StudyDate));
    }

    private static LocalTime time(Dataset h) {
        if (text(h, Tag.StudyTime).isEmpty()) {
            return null;
        }
        try {
            return h.getTime(Tag.StudyTime);
        } catch (InvalidValueException e) {
            return null;
        }
    }

    private static Integer seriesNumber(Dataset h) {
        String v = text(h, Tag.SeriesNumber);
        try {
            return v.isEmpty() ? null : Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
