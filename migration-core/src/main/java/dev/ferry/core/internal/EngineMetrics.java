package dev.ferry.core.internal;

import dev.ferry.core.Lane;
import dev.ferry.core.StudyOutcome;
import dev.ferry.core.state.StateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's Micrometer meters, with bounded tags only (migration name, lane, outcome):
 * {@code ferry.studies} by outcome, {@code ferry.instances}, {@code ferry.bytes}, {@code ferry.queue}
 * (pending studies by lane), {@code ferry.delta.studies} (found by delta sweeps) and
 * {@code ferry.active} (studies worked on now). Rates (per second) come from the registry's
 * step or the reader of the counters.
 */
public final class EngineMetrics {
    private final MeterRegistry registry;
    private final String migration;
    private final Map<StudyOutcome.Kind, Counter> studies = new EnumMap<>(StudyOutcome.Kind.class);
    private final Counter instances;
    private final Counter bytes;
    private final Counter delta;
    private final Map<Lane, AtomicLong> queue = new EnumMap<>(Lane.class);
    private final AtomicLong active = new AtomicLong();

    public EngineMetrics(MeterRegistry registry, String migration) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
        this.migration = migration;
        for (StudyOutcome.Kind k : StudyOutcome.Kind.values()) {
            studies.put(k, Counter.builder("ferry.studies").tag("migration", migration)
                    .tag("outcome", k.name().toLowerCase(java.util.Locale.ROOT))
                    .description("study attempts by how they ended").register(this.registry));
        }
        instances = Counter.builder("ferry.instances").tag("migration", migration)
                .description("instances stored").register(this.registry);
        bytes = Counter.builder("ferry.bytes").tag("migration", migration).baseUnit("bytes")
                .description("bytes read from the source and stored").register(this.registry);
        delta = Counter.builder("ferry.delta.studies").tag("migration", migration)
                .description("studies found new or changed by delta sweeps").register(this.registry);
        for (Lane lane : Lane.values()) {
            AtomicLong depth = new AtomicLong();
            queue.put(lane, depth);
            Gauge.builder("ferry.queue", depth, AtomicLong::get).tag("migration", migration)
                    .tag("lane", lane.name().toLowerCase(java.util.Locale.ROOT))
                    .description("pending studies in the lane").register(this.registry);
        }
        Gauge.builder("ferry.active", active, AtomicLong::get).tag("migration", migration)
                .description("studies worked on now").register(this.registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void study(StudyOutcome outcome) {
        studies.get(outcome.kind()).increment();
    }

    void instance(long byteCount) {
        instances.increment();
        bytes.increment(byteCount);
    }

    void delta(long found) {
        delta.increment(found);
    }

    void active(int n) {
        active.set(n);
    }

    /** Refreshes the queue gauges from the store. */
    /**
     * {@link #queue} unless the gauges were refreshed less than {@code period} ago: the scheduler's
     * idle loop asks every few hundred milliseconds, and counting reads every study.
     */
    private volatile long queueRefreshedAt;

    void queueAtMostEvery(StateStore store, java.time.Duration period) {
        long now = System.nanoTime();
        long last = queueRefreshedAt;
        if (last != 0 && now - last < period.toNanos()) {
            return;
        }
        queue(store);
    }

    void queue(StateStore store) {
        queueRefreshedAt = System.nanoTime();
        Map<Lane, Long> pending = store.counts(migration).pendingByLane();
        for (Lane lane : Lane.values()) {
            queue.get(lane).set(pending.getOrDefault(lane, 0L));
        }
    }
}
