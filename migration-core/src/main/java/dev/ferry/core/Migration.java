package dev.ferry.core;

import dev.ferry.api.PatientIdentity;
import dev.ferry.core.internal.EngineContext;
import dev.ferry.core.internal.EngineMetrics;
import dev.ferry.core.internal.Phases;
import dev.ferry.core.internal.SafeListener;
import dev.ferry.core.internal.Scheduler;
import dev.ferry.core.internal.TokenBucket;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StateCounts;
import dev.ferry.core.state.StateStore;
import dev.ferry.spi.CustodyLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A migration: a plan run against a state store, phase by phase. Every phase can be run alone and
 * again; each continues from what the store holds, so a migration stopped (or killed) at any point
 * resumes where it was, storing nothing twice. Several processes may run the same migration on one
 * shared store (PostgreSQL): they split the studies between them through leases.
 *
 * <pre>{@code
 * try (StateStore store = JdbcStateStore.openEmbedded(dir)) {
 *     Migration m = Migration.builder(plan, store).build();
 *     m.inventory();
 *     m.production();
 *     m.validation();
 *     System.out.println(m.readiness().toText());
 * }
 * }</pre>
 *
 * <p>Phases run one at a time per instance; {@link #stop()} may be called from any thread (a signal
 * handler) and makes a running phase finish early, giving its studies back.
 */
public final class Migration {
    private final MigrationPlan plan;
    private final StateStore store;
    private final EngineContext ctx;
    private final Phases phases;
    private final AtomicReference<Scheduler> current = new AtomicReference<>();
    private volatile boolean stopped;

    private Migration(Builder b) {
        this.plan = b.plan;
        this.store = b.store;
        String owner = b.owner != null ? b.owner : defaultOwner();
        TokenBucket bucket = plan.bandwidthBytesPerSecond() > 0 ? new TokenBucket(plan.bandwidthBytesPerSecond()) : null;
        store.ensureMigration(plan.name(), b.clock.instant());
        // Every instance moved gets its custody records: in the plan's log if it names one, else in
        // the state store's own hash chain for this migration.
        CustodyLog custody = plan.custodyLog().orElseGet(() -> store.custodyLog(plan.name()));
        this.ctx = new EngineContext(plan, store, owner, b.clock, new SafeListener(b.listener),
                new EngineMetrics(b.registry, plan.name()), bucket, custody);
        this.phases = new Phases(ctx);
    }

    public static Builder builder(MigrationPlan plan, StateStore store) {
        return new Builder(plan, store);
    }

    public MigrationPlan plan() {
        return plan;
    }

    /** The id this process leases studies under: host, process id and a random part. */
    public String owner() {
        return ctx.owner();
    }

    /** Sweeps the source over the plan's scope and records every study found. */
    public PhaseReport inventory() throws IOException {
        return phases.inventory(false, null);
    }

    /**
     * Sweeps the source again from a week before the last sweep's newest study date, and records what
     * is new or changed (a changed study that was done goes back to the queue).
     */
    public PhaseReport delta() throws IOException {
        return phases.inventory(true, null);
    }

    /** Over up to {@code studies} studies: what identity resolution and the coercers would change. Nothing is stored. */
    public PhaseReport dryRun(int studies) throws IOException {
        return phases.dryRun(studies);
    }

    /** Migrates the sample: the plan's number of days, plus one study of each modality those days miss. */
    public PhaseReport testMigration() throws InterruptedException {
        Set<String> sample = phases.chooseSample();
        return phases.runStudies(Phase.TEST_MIGRATION, sample, this::track);
    }

    /** Migrates every study in scope, by lane, until none is left or {@link #stop()} is called. */
    public PhaseReport production() throws InterruptedException {
        return phases.runStudies(Phase.PRODUCTION, null, this::track);
    }

    /** Compares the destination with the source for every done study. */
    public PhaseReport validation() throws IOException {
        return phases.validation(() -> stopped);
    }

    /** The KPIs against their targets, and what stands between this migration and retiring the legacy archive. */
    public PhaseReport readiness() {
        return phases.readiness();
    }

    /**
     * Moves every pending study of a patient to the PREFETCH lane, ahead of everything else (the
     * patient is coming: an order, an appointment, an admission).
     *
     * @return how many studies moved
     */
    public int prefetch(PatientIdentity patient) {
        return prefetch(patient, "API").studies();
    }

    /**
     * The same, recorded as a pre-fetch request so that the time until the patient's priors are all on
     * the destination is measured (the proof package's priors pre-fetch latency).
     *
     * @param trigger what asked, without patient data (e.g. "HL7 ADT^A04 control ID 123")
     * @return the request: how many studies it waits for
     */
    public dev.ferry.core.state.PrefetchRecord prefetch(PatientIdentity patient, String trigger) {
        return store.requestPrefetch(plan.name(), Objects.requireNonNull(patient, "patient"), Lane.PREFETCH,
                Objects.requireNonNull(trigger, "trigger"), ctx.clock().instant());
    }

    public StateCounts counts() {
        return store.counts(plan.name());
    }

    public List<ExceptionRecord> exceptions(Set<ExceptionRecord.Status> statuses) {
        return store.exceptions(plan.name(), statuses);
    }

    /** An operator's decision on an exception: retry, skip or resolve, with who and why. */
    public void act(long exceptionId, OperatorAction action) {
        store.act(plan.name(), exceptionId, action);
    }

    /** Makes the running phase finish early: studies in progress stop at their next instance. */
    public void stop() {
        stopped = true;
        Scheduler s = current.get();
        if (s != null) {
            s.stop();
        }
    }

    private void track(Scheduler s) {
        current.set(s);
        if (stopped && s != null) {
            s.stop();
        }
    }

    private static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        long pid = ProcessHandle.current().pid();
        String rnd = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
        return host + "/" + pid + "/" + rnd + "/" + ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Not thread-safe. */
    public static final class Builder {
        private final MigrationPlan plan;
        private final StateStore store;
        private String owner;
        private Clock clock = Clock.systemUTC();
        private MigrationListener listener = MigrationListener.NONE;
        private MeterRegistry registry;

        private Builder(MigrationPlan plan, StateStore store) {
            this.plan = Objects.requireNonNull(plan, "plan");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The lease owner id; by default host, process id and a random part, unique per process. */
        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(MigrationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where the engine's meters go; a private registry if not given. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Migration build() {
            if (owner != null && (owner.isBlank() || owner.length() > 200)) {
                throw new IllegalArgumentException("owner must be 1 to 200 characters");
            }
            return new Migration(this);
        }
    }
}
