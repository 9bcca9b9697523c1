package dev.ferry.testkit.generator;

import dev.ferry.testkit.generator.GroundTruth.Study;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Turns a planned and built study into its ground-truth record. Thread-safe: static methods only. */
final class StudyTruth {
    private StudyTruth() {}

    static Study study(StudyPlan s, StudyBuilder.Built built, List<String> modalities, int seriesCount,
                       int instanceCount, long bytes, boolean migratable) {
        List<String> collisions = s.collisions.stream().map(c -> c.studyUid).toList();
        return new Study(s.key, s.studyUid, s.delta, s.folder(), s.headerPatient.key, s.survivingPatient.key,
                s.headerPatientId, s.headerPatient.issuer, s.survivingPatient.mrn, s.survivingPatient.issuer,
                s.headerAccession, s.canonicalAccession, collisions, s.date.format(DateTimeFormatter.BASIC_ISO_DATE),
                s.time.format(DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT)), built.studyDescription(),
                modalities, seriesCount, instanceCount, bytes,
                s.implicitVr ? "1.2.840.10008.1.2" : "1.2.840.10008.1.2.1", s.charsetDeclared, s.charsetActual,
                built.bodyPart(), s.vendor.manufacturer, s.vendor.model(s.type.name()), built.doses(), migratable);
    }
}
