package dev.ferry.core.internal;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.DateRange;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ItemRef;
import dev.ferry.api.MigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.TagChange;
import dev.ferry.api.VerificationResult;
import dev.ferry.core.Phase;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.StudyOutcome;
import dev.ferry.core.Tier;
import dev.ferry.core.state.DiscoveredStudy;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.StateCounts;
import dev.ferry.core.state.StudyRecord;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.state.Sweep;
import dev.ferry.core.state.UpsertResult;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phases of {@link dev.ferry.core.Migration}, each leaving a {@link PhaseReport} in the state
 * store. Memory stays bounded whatever the archive's size: sweeps are written in batches, and
 * reports keep counts per modality, tier, year and reason, never per study.
 */
public final class Phases {
    private static final Logger LOG = LoggerFactory.getLogger(Phases.class);
    private static final int BATCH = 1000;
    /** How far before the newest study date of the last sweep a delta sweep starts. */
    static final Duration DELTA_OVERLAP = Duration.ofDays(7);

    private final EngineContext ctx;

    public Phases(EngineContext ctx) {
        this.ctx = ctx;
    }

    // ---- inventory and delta ------------------------------------------------------------------

    /**
     * Sweeps the source. As a delta, the sweep starts a week before the newest study date seen so
     * far, unless {@code range} says otherwise.
     */
    public PhaseReport inventory(boolean delta, DateRange range) throws IOException {
        Phase phase = delta ? Phase.DELTA : Phase.INVENTORY;
        Instant started = start(phase);
        StudyQuery scope = ctx.plan().scope();
        List<Sweep> sweeps = ctx.store().sweeps(ctx.migration());
        if (range != null) {
            scope = scope.withDates(range);
        } else if (delta) {
            LocalDate newest = newestStudyDate();
            if (newest != null) {
                LocalDate from = newest.minusDays(DELTA_OVERLAP.toDays());
                DateRange d = scope.dates();
                if (d.from() == null || d.from().isBefore(from)) {
                    scope = scope.withDates(new DateRange(from, d.to()));
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(started, ctx.plan().zone());
        Tally tally = new Tally();
        List<DiscoveredStudy> batch = new ArrayList<>(BATCH);
        final StudyQuery q = scope;
        UpsertResult[] total = {UpsertResult.NONE};
        ctx.plan().source().query(q, s -> {
            if (!q.matches(s)) {
                tally.outOfScope++;
                return;
            }
            Tier tier = ctx.plan().tierOf(s.studyDate(), today);
            batch.add(new DiscoveredStudy(s, tier.name(), tier.lane(), ctx.plan().groupOf(s.modalities())));
            tally.add(s, tier.name());
            if (batch.size() >= BATCH) {
                total[0] = total[0].plus(queue(batch, phase));
                batch.clear();
                ctx.listener().studiesDiscovered(tally.studies);
            }
        });
        if (!batch.isEmpty()) {
            total[0] = total[0].plus(queue(batch, phase));
        }
        ctx.listener().studiesDiscovered(tally.studies);
        Instant finished = ctx.clock().instant();
        UpsertResult r = total[0];
        ctx.store().recordSweep(ctx.migration(), new Sweep(finished, q.dates().from(), r.added(), r.changed(),
                phase.label()));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("scope", q.toString());
        f.put("studiesFound", tally.studies);
        f.put("added", r.added());
        f.put("changed", r.changed());
        f.put("unchanged", r.unchanged());
        f.put("instances", tally.instances);
        f.put("instancesUnknownForStudies", tally.unknownInstances);
        f.put("bytes", tally.bytes);
        f.put("byModality", tally.byModality);
        f.put("byTier", tally.byTier);
        f.put("byYear", tally.byYear);
        f.put("undatedStudies", tally.undated);
        f.put("outOfScope", tally.outOfScope);
        List<String> notes = new ArrayList<>();
        if (delta) {
            ctx.metrics().delta(r.added() + r.changed());
            deltaRates(sweeps, r, finished, f, notes);
        }
        if (tally.undated > 0) {
            notes.add(tally.undated + " studies have no usable Study Date: they fall in the last tier and a "
                    + "date-bounded delta sweep cannot see them change");
        }
        if (r.changed() > 0) {
            notes.add(r.changed() + " known studies changed at the source; those already migrated were queued again");
        }
        return finish(phase, started, f, notes);
    }

    private LocalDate newestStudyDate() {
        LocalDate[] newest = {null};
        ctx.store().forEachStudy(ctx.migration(), Set.of(), s -> {
            if (s.studyDate() != null && (newest[0] == null || s.studyDate().isAfter(newest[0]))) {
                newest[0] = s.studyDate();
            }
        });
        return newest[0];
    }

    /** Delta accumulation against transfer: studies per hour found new since the last sweep, and done. */
    private void deltaRates(List<Sweep> before, UpsertResult r, Instant now, Map<String, Object> f, List<String> notes) {
        if (before.isEmpty()) {
            return;
        }
        Sweep last = before.get(before.size() - 1);
        double hours = Math.max(1e-9, Duration.between(last.at(), now).toMillis() / 3_600_000.0);
        double deltaPerHour = (r.added() + r.changed()) / hours;
        f.put("hoursSinceLastSweep", round(hours));
        f.put("deltaStudiesPerHour", round(deltaPerHour));
        Optional<String> production = ctx.store().report(ctx.migration(), Phase.PRODUCTION.label());
        production.ifPresent(json -> {
            double transfer = JsonFigures.number(json, "studiesPerHour");
            f.put("transferStudiesPerHour", round(transfer));
            if (transfer > 0 && deltaPerHour >= transfer) {
                notes.add("new studies arrive as fast as studies move (" + round(deltaPerHour) + " vs "
                        + round(transfer) + " per hour): the migration will never catch up at this rate");
            }
        });
    }

    /** Counts per modality, tier and year, bounded whatever the archive's size. */
    private static final class Tally {
        long studies;
        long instances;
        long unknownInstances;
        long bytes;
        long undated;
        long outOfScope;
        final Map<String, Long> byModality = new TreeMap<>();
        final Map<String, Long> byTier = new TreeMap<>();
        final Map<String, Long> byYear = new TreeMap<>();

        void add(StudyDescriptor s, String tier) {
            studies++;
            if (s.instanceCount() >= 0) {
                instances += s.instanceCount();
            } else {
                unknownInstances++;
            }
            if (s.sizeBytes() > 0) {
                bytes += s.sizeBytes();
            }
            if (s.modalities().isEmpty()) {
                byModality.merge("(none)", 1L, Long::sum);
            }
            for (String m : s.modalities()) {
                byModality.merge(m, 1L, Long::sum);
            }
            byTier.merge(tier, 1L, Long::sum);
            if (s.studyDate() == null) {
                undated++;
            } else {
                byYear.merge(Integer.toString(s.studyDate().getYear()), 1L, Long::sum);
            }
        }
    }

    // ---- dry run ------------------------------------------------------------------------------

    /** What identity resolution and the coercers would change over up to {@code limit} pending studies. */
    public PhaseReport dryRun(int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("dry run study count must be at least 1, not " + limit);
        }
        Instant started = start(Phase.DRY_RUN);
        List<String> uids = pick(limit, ctx.plan().sampleSeed());
        IdentityChain chain = new IdentityChain(ctx.plan().identityResolvers());
        Map<String, Long> changesByRuleAndTag = new TreeMap<>();
        Map<String, Long> refusals = new TreeMap<>();
        Map<String, Long> rejections = new TreeMap<>();
        long[] studies = {0};
        long[] instances = {0};
        long[] identityChanged = {0};
        long missing = 0;
        Map<String, Long> notExamined = new TreeMap<>();
        for (String uid : uids) {
            // A study the source fails to deliver (an aborted association, a corrupt object) is
            // counted by reason and the dry run goes on: it is a report, and production will retry
            // the study or put it on the exception list.
            DryRunStudy d = null;
            for (int attempt = 1; d == null; attempt++) {
                try {
                    d = dryRunStudy(uid, chain);
                } catch (IOException | MigrationException e) {
                    ReasonCode reason = e instanceof MigrationException me ? me.reason() : ReasonCode.NETWORK;
                    if (attempt < 2 && reason.retryableByDefault()) {
                        continue;
                    }
                    notExamined.merge(reason.name(), 1L, Long::sum);
                    LOG.info("migration {}: dry run could not examine study {}: {}", ctx.migration(),
                            uid, reason);
                    break;
                }
            }
            if (d == null) {
                continue;
            }
            if (d.missing) {
                missing++;
                continue;
            }
            studies[0]++;
            if (d.refusal != null) {
                refusals.merge(d.refusal, 1L, Long::sum);
                continue;
            }
            instances[0] += d.instances;
            d.rejections.forEach((k, v) -> rejections.merge(k, v, Long::sum));
            d.changes.forEach((k, v) -> changesByRuleAndTag.merge(k, v, Long::sum));
            if (d.identityChanged) {
                identityChanged[0]++;
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("studiesSampled", studies[0]);
        f.put("instancesExamined", instances[0]);
        f.put("studiesMissingAtSource", missing);
        f.put("studiesNotExamined", notExamined);
        f.put("studiesWithIdentityChanged", identityChanged[0]);
        f.put("identityRefusals", refusals);
        f.put("coercerRejections", rejections);
        f.put("changes", changesByRuleAndTag);
        List<String> notes = new ArrayList<>();
        notes.add("nothing was stored: this report shows what production would change");
        return finish(Phase.DRY_RUN, started, f, notes);
    }

    /** What the dry run saw of one study. */
    private static final class DryRunStudy {
        boolean missing;
        String refusal;
        long instances;
        boolean identityChanged;
        final Map<String, Long> rejections = new TreeMap<>();
        final Map<String, Long> changes = new TreeMap<>();
    }

    /** Describes and reads one study as production would, changing nothing. */
    private DryRunStudy dryRunStudy(String uid, IdentityChain chain) throws IOException {
        DryRunStudy d = new DryRunStudy();
        Optional<StudyManifest> m = ctx.plan().source().describe(uid);
        if (m.isEmpty()) {
            d.missing = true;
            return d;
        }
        ResolvedIdentity identity;
        try {
            identity = chain.resolve(ctx.plan().source().name(), m.get().study());
        } catch (MigrationException e) {
            if (e.reason().retryableByDefault()) {
                throw e;
            }
            d.refusal = e.reason().name();
            return d;
        }
        ctx.plan().source().retrieve(RetrieveRequest.study(uid), instance -> {
            d.instances++;
            List<TagChange> changes = new ArrayList<>(IdentityChain.stamp(instance.header(), identity,
                    ctx.plan().source().name(), ctx.clock()));
            d.identityChanged |= !changes.isEmpty();
            CoercionContext cc = new CoercionContext(ctx.plan().source().name(), m.get().study(),
                    instance.descriptor(), identity);
            for (TagCoercer c : ctx.plan().coercers()) {
                CoercionOutcome o = c.coerce(instance.header(), cc);
                if (o instanceof CoercionOutcome.Rejected rej) {
                    d.rejections.merge(c.name() + ": " + rej.reason(), 1L, Long::sum);
                    return;
                }
                changes.addAll(((CoercionOutcome.Applied) o).changes());
            }
            for (TagChange ch : changes) {
                d.changes.merge(ch.rule() + " " + ch.kind() + " " + ch.path(), 1L, Long::sum);
            }
        });
        return d;
    }

    /** Up to {@code n} pending studies, chosen evenly by a seeded shuffle of their UIDs' hashes. */
    private List<String> pick(int n, long seed) {
        TreeMap<Long, String> byKey = new TreeMap<>();
        ctx.store().forEachStudy(ctx.migration(), Set.of(StudyState.PENDING), s -> {
            long key = mix(s.studyInstanceUid().hashCode() ^ seed);
            byKey.put(key, s.studyInstanceUid());
            if (byKey.size() > n) {
                byKey.pollLastEntry();
            }
        });
        return new ArrayList<>(byKey.values());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    // ---- test migration and production --------------------------------------------------------

    /**
     * The test migration's sample: every study of {@code sampleDays} days chosen at random (seeded)
     * among the days with studies, plus, for each modality those days miss, one study of it. Marked
     * in the store, so that a resumed test migration works on the same sample.
     */
    public Set<String> chooseSample() {
        Set<String> already = new LinkedHashSet<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        Map<String, String> oneOfModality = new TreeMap<>();
        ctx.store().forEachStudy(ctx.migration(), Set.of(), s -> {
            if (s.sample()) {
                already.add(s.studyInstanceUid());
            }
            if (s.studyDate() != null) {
                days.add(s.studyDate());
            }
            for (String m : s.modalities()) {
                oneOfModality.putIfAbsent(m, s.studyInstanceUid());
            }
        });
        if (!already.isEmpty()) {
            return already;
        }
        List<LocalDate> all = new ArrayList<>(days);
        java.util.Collections.shuffle(all, new Random(ctx.plan().sampleSeed()));
        Set<LocalDate> chosen = new HashSet<>(all.subList(0, Math.min(ctx.plan().sampleDays(), all.size())));
        Set<String> sample = new LinkedHashSet<>();
        Set<String> covered = new HashSet<>();
        ctx.store().forEachStudy(ctx.migration(), Set.of(), s -> {
            if (s.studyDate() != null && chosen.contains(s.studyDate())) {
                sample.add(s.studyInstanceUid());
                covered.addAll(s.modalities());
            }
        });
        oneOfModality.forEach((modality, uid) -> {
            if (!covered.contains(modality)) {
                sample.add(uid);
            }
        });
        ctx.store().markSample(ctx.migration(), sample);
        return sample;
    }

    /** Runs the scheduler over the sample (test migration) or everything (production). */
    public PhaseReport runStudies(Phase phase, Set<String> sample, Consumer<Scheduler> track)
            throws InterruptedException {
        Instant started = start(phase);
        Scheduler scheduler = new Scheduler(ctx);
        track.accept(scheduler);
        Scheduler.Summary s;
        try {
            s = scheduler.run(sample);
        } finally {
            track.accept(null);
        }
        Instant finished = ctx.clock().instant();
        double seconds = Math.max(1e-3, Duration.between(started, finished).toMillis() / 1000.0);
        int done = s.outcomes().getOrDefault(StudyOutcome.Kind.DONE, 0);
        int failed = s.outcomes().getOrDefault(StudyOutcome.Kind.EXCEPTION, 0);
        Map<String, Object> f = new LinkedHashMap<>();
        if (sample != null) {
            f.put("sampleStudies", sample.size());
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        s.outcomes().forEach((k, v) -> outcomes.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        f.put("attempts", outcomes);
        f.put("instancesStored", s.instancesStored());
        f.put("bytesStored", s.bytesStored());
        f.put("studiesPerHour", round(done * 3600.0 / seconds));
        f.put("instancesPerSecond", round(s.instancesStored() / seconds));
        f.put("megabytesPerSecond", round(s.bytesStored() / seconds / 1e6));
        f.put("studyErrorRate", done + failed == 0 ? 0.0 : round((double) failed / (done + failed)));
        f.put("lanePauses", s.lanePauses());
        StateCounts c = ctx.store().counts(ctx.migration());
        f.put("state", stateFigures(c));
        f.put("openExceptionsByReason", openByReason());
        List<String> notes = new ArrayList<>();
        if (s.stopped()) {
            notes.add("stopped before the end: run it again to continue where it stopped");
        }
        if (s.lanePauses() > 0) {
            notes.add("the circuit breaker paused a lane " + s.lanePauses()
                    + " times: see the migration-wide entries of the exception list");
        }
        if (c.openExceptions() > 0) {
            notes.add(c.openExceptions() + " open exceptions wait for an operator (retry, skip or resolve)");
        }
        return finish(phase, started, f, notes);
    }

    // ---- validation and readiness -------------------------------------------------------------

    /**
     * For every DONE study: the destination must hold every instance the source lists and every
     * instance recorded as stored, and each of the plan's verifiers must pass it, with the evidence
     * recorded when its instances left the source. A count shortfall or a FAILED verdict is an
     * exception (VERIFICATION_FAILED); an INCONCLUSIVE one (pixel data transcoded, say) is an open
     * exception too, since nobody has checked that study's pixels. An exception already open with the
     * same detail is not raised twice when validation runs again.
     */
    public PhaseReport validation(BooleanSupplier stop) throws IOException {
        Instant started = start(Phase.VALIDATION);
        Validation v = new Validation();
        List<String> notes = new ArrayList<>();
        // forEachStudy reads page by page, each in its own transaction: no cursor stays open across
        // the archives' network calls.
        try {
            ctx.store().forEachStudy(ctx.migration(), Set.of(StudyState.DONE), s -> {
                if (stop.getAsBoolean()) {
                    throw new Stopped();
                }
                try {
                    v.validate(s);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (Stopped e) {
            notes.add("stopped before every done study was validated");
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        long judged = v.passed + v.failed;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("studiesValidated", v.validated);
        f.put("passed", v.passed);
        f.put("failed", v.failed);
        f.put("inconclusive", v.inconclusive);
        f.put("passRate", judged == 0 ? 0.0 : round4((double) v.passed / judged));
        f.put("verifiers", v.byVerifier);
        f.put("byTier", v.byTier());
        if (ctx.plan().verifiers().isEmpty()) {
            notes.add("no verifiers in the plan: only instance counts were checked");
        }
        return finish(Phase.VALIDATION, started, f, notes);
    }

    /**
     * Records a batch of discovered studies in the state store and, on the custody log, a QUEUED
     * record for each study added and each that changed at the source (queued again).
     */
    private UpsertResult queue(List<DiscoveredStudy> batch, Phase phase) {
        UpsertResult r = ctx.store().upsertDiscovered(ctx.migration(), batch, ctx.clock().instant());
        Custody custody = new Custody(ctx.custodyLog(), ctx.clock(), "ferry:" + ctx.owner());
        custody.recordAll(CustodyEvent.Type.QUEUED, r.addedUids().stream().map(ItemRef::study).toList(),
                Map.of("source", ctx.plan().source().name(), "phase", phase.label()));
        custody.recordAll(CustodyEvent.Type.QUEUED, r.changedUids().stream().map(ItemRef::study).toList(),
                Map.of("source", ctx.plan().source().name(), "phase", phase.label(), "reason",
                        "changed at the source"));
        return r;
    }

    /** Ends a validation early when the migration is stopped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** One validation pass over the DONE studies. */
    private final class Validation {
        long validated;
        long passed;
        long failed;
        long inconclusive;
        final Map<String, Map<String, Long>> byVerifier = new TreeMap<>();
        /** Per tier (the batches a migration is planned in): passed, failed, inconclusive. */
        private final Map<String, long[]> tiers = new TreeMap<>();
        private final Set<String> open = new HashSet<>();
        private final IdentityChain chain = new IdentityChain(ctx.plan().identityResolvers());
        private final Custody custody = new Custody(ctx.custodyLog(), ctx.clock(), "ferry:" + ctx.owner());

        Validation() {
            for (ExceptionRecord e : ctx.store().exceptions(ctx.migration(), Set.of(ExceptionRecord.Status.OPEN))) {
                open.add(key(e.studyInstanceUid(), e.sopInstanceUid(), e.detail()));
            }
        }

        void validate(StudyRecord s) throws IOException {
            String uid = s.studyInstanceUid();
            Optional<StudyManifest> there = ctx.plan().destination().describe(uid);
            Optional<StudyManifest> here = ctx.plan().source().describe(uid);
            Set<String> expected = new LinkedHashSet<>(ctx.store().storedInstances(ctx.migration(), uid));
            here.ifPresent(m -> m.instances().forEach(i -> expected.add(i.sopInstanceUid())));
            Set<String> held = new HashSet<>();
            there.ifPresent(m -> m.instances().forEach(i -> held.add(i.sopInstanceUid())));
            int missing = 0;
            for (String sop : expected) {
                if (!held.contains(sop)) {
                    missing++;
                }
            }
            validated++;
            long[] tier = tiers.computeIfAbsent(s.tier() == null ? "" : s.tier(), k -> new long[3]);
            if (missing > 0) {
                raise(uid, null, "validation: the destination lacks " + missing + " of the " + expected.size()
                        + " instances of the study");
                failed++;
                tier[1]++;
                return;
            }
            if (here.isEmpty()) {
                inconclusive++; // the source no longer lists it: nothing to compare with
                tier[2]++;
                return;
            }
            switch (verify(here.get())) {
                case PASSED -> {
                    passed++;
                    tier[0]++;
                }
                case FAILED -> {
                    failed++;
                    tier[1]++;
                }
                default -> {
                    inconclusive++;
                    tier[2]++;
                }
            }
        }

        /** Each tier's counts and pass rate (passed over passed and failed). */
        Map<String, Map<String, Object>> byTier() {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            tiers.forEach((name, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("passed", c[0]);
                m.put("failed", c[1]);
                m.put("inconclusive", c[2]);
                m.put("passRate", c[0] + c[1] == 0 ? 0.0 : round4((double) c[0] / (c[0] + c[1])));
                out.put(name, m);
            });
            return out;
        }

        /** The plan's verifiers on one study; the worst verdict. */
        private VerificationResult.Verdict verify(StudyManifest manifest) throws IOException {
            VerificationResult.Verdict worst = VerificationResult.Verdict.PASSED;
            if (ctx.plan().verifiers().isEmpty()) {
                return worst;
            }
            String uid = manifest.study().studyInstanceUid();
            ResolvedIdentity identity = chain.resolve(ctx.plan().source().name(), manifest.study());
            Map<String, InstanceEvidence> evidence = Evidence.of(manifest, ctx.store().instances(ctx.migration(), uid));
            for (Verifier verifier : ctx.plan().verifiers()) {
                VerificationResult r = verifier.verify(new VerificationContext(manifest, identity, evidence,
                        ctx.plan().destination()));
                byVerifier.computeIfAbsent(verifier.name(), k -> new TreeMap<>())
                        .merge(r.verdict().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                custody.record(CustodyEvent.Type.VERIFIED, ItemRef.study(uid), Map.of("verifier", verifier.name(),
                        "verdict", r.verdict().name(), "findings", Integer.toString(r.findings().size()),
                        "phase", Phase.VALIDATION.label()));
                if (r.verdict() == VerificationResult.Verdict.PASSED) {
                    continue;
                }
                if (r.findings().isEmpty()) {
                    raise(uid, null, Verdicts.detail(verifier.name(), r.verdict(), null));
                }
                for (Finding finding : r.findings()) {
                    raise(uid, finding.item().sopInstanceUid(), Verdicts.detail(verifier.name(), r.verdict(), finding));
                }
                if (r.verdict() == VerificationResult.Verdict.FAILED) {
                    worst = VerificationResult.Verdict.FAILED;
                } else if (worst == VerificationResult.Verdict.PASSED) {
                    worst = VerificationResult.Verdict.INCONCLUSIVE;
                }
            }
            return worst;
        }

        private void raise(String uid, String sop, String detail) {
            if (open.add(key(uid, sop, detail))) {
                ctx.store().raiseException(ctx.migration(), ctx.owner(), uid, sop, ReasonCode.VERIFICATION_FAILED,
                        detail, false, ctx.clock().instant());
            }
        }

        private static String key(String study, String sop, String detail) {
            return study + "|" + sop + "|" + detail;
        }
    }

    /** The KPIs against their targets and what blocks retiring the legacy archive. */
    public PhaseReport readiness() {
        Instant started = start(Phase.READINESS);
        StateCounts c = ctx.store().counts(ctx.migration());
        long total = c.totalStudies();
        long done = c.studies(StudyState.DONE);
        long skipped = c.studies(StudyState.SKIPPED);
        long exceptions = c.studies(StudyState.EXCEPTION);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("state", stateFigures(c));
        f.put("studiesInScope", total);
        f.put("migratedShare", total == 0 ? 0.0 : round4((double) done / total));
        f.put("errorRate", done + exceptions == 0 ? 0.0 : round4((double) exceptions / (done + exceptions)));
        double passRate = ctx.store().report(ctx.migration(), Phase.VALIDATION.label())
                .map(j -> JsonFigures.number(j, "passRate")).orElse(-1.0);
        f.put("validationPassRate", passRate < 0 ? "not validated" : passRate);
        f.put("openExceptionsByReason", openByReason());
        List<String> blockers = new ArrayList<>();
        if (total == 0) {
            blockers.add("no inventory: run the inventory first");
        }
        if (c.studies(StudyState.PENDING) + c.studies(StudyState.IN_PROGRESS) > 0) {
            blockers.add((c.studies(StudyState.PENDING) + c.studies(StudyState.IN_PROGRESS))
                    + " studies are not migrated yet");
        }
        if (c.openExceptions() > 0) {
            blockers.add(c.openExceptions() + " exceptions are open");
        }
        if (passRate < 0) {
            blockers.add("validation has not run");
        } else if (passRate < 0.99) {
            blockers.add("the validation pass rate " + passRate + " is below the 0.99 target");
        }
        ctx.store().report(ctx.migration(), Phase.VALIDATION.label()).ifPresent(j -> {
            if (JsonFigures.number(j, "studiesValidated") < done) {
                blockers.add("studies were done after the last validation: validate again");
            }
        });
        f.put("ready", blockers.isEmpty());
        f.put("blockers", blockers);
        List<String> notes = new ArrayList<>();
        if (skipped > 0) {
            notes.add(skipped + " studies were skipped by an operator with a reason: the sign-off must accept them");
        }
        return finish(Phase.READINESS, started, f, notes);
    }

    // ---- shared -------------------------------------------------------------------------------

    private Map<String, Long> openByReason() {
        Map<String, Long> m = new TreeMap<>();
        for (ExceptionRecord e : ctx.store().exceptions(ctx.migration(), Set.of(ExceptionRecord.Status.OPEN))) {
            m.merge(e.reason().name(), 1L, Long::sum);
        }
        return m;
    }

    private static Map<String, Object> stateFigures(StateCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (StudyState s : StudyState.values()) {
            m.put(s.name().toLowerCase(java.util.Locale.ROOT), c.studies(s));
        }
        m.put("instancesStored", c.instancesStored());
        m.put("bytesStored", c.bytesStored());
        m.put("openExceptions", c.openExceptions());
        return m;
    }

    private Instant start(Phase phase) {
        ctx.listener().phaseStarted(ctx.migration(), phase);
        LOG.info("migration {}: {} starts", ctx.migration(), phase.label());
        return ctx.clock().instant();
    }

    private PhaseReport finish(Phase phase, Instant started, Map<String, Object> figures, List<String> notes) {
        PhaseReport report = new PhaseReport(ctx.migration(), phase, started, ctx.clock().instant(), figures, notes);
        ctx.store().saveReport(ctx.migration(), phase.label(), report.startedAt(), report.finishedAt(), report.toJson());
        ctx.metrics().queue(ctx.store());
        LOG.info("migration {}: {} finished in {} ms", ctx.migration(), phase.label(), report.duration().toMillis());
        ctx.listener().phaseFinished(report);
        return report;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    static LocalDate utcDate(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC);
    }
}
