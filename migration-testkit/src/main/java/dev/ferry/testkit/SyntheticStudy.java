package dev.ferry.testkit;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The recipe of one synthetic study: series of {@link SyntheticInstance}s sharing a patient, an
 * accession number, a date and a time, and the {@link #descriptor() descriptor} an archive holding it
 * must report. The expected values come from what was asked for, not from parsing the headers, so a
 * test comparing an archive's answer with them checks the archive's parsing too.
 *
 * <p>Immutable and thread-safe.
 */
public final class SyntheticStudy {
    private final StudyDescriptor descriptor;
    private final List<SeriesDescriptor> series;
    private final List<SyntheticInstance> instances;
    private final Map<String, SyntheticInstance> bySop;

    private SyntheticStudy(StudyDescriptor descriptor, List<SeriesDescriptor> series, List<SyntheticInstance> instances) {
        this.descriptor = descriptor;
        this.series = List.copyOf(series);
        this.instances = List.copyOf(instances);
        Map<String, SyntheticInstance> m = new LinkedHashMap<>();
        for (SyntheticInstance i : instances) {
            m.put(i.sopInstanceUid(), i);
        }
        this.bySop = Collections.unmodifiableMap(m);
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public String studyInstanceUid() {
        return descriptor.studyInstanceUid();
    }

    /**
     * The study as an archive holding exactly these instances must describe it: patient (null
     * without a Patient ID), demographics, accession, date (null when absent or malformed), time,
     * modalities and counts; the size is {@link StudyDescriptor#UNKNOWN} since it depends on the
     * archive's encoding.
     */
    public StudyDescriptor descriptor() {
        return descriptor;
    }

    /** The series, in order, with their modality, number and instance count. */
    public List<SeriesDescriptor> series() {
        return series;
    }

    public List<SyntheticInstance> instances() {
        return instances;
    }

    /** The SOP Instance UIDs, in order. */
    public Set<String> sopInstanceUids() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(bySop.keySet()));
    }

    /**
     * @throws IllegalArgumentException if the study has no such instance
     */
    public SyntheticInstance instance(String sopInstanceUid) {
        SyntheticInstance i = bySop.get(sopInstanceUid);
        if (i == null) {
            throw new IllegalArgumentException("study " + studyInstanceUid() + " has no instance " + sopInstanceUid);
        }
        return i;
    }

    /** Fresh instances, one per recipe; the caller closes them. */
    public List<DicomInstance> newInstances() {
        List<DicomInstance> out = new ArrayList<>(instances.size());
        for (SyntheticInstance i : instances) {
            out.add(i.newInstance());
        }
        return out;
    }

    /** The sum of the remainders' lengths. */
    public long remainderBytes() {
        long total = 0;
        for (SyntheticInstance i : instances) {
            total += i.remainderLength();
        }
        return total;
    }

    @Override
    public String toString() {
        return "SyntheticStudy[" + studyInstanceUid() + ", " + series.size() + " series, " + instances.size()
                + " instances]";
    }

    /**
     * Builds a {@link SyntheticStudy}. Defaults derive from the seed; {@code null} leaves an element
     * out. Without a {@link #series} call the study has one CT series of one instance. Not thread-safe.
     */
    public static final class Builder {
        private final long seed;
        private String patientId;
        private String issuer = "HOSP_A";
        private String patientName;
        private String birthDate = "19700101";
        private String sex;
        private String accession;
        private LocalDate studyDate = LocalDate.of(2024, 1, 15);
        private String rawStudyDate;
        private LocalTime studyTime = LocalTime.of(10, 15);
        private final List<Map.Entry<String, Integer>> seriesSpecs = new ArrayList<>();
        private int rows = -1;
        private int columns;
        private int frames;
        private final List<Consumer<SyntheticInstance.Builder>> customizers = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
            this.patientId = String.format("MRN%06d", Math.floorMod(seed, 1_000_000L));
            this.patientName = "SYNTHETIC^PATIENT^" + Long.toString(Math.floorMod(seed, 1_000_000L), 36).toUpperCase();
            this.sex = (seed & 1) == 0 ? "F" : "M";
            this.accession = String.format("ACC%07d", Math.floorMod(seed, 10_000_000L));
        }

        /** Patient ID and issuer; a {@code null} ID makes a study without a Patient ID. */
        public Builder patient(String id, String issuerOfPatientId) {
            this.patientId = id;
            this.issuer = issuerOfPatientId;
            return this;
        }

        public Builder patientName(String pn) {
            this.patientName = pn;
            return this;
        }

        public Builder birthDate(String da) {
            this.birthDate = da;
            return this;
        }

        public Builder sex(String cs) {
            this.sex = cs;
            return this;
        }

        public Builder accessionNumber(String sh) {
            this.accession = sh;
            return this;
        }

        /** The study date; {@code null} leaves Study Date out. */
        public Builder studyDate(LocalDate date) {
            this.studyDate = date;
            this.rawStudyDate = null;
            return this;
        }

        /**
         * A malformed Study Date written as given (e.g. {@code 20241345}); the expected descriptor's
         * date is {@code null}, as for an unparseable date. Only for malformed values.
         */
        public Builder malformedStudyDate(String text) {
            this.rawStudyDate = Objects.requireNonNull(text, "text");
            this.studyDate = null;
            return this;
        }

        public Builder studyTime(LocalTime time) {
            this.studyTime = time;
            return this;
        }

        /** Adds a series of {@code instances} instances of this modality. */
        public Builder series(String modality, int instances) {
            if (instances < 1) {
                throw new IllegalArgumentException("a series has at least one instance");
            }
            seriesSpecs.add(Map.entry(Objects.requireNonNull(modality, "modality"), instances));
            return this;
        }

        /** The geometry of every image (not SR) instance; see {@link SyntheticInstance.Builder#pixels}. */
        public Builder pixels(int rows, int columns, int frames) {
            this.rows = rows;
            this.columns = columns;
            this.frames = frames;
            return this;
        }

        /**
         * Applied to each instance's builder after the study's values, to add anything (private
         * elements, sequences). The expected {@link SyntheticStudy#descriptor()} does not follow
         * changes made here to study-level values.
         */
        public Builder eachInstance(Consumer<SyntheticInstance.Builder> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        public SyntheticStudy build() {
            List<Map.Entry<String, Integer>> specs = seriesSpecs.isEmpty() ? List.of(Map.entry("CT", 1)) : seriesSpecs;
            String studyUid = TestInstances.uid(seed, "study");
            String dateText = rawStudyDate != null ? rawStudyDate
                    : studyDate == null ? null : studyDate.format(DateTimeFormatter.BASIC_ISO_DATE);
            String timeText = studyTime == null ? null : studyTime.format(DateTimeFormatter.ofPattern("HHmmss"));
            List<SyntheticInstance> instances = new ArrayList<>();
            List<SeriesDescriptor> series = new ArrayList<>();
            Set<String> modalities = new TreeSet<>();
            for (int s = 0; s < specs.size(); s++) {
                String modality = specs.get(s).getKey();
                int count = specs.get(s).getValue();
                String seriesUid = TestInstances.uid(seed, "series", s);
                modalities.add(modality);
                series.add(new SeriesDescriptor(studyUid, seriesUid, modality, s + 1, count));
                for (int k = 0; k < count; k++) {
                    SyntheticInstance.Builder b = SyntheticInstance.builder(TestInstances.seedOf(seed, s, k))
                            .studyInstanceUid(studyUid)
                            .seriesInstanceUid(seriesUid)
                            .sopInstanceUid(TestInstances.uid(seed, "instance", s, k))
                            .modality(modality)
                            .seriesNumber(s + 1)
                            .instanceNumber(k + 1)
                            .seriesDescription(modality + " SERIES " + (s + 1))
                            .patient(patientId, issuer)
                            .patientName(patientName)
                            .birthDate(birthDate)
                            .sex(sex)
                            .accessionNumber(accession)
                            .studyDate(dateText)
                            .studyTime(timeText);
                    if (rows > 0 && !"SR".equals(modality)) {
                        b.pixels(rows, columns, frames);
                    }
                    for (Consumer<SyntheticInstance.Builder> c : customizers) {
                        c.accept(b);
                    }
                    instances.add(b.build());
                }
            }
            PatientIdentity patient = patientId == null || patientId.isBlank() ? null
                    : PatientIdentity.of(patientId, issuer);
            StudyDescriptor d = new StudyDescriptor(studyUid, patient, new Demographics(patientName, birthDate, sex),
                    Accession.of(accession), studyDate, studyTime, modalities, series.size(), instances.size(),
                    StudyDescriptor.UNKNOWN);
            return new SyntheticStudy(d, series, instances);
        }
    }
}
