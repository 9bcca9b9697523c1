package dev.ferry.api;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which studies to list. Criteria combine with AND; an empty criterion matches everything. Build
 * with {@link #builder()}; {@link #ALL} lists the whole archive. {@link #matches(StudyDescriptor)}
 * is the normative meaning every {@code SourceArchive} must honour, whatever its query language.
 *
 * @param dates study date range (inclusive)
 * @param modalities a study matches if any of its modalities is listed
 * @param patient a study matches if its Patient ID equals this one's, and its issuer too when this
 *     one has an issuer; {@code null} for any patient
 * @param studyInstanceUids a study matches if its UID is listed; empty for any
 */
public record StudyQuery(DateRange dates, Set<String> modalities, PatientIdentity patient, Set<String> studyInstanceUids) {
    public static final StudyQuery ALL = new StudyQuery(DateRange.ALL, Set.of(), null, Set.of());

    public StudyQuery {
        dates = dates == null ? DateRange.ALL : dates;
        LinkedHashSet<String> m = new LinkedHashSet<>();
        for (String s : modalities == null ? Set.<String>of() : modalities) {
            m.add(s.strip().toUpperCase(Locale.ROOT));
        }
        modalities = Set.copyOf(m);
        studyInstanceUids = studyInstanceUids == null ? Set.of() : Set.copyOf(studyInstanceUids);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean matches(StudyDescriptor s) {
        if (!dates.contains(s.studyDate())) {
            return false;
        }
        if (!modalities.isEmpty() && s.modalities().stream().noneMatch(modalities::contains)) {
            return false;
        }
        if (patient != null) {
            PatientIdentity p = s.patient();
            if (p == null || !p.id().equals(patient.id()) || (patient.hasIssuer() && !patient.issuer().equals(p.issuer()))) {
                return false;
            }
        }
        return studyInstanceUids.isEmpty() || studyInstanceUids.contains(s.studyInstanceUid());
    }

    /** Narrows this query to a date range (used when splitting a capped query). */
    public StudyQuery withDates(DateRange range) {
        return new StudyQuery(range, modalities, patient, studyInstanceUids);
    }

    /** Redacts the patient. */
    @Override
    public String toString() {
        return "StudyQuery[dates=" + dates + ", modalities=" + modalities + ", patient=" + patient
                + ", studies=" + studyInstanceUids.size() + "]";
    }

    /** Builds a {@link StudyQuery}; not thread-safe. */
    public static final class Builder {
        private DateRange dates = DateRange.ALL;
        private final Set<String> modalities = new LinkedHashSet<>();
        private PatientIdentity patient;
        private final Set<String> studies = new LinkedHashSet<>();

        private Builder() {}

        public Builder dates(LocalDate from, LocalDate to) {
            this.dates = new DateRange(from, to);
            return this;
        }

        public Builder dates(DateRange range) {
            this.dates = Objects.requireNonNull(range, "dates");
            return this;
        }

        public Builder modality(String... values) {
            for (String v : values) {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("modality must not be empty");
                }
                modalities.add(v);
            }
            return this;
        }

        public Builder patient(PatientIdentity p) {
            this.patient = p;
            return this;
        }

        public Builder study(String... uids) {
            for (String u : uids) {
                studies.add(Objects.requireNonNull(u, "study uid"));
            }
            return this;
        }

        public StudyQuery build() {
            return new StudyQuery(dates, modalities, patient, studies);
        }
    }
}
