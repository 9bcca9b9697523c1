package dev.ferry.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ChainVerification;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.state.Sweep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the package says about one migration, gathered from the state store in one pass over each of
 * its tables; the JSON document and the HTML page are both written from it. Holds sums, the exception
 * list and the saved phase reports, never one entry per study or instance. Not thread-safe.
 */
final class Facts {
    final String migration;

    /** The newest time anything in the state records: the package's date. {@code null} for an empty state. */
    Instant newest;

    // --- studies, as the studies stream past
    final Map<StudyState, Long> studiesByState = new EnumMap<>(StudyState.class);
    long studies;
    /** Instances the source listed, over the studies whose count it reported. */
    long instancesAtSource;
    long studiesWithUnknownCount;
    /** DONE studies with fewer instance records than the source listed. */
    long doneStudiesShort;

    // --- instance records, as they stream past
    long instancesRecorded;
    long bytesRecorded;
    final Map<String, Long> instancesByStatus = new TreeMap<>();
    long instancesWithoutHash;
    long instancesWithPixelDigest;
    /** Instance records whose study the study stream did not have (none, unless the two orders disagree). */
    long unmatchedRecords;

    // --- the rest
    List<ExceptionRecord> exceptions = List.of();
    /** Operator actions by exception id, only for exceptions that have any. */
    final Map<Long, List<OperatorAction>> actions = new TreeMap<>();
    /** Saved phase reports by phase label, in phase order. */
    final Map<String, JsonNode> phases = new LinkedHashMap<>();
    List<Sweep> sweeps = List.of();
    List<dev.ferry.core.state.PrefetchRecord> prefetches = List.of();
    ChainVerification chain;
    /** SHA-256 of the files written so far, by name, in the order written. */
    final Map<String, String> files = new LinkedHashMap<>();

    Facts(String migration) {
        this.migration = migration;
        for (StudyState s : StudyState.values()) {
            studiesByState.put(s, 0L);
        }
    }

    void seen(Instant t) {
        if (t != null && (newest == null || t.isAfter(newest))) {
            newest = t;
        }
    }

    long studies(StudyState state) {
        return studiesByState.get(state);
    }

    /** Studies the legacy system still holds alone: neither DONE nor SKIPPED. */
    long onlyOnLegacy() {
        return studies - studies(StudyState.DONE) - studies(StudyState.SKIPPED);
    }

    long openExceptions() {
        return exceptions.stream().filter(e -> e.status() == ExceptionRecord.Status.OPEN).count();
    }

    Map<String, Long> exceptionsByStatus() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ExceptionRecord.Status s : ExceptionRecord.Status.values()) {
            m.put(s.name(), exceptions.stream().filter(e -> e.status() == s).count());
        }
        return m;
    }

    Map<String, Long> exceptionsByReason() {
        Map<String, Long> m = new TreeMap<>();
        exceptions.forEach(e -> m.merge(e.reason().name(), 1L, Long::sum));
        return m;
    }

    List<OperatorAction> actionsOf(ExceptionRecord e) {
        return actions.getOrDefault(e.id(), List.of());
    }

    /** Retirement readiness as the issue defines it: no study only on the legacy system, no open exception. */
    boolean retirementReady() {
        return studies > 0 && onlyOnLegacy() == 0 && openExceptions() == 0;
    }

    /** What stands between this state and signing the migration off, in words; empty when nothing does. */
    List<String> blockers() {
        List<String> b = new ArrayList<>();
        if (studies == 0) {
            b.add("no studies in the state store: run the inventory first");
        }
        if (onlyOnLegacy() > 0) {
            b.add(Format.count(onlyOnLegacy()) + " studies are only on the legacy system (not done, not skipped)");
        }
        if (openExceptions() > 0) {
            b.add(Format.count(openExceptions()) + " exceptions are open");
        }
        if (chain != null && !chain.intact()) {
            b.add("the chain of custody is broken");
        }
        if (!phases.containsKey("validation")) {
            b.add("the validation phase has not run");
        }
        if (doneStudiesShort > 0) {
            b.add(Format.count(doneStudiesShort) + " done studies have fewer instance records than the source listed");
        }
        if (unmatchedRecords > 0) {
            b.add(Format.count(unmatchedRecords) + " instance records could not be matched to a study");
        }
        return b;
    }

    /** A short sentence on what an exception's status means, for the reader of the package. */
    static String disposition(ExceptionRecord.Status status) {
        return switch (status) {
            case OPEN -> "open: waits for an operator";
            case RETRIED -> "retried by an operator: the study was queued again";
            case SKIPPED -> "skipped by an operator: the study will not be migrated";
            case RESOLVED -> "resolved by an operator: the study counts as done by override";
            case SUPERSEDED -> "superseded: a later attempt of the study succeeded";
        };
    }
}
