package dev.ferry.testkit.memory;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Demographics;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives what an archive says about a study from the headers it holds, as a PACS answers a
 * study-level query: patient, demographics and accession from the first instance, modalities from
 * every series, counts and sizes from the instances. Dates and times are parsed leniently (legacy
 * separators accepted); a value that still does not parse is reported as {@code null}, never an
 * exception. Stateless and thread-safe.
 */
final class StudyFacts {
    private StudyFacts() {}

    /** The manifest of a study from its stored instances, in storage order; {@code instances} is not empty. */
    static StudyManifest manifest(String studyInstanceUid, List<StoredInstance> instances) {
        Map<String, List<StoredInstance>> bySeries = new LinkedHashMap<>();
        for (StoredInstance i : instances) {
            bySeries.computeIfAbsent(i.descriptor().seriesInstanceUid(), k -> new ArrayList<>()).add(i);
        }
        List<SeriesDescriptor> series = new ArrayList<>();
        Set<String> modalities = new TreeSet<>();
        for (Map.Entry<String, List<StoredInstance>> e : bySeries.entrySet()) {
            Dataset first = e.getValue().get(0).header();
            String modality = first.getString(Tag.Modality, "");
            for (StoredInstance i : e.getValue()) {
                String m = i.header().getString(Tag.Modality, "");
                if (!m.isBlank()) {
                    modalities.add(m.strip());
                }
            }
            series.add(new SeriesDescriptor(studyInstanceUid, e.getKey(), modality, seriesNumber(first),
                    e.getValue().size()));
        }
        List<InstanceDescriptor> descriptors = new ArrayList<>(instances.size());
        long size = 0;
        for (StoredInstance i : instances) {
            descriptors.add(i.descriptor());
            size += i.descriptor().sizeBytes();
        }
        Dataset h = instances.get(0).header();
        StudyDescriptor study = new StudyDescriptor(studyInstanceUid, patient(h),
                new Demographics(h.getString(Tag.PatientName), h.getString(Tag.PatientBirthDate),
                        h.getString(Tag.PatientSex)),
                accession(h), parseDate(h.getString(Tag.StudyDate)), parseTime(h.getString(Tag.StudyTime)),
                modalities, series.size(), instances.size(), size);
        return new StudyManifest(study, series, descriptors);
    }

    private static PatientIdentity patient(Dataset h) {
        String id = h.getString(Tag.PatientID);
        if (id == null || id.isBlank()) {
            return null;
        }
        return PatientIdentity.of(id, h.getString(Tag.IssuerOfPatientID, "").strip());
    }

    private static Accession accession(Dataset h) {
        String issuer = "";
        Dataset.Sequence seq = h.getSequence(Tag.IssuerOfAccessionNumberSequence);
        if (seq != null && !seq.isEmpty()) {
            issuer = seq.get(0).getString(Tag.LocalNamespaceEntityID, "").strip();
        }
        return new Accession(h.getString(Tag.AccessionNumber, "").strip(), issuer);
    }

    private static Integer seriesNumber(Dataset h) {
        try {
            int n = h.getInt(Tag.SeriesNumber, Integer.MIN_VALUE);
            return n == Integer.MIN_VALUE ? null : n;
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** {@code YYYYMMDD}, or the ACR-NEMA {@code YYYY.MM.DD} and ISO {@code YYYY-MM-DD}; else {@code null}. */
    static LocalDate parseDate(String da) {
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

    /** {@code HH}, {@code HHMM}, {@code HHMMSS}, {@code HHMMSS.FFFFFF}, or {@code HH:MM:SS}; else {@code null}. */
    static LocalTime parseTime(String tm) {
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
