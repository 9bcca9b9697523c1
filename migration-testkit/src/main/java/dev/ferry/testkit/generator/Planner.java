package dev.ferry.testkit.generator;

import dev.ferry.testkit.TestInstances;
import dev.ferry.testkit.generator.Plan.AdtEvent;
import dev.ferry.testkit.generator.Plan.PatientPlan;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import dev.ferry.testkit.generator.Plan.StudyType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plans an archive from its settings: patients (some registered twice and merged later), their
 * studies over the ten years before {@code asOf}, the identity each study's headers carry (MRN and
 * accession variants, accession collisions), character sets, and which studies carry which faults.
 * Each decision draws from a random stream of its own ({@link Rng#of}), so the plan is a function of
 * the settings only.
 *
 * <p>Not thread-safe: one plan per instance.
 */
final class Planner {
    /** How many years of studies the main archive spans. */
    static final int YEARS = 10;
    /** Delta studies are dated within this many days from {@code asOf}. */
    static final int DELTA_DAYS = 30;
    private static final String[] ISSUERS = {"RIVERSIDE", "NORTHGATE"};

    private final GeneratorSettings settings;
    private final DirtProfile dirt;
    private final long seed;
    private final Plan plan = new Plan();
    private int patientCounter;
    private int mrnCounter;

    Planner(GeneratorSettings settings) {
        this.settings = settings;
        this.dirt = settings.dirt();
        this.seed = settings.seed();
    }

    Plan plan() {
        List<StudyPlan> main = planPatientsAndStudies();
        main.sort(Comparator.comparing(StudyPlan::dateTime).thenComparing(s -> s.key));
        List<StudyPlan> keyed = rekey(main, "ST", false);
        plan.studies.addAll(keyed);
        plan.studies.addAll(planDelta());
        for (StudyPlan s : plan.studies) {
            decideStudy(s);
        }
        planCollisions();
        planEvents();
        return plan;
    }

    // ---------------------------------------------------------------------------------------------
    // Patients and their studies

    private List<StudyPlan> planPatientsAndStudies() {
        Rng rng = Rng.of(seed, "patients");
        List<StudyPlan> studies = new ArrayList<>();
        LocalDate first = settings.asOf().minusYears(YEARS);
        int span = (int) ChronoUnit.DAYS.between(first, settings.asOf()) - 1;
        int remaining = settings.studies();
        while (remaining > 0) {
            PatientPlan p = newPatient(rng);
            boolean twice = rng.chance(dirt.duplicatePatients());
            int n = twice ? rng.between(2, 5) : 1 + rng.weighted(0.45, 0.30, 0.15, 0.10);
            n = Math.min(n, remaining);
            twice &= n >= 2;
            remaining -= n;
            List<LocalDateTime> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(first.plusDays(rng.nextInt(span)).atTime(rng.between(7, 19), rng.between(0, 59),
                        rng.between(0, 59)));
            }
            times.sort(Comparator.naturalOrder());
            PatientPlan dup = null;
            int split = n;
            if (twice) {
                split = rng.between(1, n - 1);
                dup = new PatientPlan(nextPatientKey(), nextMrn(rng), p.issuer, p.name, p.origin, p.birthDate, p.sex);
                dup.mergedInto = p.key;
                dup.registered = times.get(split).minusMinutes(rng.between(20, 300));
                LocalDateTime last = times.get(n - 1);
                LocalDateTime merge = last.plusDays(rng.between(1, 120)).withHour(rng.between(8, 17));
                LocalDateTime latest = settings.asOf().minusDays(1).atTime(23, 0);
                if (merge.isAfter(latest)) {
                    merge = last.plusMinutes(30).isAfter(latest) ? last.plusMinutes(30) : latest;
                }
                plan.events.add(new AdtEvent(merge, "A40", p, dup));
            }
            p.registered = times.get(0).minusDays(rng.between(0, 30)).withHour(rng.between(6, 7))
                    .withMinute(rng.between(0, 59));
            plan.patients.add(p);
            if (dup != null) {
                plan.patients.add(dup);
            }
            for (int i = 0; i < n; i++) {
                PatientPlan header = i < split ? p : dup;
                studies.add(new StudyPlan("tmp" + studies.size(), false, studyType(rng), header, p,
                        times.get(i).toLocalDate(), times.get(i).toLocalTime()));
            }
        }
        return studies;
    }

    private PatientPlan newPatient(Rng rng) {
        int o = rng.weighted(dirt.latin1() + dirt.undeclaredLatin1(), dirt.utf8(), dirt.japanese(), dirt.gb18030(),
                Math.max(0, 1 - dirt.latin1() - dirt.undeclaredLatin1() - dirt.utf8() - dirt.japanese() - dirt.gb18030()));
        Names.Origin origin = new Names.Origin[] {Names.Origin.LATIN1, Names.Origin.UTF8, Names.Origin.JAPANESE,
            Names.Origin.CHINESE, Names.Origin.ASCII}[o];
        LocalDate birth = LocalDate.of(1925, 1, 1).plusDays(rng.nextInt(95 * 365));
        String sex = rng.chance(0.01) ? "O" : rng.chance(0.5) ? "F" : "M";
        String issuer = rng.chance(0.9) ? ISSUERS[0] : ISSUERS[1];
        return new PatientPlan(nextPatientKey(), nextMrn(rng), issuer, Names.name(origin, rng), origin, birth, sex);
    }

    private String nextPatientKey() {
        return String.format(Locale.ROOT, "PT%05d", ++patientCounter);
    }

    /** A canonical MRN: 7 or more digits, no leading zero, unique. */
    private String nextMrn(Rng rng) {
        mrnCounter += rng.between(1, 37);
        return Long.toString(2_000_000L + mrnCounter);
    }

    private static StudyType studyType(Rng rng) {
        return StudyType.values()[rng.weighted(0.25, 0.15, 0.13, 0.09, 0.12, 0.14, 0.12)];
    }

    private List<StudyPlan> rekey(List<StudyPlan> studies, String prefix, boolean delta) {
        List<StudyPlan> out = new ArrayList<>(studies.size());
        for (int i = 0; i < studies.size(); i++) {
            StudyPlan s = studies.get(i);
            out.add(new StudyPlan(String.format(Locale.ROOT, "%s%06d", prefix, i + 1), delta, s.type, s.headerPatient,
                    s.survivingPatient, s.date, s.time));
        }
        return out;
    }

    /** Delta studies: surviving patients' new studies, dated from {@code asOf} on. */
    private List<StudyPlan> planDelta() {
        Rng rng = Rng.of(seed, "delta");
        List<PatientPlan> surviving = plan.patients.stream().filter(p -> p.mergedInto == null).toList();
        List<StudyPlan> delta = new ArrayList<>();
        for (int i = 0; i < settings.deltaStudies(); i++) {
            PatientPlan p = rng.pick(surviving);
            LocalDateTime at = settings.asOf().plusDays(rng.nextInt(DELTA_DAYS)).atTime(rng.between(7, 19),
                    rng.between(0, 59), rng.between(0, 59));
            delta.add(new StudyPlan("tmp" + i, true, studyType(rng), p, p, at.toLocalDate(), at.toLocalTime()));
        }
        delta.sort(Comparator.comparing(StudyPlan::dateTime).thenComparing(s -> s.key));
        return rekey(delta, "DS", true);
    }

    // ---------------------------------------------------------------------------------------------
    // Study-level decisions

    private void decideStudy(StudyPlan s) {
        Rng rng = Rng.of(seed, "study-dirt", s.key);
        s.studyUid = TestInstances.uid("ferry-generator", seed, "study", s.key);
        s.canonicalAccession = String.format(Locale.ROOT, "RAD%02d%06d", s.date.getYear() % 100,
                Math.floorMod(TestInstances.seedOf(seed, "accession", s.key), 1_000_000L));
        s.headerAccession = rng.chance(dirt.accessionVariants()) ? accessionVariant(s.canonicalAccession, rng)
                : s.canonicalAccession;
        String mrn = s.headerPatient.mrn;
        s.headerPatientId = rng.chance(dirt.mrnVariants()) ? mrnVariant(mrn, rng) : mrn;
        Names.Origin origin = s.headerPatient.origin;
        s.charsetActual = origin.charset;
        s.charsetDeclared = origin.charset;
        double latin1 = dirt.latin1() + dirt.undeclaredLatin1();
        if (origin == Names.Origin.LATIN1 && latin1 > 0 && rng.chance(dirt.undeclaredLatin1() / latin1)) {
            s.charsetDeclared = "";
        }
        s.emptyBodyPart = rng.chance(dirt.emptyBodyPart());
        s.vendor = Vendor.values()[rng.weighted(0.45, 0.35, 0.20)];
        s.implicitVr = rng.chance(dirt.implicitVr());
        s.corrupt = rng.chance(dirt.corruptStudies());
        s.junk = rng.chance(dirt.junkFiles());
        s.duplicate = rng.chance(dirt.duplicateObjects());
        s.privateTags = rng.chance(dirt.privateTags());
        s.standardDose = rng.chance(dirt.standardDoseTags());
    }

    /** Leading zeros, a prefix, a space or a lower-case prefix: what other systems made of the MRN. */
    static String mrnVariant(String mrn, Rng rng) {
        switch (rng.nextInt(5)) {
            case 0: return "00" + mrn;
            case 1: return "MRN" + mrn;
            case 2: return "RS-" + mrn;
            case 3: return mrn.substring(0, 4) + " " + mrn.substring(4);
            default: return "mrn" + mrn;
        }
    }

    /** Case, dashes, spaces, prefixes: what RIS upgrades and manual entry made of the accession. */
    static String accessionVariant(String acc, Rng rng) {
        switch (rng.nextInt(5)) {
            case 0: return acc.toLowerCase(Locale.ROOT);
            case 1: return acc.substring(0, 3) + "-" + acc.substring(3, 5) + "-" + acc.substring(5);
            case 2: return acc.substring(0, 3) + " " + acc.substring(3);
            case 3: return "ACC" + acc;
            default: return acc.substring(3);
        }
    }

    /**
     * Pairs of studies of different patients whose headers carry the same Accession Number: the
     * later study of a pair takes the earlier one's. About {@code accessionCollisions} of all studies
     * are in a pair.
     */
    private void planCollisions() {
        Rng rng = Rng.of(seed, "collisions");
        List<StudyPlan> studies = plan.studies;
        for (int i = 1; i < studies.size(); i++) {
            StudyPlan b = studies.get(i);
            if (!rng.chance(dirt.accessionCollisions() / 2) || !b.collisions.isEmpty()) {
                continue;
            }
            for (int attempt = 0; attempt < 8; attempt++) {
                StudyPlan a = studies.get(rng.nextInt(i));
                if (a.collisions.isEmpty() && a.survivingPatient != b.survivingPatient) {
                    b.headerAccession = a.headerAccession;
                    a.collisions.add(b);
                    b.collisions.add(a);
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The ADT history

    private void planEvents() {
        Rng rng = Rng.of(seed, "adt");
        for (PatientPlan p : plan.patients) {
            plan.events.add(new AdtEvent(p.registered, "A04", p, null));
            if (p.mergedInto == null && rng.chance(0.1)) {
                long days = Math.max(1, ChronoUnit.DAYS.between(p.registered.toLocalDate(), settings.asOf()) - 1);
                LocalDateTime at = p.registered.plusDays(1 + Math.floorMod(rng.nextLong(), days)).withHour(12);
                if (at.toLocalDate().isBefore(settings.asOf())) {
                    plan.events.add(new AdtEvent(at, "A08", p, null));
                }
            }
        }
        plan.events.sort(Comparator.comparing(AdtEvent::at).thenComparing(e -> e.patient().key)
                .thenComparing(AdtEvent::event));
    }
}
