package dev.ferry.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.state.StudyState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The KPI table from the facts: the state store's counts and the figures the phases saved. */
final class Kpis {
    private Kpis() {}

    static List<Kpi> of(Facts f) {
        return List.of(studyErrorRate(f), transferVersusDelta(f), validationPassRate(f),
                priorsPrefetchLatency(f),
                doseRetention(f),
                retirementReadiness(f), migratedShare(f));
    }

    private static Kpi studyErrorRate(Facts f) {
        long done = f.studies(StudyState.DONE);
        long failed = f.studies(StudyState.EXCEPTION);
        String basis = "state store: studies in EXCEPTION over studies DONE or in EXCEPTION";
        if (done + failed == 0) {
            return Kpi.notMeasured("studyErrorRate", "Study error rate", basis + "; no study has finished");
        }
        double rate = (double) failed / (done + failed);
        return new Kpi("studyErrorRate", "Study error rate", Format.round4(rate), Format.percent(rate) + " ("
                + Format.count(failed) + " of " + Format.count(done + failed) + " finished studies)", basis);
    }

    private static Kpi transferVersusDelta(Facts f) {
        String key = "transferVersusDelta";
        String label = "Transfer rate vs delta accumulation rate";
        JsonNode production = f.phases.get("production");
        JsonNode delta = f.phases.get("delta");
        if (production == null || !production.path("figures").path("studiesPerHour").isNumber()) {
            return Kpi.notMeasured(key, label, "no production report with a transfer rate in the state store");
        }
        if (delta == null || !delta.path("figures").path("deltaStudiesPerHour").isNumber()) {
            return Kpi.notMeasured(key, label, "no delta sweep after an earlier sweep: the accumulation rate is unknown");
        }
        double transfer = production.path("figures").path("studiesPerHour").asDouble();
        double accumulation = delta.path("figures").path("deltaStudiesPerHour").asDouble();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("transferStudiesPerHour", transfer);
        value.put("deltaStudiesPerHour", accumulation);
        value.put("keepsUp", transfer > accumulation);
        String verdict = transfer > accumulation ? "transfer keeps ahead of new studies"
                : "new studies arrive as fast as studies move: the migration does not catch up";
        return new Kpi(key, label, value, Format.decimal(transfer) + " vs " + Format.decimal(accumulation)
                + " studies per hour: " + verdict,
                "the saved production report (studiesPerHour) and delta report (deltaStudiesPerHour)");
    }

    private static Kpi validationPassRate(Facts f) {
        JsonNode validation = f.phases.get("validation");
        String key = "validationPassRate";
        String label = "Validation pass rate";
        if (validation == null || !validation.path("figures").path("passRate").isNumber()) {
            return Kpi.notMeasured(key, label, "the validation phase has not run");
        }
        JsonNode figures = validation.path("figures");
        double rate = figures.path("passRate").asDouble();
        return new Kpi(key, label, rate, Format.percent(rate) + " (" + Format.count(figures.path("passed").asLong())
                + " passed, " + Format.count(figures.path("failed").asLong()) + " failed, "
                + Format.count(figures.path("inconclusive").asLong()) + " inconclusive of "
                + Format.count(figures.path("studiesValidated").asLong()) + " validated)",
                "the saved validation report, finished " + validation.path("finishedAt").asText("?"));
    }

    /** The pre-fetch target: a patient's priors on the destination within a minute of the request. */
    static final java.time.Duration PREFETCH_TARGET = java.time.Duration.ofSeconds(60);

    /**
     * From the state store's pre-fetch requests: for those whose studies have all arrived, the time
     * from the request to the last of them (median, 95th percentile, worst), against the one-minute
     * target; requests still waiting are counted, not guessed.
     */
    private static Kpi priorsPrefetchLatency(Facts f) {
        String key = "priorsPrefetchLatency";
        String label = "Priors pre-fetch latency";
        String basis = "state store: pre-fetch requests (HL7 events or API calls), from the request to the last of the"
                + " patient's studies DONE; target under " + PREFETCH_TARGET.toSeconds() + " s";
        if (f.prefetches.isEmpty()) {
            return Kpi.notMeasured(key, label, basis + "; no pre-fetch was requested");
        }
        List<Long> millis = new java.util.ArrayList<>();
        long waiting = 0;
        long blocked = 0;
        for (var p : f.prefetches) {
            if (p.latency().isPresent()) {
                millis.add(p.latency().get().toMillis());
            } else if (p.blocked() > 0) {
                blocked++;
            } else {
                waiting++;
            }
        }
        if (millis.isEmpty()) {
            return Kpi.notMeasured(key, label, basis + "; " + Format.count(waiting) + " requests still wait for studies, "
                    + Format.count(blocked) + " for studies on the exception list");
        }
        java.util.Collections.sort(millis);
        long median = millis.get((millis.size() - 1) / 2);
        long p95 = millis.get((int) Math.ceil(0.95 * millis.size()) - 1);
        long worst = millis.get(millis.size() - 1);
        long late = millis.stream().filter(ms -> ms > PREFETCH_TARGET.toMillis()).count();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("requests", f.prefetches.size());
        value.put("satisfied", millis.size());
        value.put("waiting", waiting);
        value.put("blockedByExceptions", blocked);
        value.put("medianSeconds", median / 1000.0);
        value.put("p95Seconds", p95 / 1000.0);
        value.put("maxSeconds", worst / 1000.0);
        value.put("overTarget", late);
        return new Kpi(key, label, value, String.format(java.util.Locale.ROOT,
                "median %.1f s, 95th percentile %.1f s, worst %.1f s over %s satisfied requests (%s over %d s, %s still"
                        + " waiting, %s blocked by exceptions)", median / 1000.0, p95 / 1000.0, worst / 1000.0,
                Format.count(millis.size()), Format.count(late), PREFETCH_TARGET.toSeconds(), Format.count(waiting),
                Format.count(blocked)), basis);
    }

    /**
     * From the last validation's verdicts of the dose-retention verifier: the share of validated
     * studies whose dose attributes and dose reports the destination kept (a study without dose data
     * passes: there was nothing to lose). Inconclusive studies count against it: nobody knows.
     */
    private static Kpi doseRetention(Facts f) {
        String key = "doseRetention";
        String label = "Dose retention";
        JsonNode validation = f.phases.get("validation");
        JsonNode dose = validation == null ? null : validation.path("figures").path("verifiers").get("dose-retention");
        if (dose == null || !dose.isObject()) {
            return Kpi.notMeasured(key, label, "the validation phase has not run the dose-retention verifier");
        }
        long passed = dose.path("passed").asLong();
        long failed = dose.path("failed").asLong();
        long inconclusive = dose.path("inconclusive").asLong();
        long all = passed + failed + inconclusive;
        if (all == 0) {
            return Kpi.notMeasured(key, label, "the dose-retention verifier judged no study");
        }
        double rate = (double) passed / all;
        return new Kpi(key, label, Format.round4(rate), Format.percent(rate) + " (" + Format.count(passed)
                + " kept, " + Format.count(failed) + " lost, " + Format.count(inconclusive) + " not decided, of "
                + Format.count(all) + " validated studies)",
                "the saved validation report's dose-retention verdicts (target 100%), finished "
                        + validation.path("finishedAt").asText("?"));
    }

    private static Kpi retirementReadiness(Facts f) {
        boolean ready = f.retirementReady();
        String text = (ready ? "ready: " : "not ready: ") + Format.count(f.onlyOnLegacy())
                + " studies only on the legacy system, " + Format.count(f.openExceptions()) + " open exceptions";
        return new Kpi("retirementReadiness", "Retirement readiness", ready, text,
                "state store: ready when no study is only on the legacy system (every study DONE or SKIPPED)"
                        + " and no exception is open");
    }

    private static Kpi migratedShare(Facts f) {
        String basis = "state store: studies DONE over studies in scope";
        if (f.studies == 0) {
            return Kpi.notMeasured("migratedShare", "Migrated share", basis + "; there are none");
        }
        double share = (double) f.studies(StudyState.DONE) / f.studies;
        return new Kpi("migratedShare", "Migrated share", Format.round4(share), Format.percent(share) + " ("
                + Format.count(f.studies(StudyState.DONE)) + " of " + Format.count(f.studies) + " studies)", basis);
    }
}
