package dev.ferry.core.internal;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ItemRef;
import dev.ferry.api.MigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.RetrieveResult;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VerificationResult;
import dev.ferry.core.StudyOutcome;
import dev.ferry.core.state.InstanceRecord;
import dev.ferry.core.state.LeaseLostException;
import dev.ferry.core.state.StudyLease;
import dev.ferry.spi.EvidenceTap;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one leased study: describe it at the source, resolve its identity, retrieve what
 * the destination does not hold yet, coerce and store each instance (recording it at once, so a
 * retry or a resume never stores it twice), check that every instance the source listed arrived,
 * verify, and end the study as DONE, back to PENDING with a back-off, or in the exception list.
 *
 * <p>A failure of one instance that will not go away by trying again (refused, corrupt, rejected by
 * a coercer) becomes an exception for that instance while the others go on; the study then ends in
 * the exception list with a summary, never silently incomplete.
 */
final class StudyJob {
    private static final Logger LOG = LoggerFactory.getLogger(StudyJob.class);

    private final EngineContext ctx;
    private final StudyLease lease;
    private final BooleanSupplier stopping;
    private final Custody custody;
    private final String uid;
    private final EvidenceTap tap;
    private final Set<TagPath> evidencePaths;
    private int stored;
    private long bytes;

    StudyJob(EngineContext ctx, StudyLease lease, BooleanSupplier stopping) {
        this.ctx = ctx;
        this.lease = lease;
        this.stopping = stopping;
        this.custody = new Custody(ctx.custodyLog(), ctx.clock(), "ferry:" + ctx.owner());
        this.uid = lease.studyInstanceUid();
        this.tap = Evidence.tapOf(ctx.plan().verifiers());
        this.evidencePaths = Evidence.pathsOf(ctx.plan().verifiers());
    }

    StudyOutcome run() {
        try {
            return migrate();
        } catch (LeaseLostException e) {
            LOG.warn("study {}: lease lost to another process; this attempt stops", uid);
            return outcome(StudyOutcome.Kind.LEASE_LOST, null);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return stopped();
        } catch (MigrationException e) {
            return e.isRetryable() ? retry(e.reason(), e.getMessage()) : fail(e.reason(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            if (stopping.getAsBoolean()) {
                return stopped();
            }
            return retry(ReasonCode.NETWORK, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("study {}: unexpected failure", uid, e);
            return fail(ReasonCode.INTERNAL, "unexpected " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private StudyOutcome migrate() throws IOException {
        ctx.listener().studyStarted(uid, lease.study().lane(), lease.study().attempts() + 1);
        Optional<StudyManifest> described = ctx.plan().source().describe(uid);
        if (described.isEmpty()) {
            return fail(ReasonCode.MISSING_INSTANCE, "the source no longer lists study " + uid);
        }
        StudyManifest manifest = described.get();
        if (manifest.instances().isEmpty()) {
            // Never DONE with nothing moved: a study without instances is an archive that could not
            // list them (an image-level query it does not answer), not an empty study.
            return fail(ReasonCode.MISSING_INSTANCE, "the source lists study " + uid
                    + " but no instance of it: its image-level query returned none");
        }
        ResolvedIdentity identity = new IdentityChain(ctx.plan().identityResolvers())
                .resolve(ctx.plan().source().name(), manifest.study());

        Set<String> done = new LinkedHashSet<>(ctx.store().storedInstances(ctx.migration(), uid));
        if (lease.resumed()) {
            adoptWhatTheDestinationHolds(done);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (InstanceDescriptor i : manifest.instances()) {
            if (!done.contains(i.sopInstanceUid())) {
                wanted.add(i.sopInstanceUid());
            }
        }
        List<Finding> permanent = new ArrayList<>();
        Finding transientFailure = null;
        if (!wanted.isEmpty()) {
            RetrieveRequest request = done.isEmpty() ? RetrieveRequest.study(uid) : RetrieveRequest.instances(uid, wanted);
            InstanceSink sink = new InstanceSink(manifest, identity, done, permanent);
            RetrieveResult result = ctx.plan().source().retrieve(request, sink::accept);
            for (Finding f : result.failures()) {
                String sop = f.item().sopInstanceUid();
                if (sop != null && done.contains(sop)) {
                    continue; // Reported failed, yet stored: a resend that succeeded.
                }
                if (f.reason().retryableByDefault()) {
                    transientFailure = transientFailure == null ? f : transientFailure;
                } else {
                    permanent.add(f);
                }
            }
        }
        if (stopping.getAsBoolean()) {
            return stopped();
        }
        if (transientFailure != null) {
            return retry(transientFailure.reason(), transientFailure.detail());
        }
        Set<String> accounted = new LinkedHashSet<>(done);
        permanent.forEach(f -> accounted.add(f.item().sopInstanceUid()));
        for (InstanceDescriptor i : manifest.instances()) {
            if (!accounted.contains(i.sopInstanceUid())) {
                permanent.add(new Finding(i.ref(), ReasonCode.MISSING_INSTANCE,
                        "the source listed the instance but did not deliver it, and reported no failure for it"));
            }
        }
        if (!permanent.isEmpty()) {
            for (Finding f : permanent) {
                ctx.store().raiseException(ctx.migration(), ctx.owner(), uid, f.item().sopInstanceUid(), f.reason(),
                        f.detail(), false, ctx.clock().instant());
            }
            return fail(permanent.get(0).reason(), permanent.size() + " of " + manifest.instanceCount()
                    + " instances could not be migrated (first: " + permanent.get(0).reason() + ")");
        }
        List<Finding> inconclusive = verify(manifest, identity);
        ctx.store().complete(ctx.migration(), ctx.owner(), uid, ctx.clock().instant());
        for (Finding f : inconclusive) {
            ctx.store().raiseException(ctx.migration(), ctx.owner(), uid, f.item().sopInstanceUid(), f.reason(),
                    f.detail(), false, ctx.clock().instant());
        }
        return outcome(StudyOutcome.Kind.DONE, null);
    }

    /**
     * On a retry or after a crash, the destination may hold instances this store has no record of
     * (stored just before the process died): record them instead of storing them again.
     */
    private void adoptWhatTheDestinationHolds(Set<String> done) throws IOException {
        Optional<StudyManifest> there = ctx.plan().destination().describe(uid);
        if (there.isEmpty()) {
            return;
        }
        for (InstanceDescriptor i : there.get().instances()) {
            if (done.add(i.sopInstanceUid())) {
                ctx.store().recordInstance(ctx.migration(), new InstanceRecord(uid, i.sopInstanceUid(),
                        StoreResult.Status.ALREADY_PRESENT, "held by the destination when the study was resumed",
                        null, 0, ctx.clock().instant()));
            }
        }
    }

    /**
     * Runs the plan's verifiers on the study, with the evidence recorded for every instance it holds
     * (this attempt's and earlier ones').
     */
    private List<Finding> verify(StudyManifest manifest, ResolvedIdentity identity) throws IOException {
        List<Finding> inconclusive = new ArrayList<>();
        if (ctx.plan().verifiers().isEmpty()) {
            return inconclusive;
        }
        Map<String, InstanceEvidence> evidence = Evidence.of(manifest, ctx.store().instances(ctx.migration(), uid));
        for (Verifier v : ctx.plan().verifiers()) {
            VerificationResult r = v.verify(new VerificationContext(manifest, identity, evidence,
                    ctx.plan().destination()));
            custody.record(CustodyEvent.Type.VERIFIED, ItemRef.study(uid),
                    Map.of("verifier", v.name(), "verdict", r.verdict().name(), "findings",
                            Integer.toString(r.findings().size())));
            switch (r.verdict()) {
                case PASSED -> { }
                case FAILED -> {
                    Finding first = r.findings().isEmpty() ? null : r.findings().get(0);
                    throw new dev.ferry.api.VerificationException(ReasonCode.VERIFICATION_FAILED, ItemRef.study(uid),
                            Verdicts.detail(v.name(), r.verdict(), first));
                }
                default -> {
                    if (r.findings().isEmpty()) {
                        inconclusive.add(new Finding(ItemRef.study(uid), ReasonCode.VERIFICATION_FAILED,
                                Verdicts.detail(v.name(), r.verdict(), null)));
                    }
                    for (Finding f : r.findings()) {
                        inconclusive.add(new Finding(f.item(), f.reason(), Verdicts.detail(v.name(), r.verdict(), f)));
                    }
                }
            }
        }
        return inconclusive;
    }

    private StudyOutcome retry(ReasonCode reason, String detail) {
        int attempt = lease.study().attempts() + 1;
        if (attempt >= ctx.plan().retry().maxAttempts()) {
            return fail(reason, "gave up after " + attempt + " attempts: " + detail);
        }
        Instant now = ctx.clock().instant();
        ctx.store().retryLater(ctx.migration(), ctx.owner(), uid, reason, detail,
                now.plus(ctx.plan().retry().backoff().delay(attempt)), now);
        LOG.info("study {}: attempt {} failed ({}), will retry", uid, attempt, reason);
        return outcome(StudyOutcome.Kind.RETRY, reason);
    }

    private StudyOutcome fail(ReasonCode reason, String detail) {
        ctx.store().raiseException(ctx.migration(), ctx.owner(), uid, null, reason, detail, true, ctx.clock().instant());
        try {
            custody.record(CustodyEvent.Type.EXCEPTION_RAISED, ItemRef.study(uid),
                    Map.of("reason", reason.name(), "detail", detail));
        } catch (MigrationException e) {
            LOG.error("study {}: the custody log refused the exception record", uid);
        }
        LOG.info("study {}: exception {}", uid, reason);
        return outcome(StudyOutcome.Kind.EXCEPTION, reason);
    }

    private StudyOutcome stopped() {
        try {
            ctx.store().release(ctx.migration(), ctx.owner(), uid, ctx.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("study {}: could not release the lease on stop; it lapses by itself", uid);
        }
        return outcome(StudyOutcome.Kind.STOPPED, null);
    }

    private StudyOutcome outcome(StudyOutcome.Kind kind, ReasonCode reason) {
        return new StudyOutcome(uid, kind, reason, stored, bytes);
    }

    /** Coerces and stores each instance the source delivers. */
    private final class InstanceSink {
        private final StudyManifest manifest;
        private final ResolvedIdentity identity;
        private final Set<String> done;
        private final List<Finding> permanent;

        InstanceSink(StudyManifest manifest, ResolvedIdentity identity, Set<String> done, List<Finding> permanent) {
            this.manifest = manifest;
            this.identity = identity;
            this.done = done;
            this.permanent = permanent;
        }

        void accept(DicomInstance instance) throws IOException {
            if (stopping.getAsBoolean()) {
                throw new InterruptedIOException("the migration is stopping");
            }
            InstanceDescriptor d = instance.descriptor();
            String sop = d.sopInstanceUid();
            if (done.contains(sop)) {
                return;
            }
            ItemRef ref = d.ref();
            // What the source had, before any coercion changes it.
            Map<TagPath, String> attributes = Evidence.capture(instance.header(), evidencePaths);
            List<TagChange> changes = new ArrayList<>(IdentityChain.stamp(instance.header(), identity,
                    ctx.plan().source().name(), ctx.clock()));
            CoercionContext cc = new CoercionContext(ctx.plan().source().name(), manifest.study(), d, identity);
            for (TagCoercer c : ctx.plan().coercers()) {
                CoercionOutcome o = c.coerce(instance.header(), cc);
                if (o instanceof CoercionOutcome.Rejected rej) {
                    permanent.add(new Finding(ref, rej.reason(), "coercer " + c.name() + " rejected: " + rej.detail()));
                    return;
                }
                changes.addAll(((CoercionOutcome.Applied) o).changes());
            }
            if (!changes.isEmpty()) {
                custody.record(CustodyEvent.Type.COERCED, ref, Custody.changes(changes));
            }
            EvidenceTap.Tapped tapped = tap == null ? null : tap.tap(instance.transferSyntaxUid(), instance.remainder());
            MeteredInputStream metered = new MeteredInputStream(tapped == null ? instance.remainder() : tapped.stream(),
                    ctx.bucket());
            // Not closed here: the archive that handed the instance over owns its stream and closes it.
            DicomInstance out = new DicomInstance(d, instance.header(), instance.transferSyntaxUid(), metered,
                    instance.remainderLength());
            StoreResult result;
            try {
                result = ctx.plan().destination().store(out);
            } catch (dev.ferry.api.PermanentMigrationException e) {
                permanent.add(new Finding(ref, e.reason(), e.getMessage()));
                return;
            }
            // A destination that already held the instance may not have read it: hash it all anyway.
            metered.transferTo(OutputStream.nullOutputStream());
            String sha = metered.sha256Hex();
            Digest pixelData = tapped == null ? null : tapped.pixelData().orElse(null);
            ctx.store().recordInstance(ctx.migration(), new InstanceRecord(uid, sop, result.status(), result.detail(),
                    sha, metered.count(), ctx.clock().instant(), instance.transferSyntaxUid(), pixelData, attributes));
            done.add(sop);
            stored++;
            bytes += metered.count();
            Map<String, String> retrieved = new LinkedHashMap<>();
            retrieved.put("source", ctx.plan().source().name());
            retrieved.put("sha256.remainder", sha);
            if (pixelData != null) {
                retrieved.put("pixelData", pixelData.toString());
            } else if (tapped != null && !tapped.note().isEmpty()) {
                retrieved.put("pixelData.note", tapped.note());
            }
            retrieved.put("transferSyntax", instance.transferSyntaxUid());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("sha256.remainder", sha);
            details.put("bytes", Long.toString(metered.count()));
            details.put("status", result.status().name());
            if (!result.detail().isEmpty()) {
                details.put("detail", result.detail());
            }
            details.put("destination", ctx.plan().destination().name());
            // Both records in one append: one transaction per instance on the custody log.
            custody.record(ref, CustodyEvent.Type.RETRIEVED, retrieved, CustodyEvent.Type.STORED, details);
            ctx.metrics().instance(metered.count());
            ctx.listener().instanceStored(uid, sop, metered.count());
        }
    }
}
