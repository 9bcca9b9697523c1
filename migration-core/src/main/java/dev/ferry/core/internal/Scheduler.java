package dev.ferry.core.internal;

import dev.ferry.api.ReasonCode;
import dev.ferry.core.Lane;
import dev.ferry.core.StudyOutcome;
import dev.ferry.core.state.LeaseRequest;
import dev.ferry.core.state.StudyLease;
import dev.ferry.core.state.StudyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs studies until none is left to run: leases ready studies from the state store, highest lane
 * first, as many as the throttle window, the adaptive limit and the modality-group limits allow,
 * and works on each in a pool of worker threads while a keeper renews their leases. Each lane has
 * a circuit breaker that pauses it when too many of its studies fail for a systemic reason.
 *
 * <p>One thread (the caller of {@link #run}) makes every scheduling decision; workers only run
 * studies and report how they ended. {@link #stop} may be called from any thread.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    /** How often the idle loop refreshes the queue-depth gauges (counting reads every study). */
    private static final Duration QUEUE_GAUGE_PERIOD = Duration.ofSeconds(10);
    private static final Set<ReasonCode> STRAIN = EnumSet.of(ReasonCode.NETWORK, ReasonCode.TIMEOUT, ReasonCode.PEER_BUSY);

    /** What a run did. */
    public record Summary(Map<StudyOutcome.Kind, Integer> outcomes, int instancesStored, long bytesStored,
                          int lanePauses, boolean stopped) {}

    private record Running(StudyLease lease, AtomicBoolean lost) {}

    private final EngineContext ctx;
    private final ThrottleGate gate;
    private final AdaptiveLimit adaptive;
    private final Map<Lane, CircuitBreaker> breakers = new EnumMap<>(Lane.class);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final LinkedBlockingQueue<StudyOutcome> finished = new LinkedBlockingQueue<>();
    private final Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<StudyOutcome.Kind, Integer> outcomes = new EnumMap<>(StudyOutcome.Kind.class);
    private int instances;
    private long bytes;
    private int pauses;
    private boolean stoppedEarly;

    public Scheduler(EngineContext ctx) {
        this.ctx = ctx;
        this.gate = new ThrottleGate(ctx.plan());
        this.adaptive = new AdaptiveLimit(gate.ceiling());
        for (Lane lane : Lane.values()) {
            breakers.put(lane, new CircuitBreaker(ctx.plan().circuitBreaker()));
        }
    }

    /** Asks the run to finish: running studies stop at their next instance and give their leases back. */
    public void stop() {
        stopping.set(true);
    }

    /**
     * Runs until no study is ready or waiting for a retry, or until stopped.
     *
     * @param sample only these studies (the test migration's sample, marked as such in the store), or
     *     {@code null} for every study
     */
    public Summary run(Set<String> sample) throws InterruptedException {
        boolean sampleOnly = sample != null;
        ExecutorService workers = Executors.newFixedThreadPool(gate.ceiling(), threads("ferry-study"));
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(threads("ferry-lease"));
        long renewEvery = Math.max(1000, ctx.plan().leaseDuration().toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        try {
            loop(workers, sample);
        } finally {
            stopping.set(true);
            // Never interrupt: a thread interrupted inside a JDBC driver may break its connection.
            keeper.shutdown();
            workers.shutdown();
            if (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("workers still busy a minute after the run ended; their leases will lapse");
                workers.shutdownNow();
            }
            ctx.metrics().active(0);
        }
        return new Summary(Map.copyOf(outcomes), instances, bytes, pauses, stoppedEarly);
    }

    private void loop(ExecutorService workers, Set<String> sample) throws InterruptedException {
        boolean sampleOnly = sample != null;
        boolean stopRequested = false;
        while (true) {
            drain(finished.poll());
            if (stopping.get()) {
                stopRequested = true;
            }
            if (stopRequested) {
                if (running.isEmpty()) {
                    stoppedEarly = true;
                    return;
                }
                drain(finished.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS));
                continue;
            }
            Instant now = ctx.clock().instant();
            int started = startWhatFits(workers, sampleOnly, now);
            ctx.metrics().active(running.size());
            if (running.isEmpty() && started == 0) {
                if (!anythingLeft(sample)) {
                    return;
                }
                ctx.metrics().queueAtMostEvery(ctx.store(), QUEUE_GAUGE_PERIOD);
                Thread.sleep(IDLE_POLL.toMillis());
                continue;
            }
            drain(finished.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private int startWhatFits(ExecutorService workers, boolean sampleOnly, Instant now) {
        ThrottleGate.Limits limits = gate.at(now);
        int free = Math.min(limits.maxStudies(), adaptive.limit()) - running.size();
        if (free <= 0) {
            return 0;
        }
        Map<String, Integer> perGroup = new HashMap<>();
        for (Running r : running.values()) {
            perGroup.merge(r.lease().study().modalityGroup(), 1, Integer::sum);
        }
        EnumSet<Lane> open = EnumSet.noneOf(Lane.class);
        List<Lane> trials = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            int permits = breakers.get(lane).permits(now);
            if (permits == Integer.MAX_VALUE) {
                open.add(lane);
            } else if (permits > 0) {
                trials.add(lane);
            }
        }
        // With group limits in force, one study per lease, so that one lease cannot take a group past its limit.
        int step = limits.groupLimits().isEmpty() ? Integer.MAX_VALUE : 1;
        int started = 0;
        for (Lane lane : trials) {
            if (started < free) {
                started += start(workers, lease(Set.of(lane), 1, limits, perGroup, sampleOnly, now), perGroup, now);
            }
        }
        while (!open.isEmpty() && started < free) {
            int got = start(workers, lease(open, Math.min(step, free - started), limits, perGroup, sampleOnly, now),
                    perGroup, now);
            if (got == 0) {
                break;
            }
            started += got;
        }
        return started;
    }

    private List<StudyLease> lease(Set<Lane> lanes, int max, ThrottleGate.Limits limits, Map<String, Integer> perGroup,
                                   boolean sampleOnly, Instant now) {
        Set<String> excluded = new java.util.HashSet<>();
        limits.groupLimits().forEach((group, limit) -> {
            if (perGroup.getOrDefault(group, 0) >= limit) {
                excluded.add(group);
            }
        });
        return ctx.store().lease(ctx.migration(), new LeaseRequest(ctx.owner(), max, lanes, excluded, sampleOnly, now,
                ctx.plan().leaseDuration()));
    }

    private int start(ExecutorService workers, List<StudyLease> leases, Map<String, Integer> perGroup, Instant now) {
        for (StudyLease lease : leases) {
            AtomicBoolean lost = new AtomicBoolean();
            running.put(lease.studyInstanceUid(), new Running(lease, lost));
            perGroup.merge(lease.study().modalityGroup(), 1, Integer::sum);
            breakers.get(lease.study().lane()).started(now);
            StudyJob job = new StudyJob(ctx, lease, () -> stopping.get() || lost.get());
            workers.execute(() -> finished.add(runSafely(job, lease)));
        }
        return leases.size();
    }

    private StudyOutcome runSafely(StudyJob job, StudyLease lease) {
        try {
            return job.run();
        } catch (RuntimeException | Error e) {
            LOG.error("study {}: the worker failed", lease.studyInstanceUid(), e);
            return new StudyOutcome(lease.studyInstanceUid(), StudyOutcome.Kind.STOPPED, ReasonCode.INTERNAL, 0, 0);
        }
    }

    private void drain(StudyOutcome first) {
        StudyOutcome o = first;
        while (o != null) {
            handle(o);
            o = finished.poll();
        }
    }

    private void handle(StudyOutcome o) {
        Running r = running.remove(o.studyInstanceUid());
        outcomes.merge(o.kind(), 1, Integer::sum);
        instances += o.instancesStored();
        bytes += o.bytesStored();
        ctx.metrics().study(o);
        ctx.listener().studyFinished(o);
        if (r == null || o.kind() == StudyOutcome.Kind.STOPPED || o.kind() == StudyOutcome.Kind.LEASE_LOST) {
            return;
        }
        Lane lane = r.lease().study().lane();
        ReasonCode failure = o.failure();
        if (failure == null) {
            adaptive.succeeded();
        } else if (STRAIN.contains(failure)) {
            adaptive.strained();
        }
        Instant now = ctx.clock().instant();
        breakers.get(lane).record(failure, now).ifPresent(trip -> {
            pauses++;
            String why = "lane " + lane.name().toLowerCase(java.util.Locale.ROOT) + " paused until " + trip.until()
                    + ": " + trip.failures() + " of the last " + trip.attempts() + " study attempts failed "
                    + trip.reasons() + ", above the circuit breaker's " + Math.round(
                            ctx.plan().circuitBreaker().failureRate() * 1000) / 10.0 + "%";
            LOG.warn(why);
            ctx.store().raiseException(ctx.migration(), ctx.owner(), null, null, trip.mainReason(), why, false, now);
            ctx.listener().lanePaused(lane, why, trip.until());
        });
    }

    /**
     * Whether studies remain that a later loop could lease: waiting for a retry, a window, a paused
     * lane, or held by another process.
     */
    private boolean anythingLeft(Set<String> sample) {
        if (sample != null) {
            for (String uid : sample) {
                if (ctx.store().study(ctx.migration(), uid).map(st -> st.state() == StudyState.PENDING
                        || st.state() == StudyState.IN_PROGRESS).orElse(false)) {
                    return true;
                }
            }
            return false;
        }
        // Studies another process holds count too: if it died, their leases lapse and they come back here.
        return ctx.store().hasUnfinished(ctx.migration());
    }

    private void renew() {
        try {
            Map<String, Running> snapshot = new LinkedHashMap<>(running);
            if (snapshot.isEmpty()) {
                return;
            }
            Set<String> lost = ctx.store().renew(ctx.migration(), ctx.owner(), snapshot.keySet(),
                    ctx.clock().instant().plus(ctx.plan().leaseDuration()));
            for (String uid : lost) {
                Running r = snapshot.get(uid);
                if (r != null) {
                    LOG.warn("study {}: lease could not be renewed; stopping work on it", uid);
                    r.lost().set(true);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("renewing leases failed; will try again: {}", e.toString());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
