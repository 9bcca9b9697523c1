package dev.ferry.testkit.generator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The archive as planned before any object is built: the patients with their registrations and
 * merges, every study with its identity, dates and the faults it carries, and the ADT events. Small
 * (no headers, no pixels), so the whole plan is held while studies are built and written one at a
 * time.
 *
 * <p>Not thread-safe: built by {@link Planner}, then only read.
 */
final class Plan {
    final List<PatientPlan> patients = new ArrayList<>();
    final List<StudyPlan> studies = new ArrayList<>();
    final List<AdtEvent> events = new ArrayList<>();

    /** A patient registration. */
    static final class PatientPlan {
        final String key;
        final String mrn;
        final String issuer;
        final String name;
        final Names.Origin origin;
        final LocalDate birthDate;
        final String sex;
        /** The surviving patient's key for a duplicate registration, else {@code null}. */
        String mergedInto;
        LocalDateTime registered;

        PatientPlan(String key, String mrn, String issuer, String name, Names.Origin origin, LocalDate birthDate,
                    String sex) {
            this.key = key;
            this.mrn = mrn;
            this.issuer = issuer;
            this.name = name;
            this.origin = origin;
            this.birthDate = birthDate;
            this.sex = sex;
        }

        @Override
        public String toString() {
            return "PatientPlan[" + key + "]";
        }
    }

    /** What kind of study: the modality mix of a hospital. */
    enum StudyType { CT, MR, CR, DX, US, MG, XA }

    /** A study, with every decision that is taken at study level. */
    static final class StudyPlan {
        final String key;
        final boolean delta;
        final StudyType type;
        final PatientPlan headerPatient;
        final PatientPlan survivingPatient;
        final LocalDate date;
        final LocalTime time;
        String studyUid;
        String canonicalAccession;
        String headerAccession;
        final List<StudyPlan> collisions = new ArrayList<>();
        String headerPatientId;
        String charsetDeclared;
        String charsetActual;
        boolean emptyBodyPart;
        Vendor vendor;
        boolean implicitVr;
        boolean corrupt;
        boolean junk;
        boolean duplicate;
        boolean privateTags;
        boolean standardDose;

        StudyPlan(String key, boolean delta, StudyType type, PatientPlan headerPatient, PatientPlan survivingPatient,
                  LocalDate date, LocalTime time) {
            this.key = key;
            this.delta = delta;
            this.type = type;
            this.headerPatient = headerPatient;
            this.survivingPatient = survivingPatient;
            this.date = date;
            this.time = time;
        }

        LocalDateTime dateTime() {
            return date.atTime(time);
        }

        /** The study's folder relative to the generated folder: opaque keys only, never patient data. */
        String folder() {
            return delta ? "delta/" + key : "archive/" + headerPatient.key + "/" + key;
        }

        @Override
        public String toString() {
            return "StudyPlan[" + key + "]";
        }
    }

    /** An ADT event of the history: A04 (register), A08 (update) or A40 (merge {@code merged} into {@code patient}). */
    record AdtEvent(LocalDateTime at, String event, PatientPlan patient, PatientPlan merged) {}
}
