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
        return dev.ferry.dicom.archive.Descriptors.date(da);
    }

    /** {@code HH}, {@code HHMM}, {@code HHMMSS}, {@code HHMMSS.FFFFFF}, or {@code HH:MM:SS}; else {@code null}. */
    static LocalTime parseTime(String tm) {
        return dev.ferry.dicom.archive.Descriptors.time(tm);
    }
}
