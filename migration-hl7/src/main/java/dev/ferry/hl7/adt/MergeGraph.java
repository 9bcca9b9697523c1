package dev.ferry.hl7.adt;

import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient merge history: which identifier survives as which, and why.
 *
 * <p>Built from {@link AdtEvent}s applied in event-time order (events with the same time in the
 * order they were added, which for files is path and line order): a merge (A34, A35, A36, A39, A40,
 * A41, A42) or an identifier change (A46, A47) retires each MRG-1 identifier into the PID-3 identifier
 * of the same issuer (else PID-3's first); an unlink (A37) undoes every merge between the identifiers
 * of its two PID segments. The same merge sent twice counts once. Chains follow ({@code A→B}, then
 * {@code B→C}: A survives as C, whatever order the two events came in).
 *
 * <p>Contradictions are {@link MergeConflict conflicts}, never guesses: a cycle ({@code A→B}, then
 * {@code B→A} with no unlink between) and a conflicting merge (A into B, then A into C, with B and C
 * not the same patient). Every identifier caught in one, or leading into one, has no survivor.
 *
 * <p>Immutable and thread-safe once built; deterministic: the same events give the same graph.
 */
public final class MergeGraph {
    private static final Logger LOG = LoggerFactory.getLogger(MergeGraph.class);

    /** The longest chain followed; a longer one is a {@link MergeConflict.Kind#CHAIN_TOO_LONG} conflict. */
    public static final int MAX_CHAIN = 256;

    /** Identifiers in a stable order: issuer, then ID. */
    public static final Comparator<PatientIdentity> ORDER =
            Comparator.comparing(PatientIdentity::issuer).thenComparing(PatientIdentity::id);

    private final Map<PatientIdentity, List<MergeStep>> edges;
    private final Map<PatientIdentity, Demographics> demographics;
    private final Map<PatientIdentity, Resolution> resolutions = new LinkedHashMap<>();
    private final List<MergeConflict> conflicts;
    private final int eventCount;

    private MergeGraph(List<AdtEvent> ordered) {
        Map<PatientIdentity, List<MergeStep>> active = new HashMap<>();
        Map<PatientIdentity, Demographics> demo = new HashMap<>();
        Set<PatientIdentity> seen = new TreeSet<>(ORDER);
        for (AdtEvent e : ordered) {
            for (AdtPatient p : e.patients()) {
                seen.addAll(p.identifiers());
                seen.addAll(p.priorIdentifiers());
                if (!p.demographics().equals(Demographics.UNKNOWN)) {
                    for (PatientIdentity id : p.identifiers()) {
                        demo.put(id, p.demographics());
                    }
                }
            }
            switch (e.kind()) {
                case MERGE, CHANGE_ID -> merge(e, active);
                case UNLINK -> unlink(e, active);
                default -> { }
            }
        }
        this.edges = active;
        this.demographics = demo;
        this.eventCount = ordered.size();
        Set<MergeConflict> found = new LinkedHashSet<>();
        for (PatientIdentity id : seen) {
            Resolution r = resolve(id, new ArrayList<>(), new ArrayList<>());
            resolutions.put(id, r);
            found.addAll(r.conflicts());
        }
        this.conflicts = List.copyOf(found);
        LOG.debug("merge graph: {} event(s), {} identifier(s), {} conflict(s)", eventCount, seen.size(), conflicts.size());
    }

    private static void merge(AdtEvent e, Map<PatientIdentity, List<MergeStep>> active) {
        for (AdtPatient p : e.patients()) {
            for (PatientIdentity prior : p.priorIdentifiers()) {
                if (p.identifiers().contains(prior)) {
                    continue; // an account or visit merge within one patient
                }
                PatientIdentity to = p.survivorFor(prior);
                List<MergeStep> out = active.computeIfAbsent(prior, k -> new ArrayList<>());
                if (out.stream().noneMatch(s -> s.to().equals(to))) {
                    out.add(new MergeStep(prior, to, e.kind(), e.ref()));
                }
            }
        }
    }

    private static void unlink(AdtEvent e, Map<PatientIdentity, List<MergeStep>> active) {
        List<PatientIdentity> a = e.patients().get(0).identifiers();
        List<PatientIdentity> b = e.patients().get(1).identifiers();
        for (List<MergeStep> out : active.values()) {
            out.removeIf(s -> a.contains(s.from()) && b.contains(s.to()) || b.contains(s.from()) && a.contains(s.to()));
        }
    }

    private Resolution resolve(PatientIdentity id, List<PatientIdentity> path, List<MergeStep> pathSteps) {
        Resolution known = resolutions.get(id);
        if (known != null) {
            return known;
        }
        int at = path.indexOf(id);
        if (at >= 0) {
            List<MergeStep> cycle = List.copyOf(pathSteps.subList(at, pathSteps.size()));
            return conflicted(id, new MergeConflict(MergeConflict.Kind.CYCLE, sorted(cycle), cycle));
        }
        List<MergeStep> out = edges.getOrDefault(id, List.of());
        if (out.isEmpty()) {
            Resolution r = new Resolution(id, Resolution.Status.ACTIVE, id, List.of(), List.of());
            resolutions.put(id, r);
            return r;
        }
        if (path.size() >= MAX_CHAIN) {
            List<MergeStep> chain = List.copyOf(pathSteps);
            return conflicted(id, new MergeConflict(MergeConflict.Kind.CHAIN_TOO_LONG, sorted(chain), chain));
        }
        path.add(id);
        List<Resolution> next = new ArrayList<>(out.size());
        for (MergeStep s : out) {
            pathSteps.add(s);
            next.add(resolve(s.to(), path, pathSteps));
            pathSteps.remove(pathSteps.size() - 1);
        }
        path.remove(path.size() - 1);

        Set<MergeConflict> inherited = new LinkedHashSet<>();
        Set<PatientIdentity> survivors = new LinkedHashSet<>();
        for (Resolution r : next) {
            if (r.status() == Resolution.Status.CONFLICT) {
                inherited.addAll(r.conflicts());
            } else {
                survivors.add(r.survivor());
            }
        }
        Resolution r;
        if (!inherited.isEmpty()) {
            r = new Resolution(id, Resolution.Status.CONFLICT, null, List.of(), List.copyOf(inherited));
        } else if (survivors.size() > 1) {
            r = conflicted(id, new MergeConflict(MergeConflict.Kind.CONFLICTING_MERGE, sorted(out), out));
        } else {
            List<MergeStep> chain = new ArrayList<>();
            chain.add(out.get(0));
            chain.addAll(next.get(0).chain());
            r = new Resolution(id, Resolution.Status.MERGED, survivors.iterator().next(), chain, List.of());
        }
        resolutions.put(id, r);
        return r;
    }

    private static Resolution conflicted(PatientIdentity id, MergeConflict c) {
        return new Resolution(id, Resolution.Status.CONFLICT, null, List.of(), List.of(c));
    }

    private static List<PatientIdentity> sorted(List<MergeStep> steps) {
        Set<PatientIdentity> ids = new TreeSet<>(ORDER);
        for (MergeStep s : steps) {
            ids.add(s.from());
            ids.add(s.to());
        }
        return List.copyOf(ids);
    }

    /** A graph of these events (in any order: they are sorted by event time, stably). */
    public static MergeGraph of(Collection<AdtEvent> events) {
        return builder().addAll(events).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Gathers events, from files or a live listener, and builds graphs of what it has so far.
     * Thread-safe: {@link #add} may be called from listener threads while another builds.
     */
    public static final class Builder {
        private final ReentrantLock lock = new ReentrantLock();
        private final List<AdtEvent> events = new ArrayList<>();

        private Builder() {}

        public Builder add(AdtEvent event) {
            Objects.requireNonNull(event, "event");
            lock.lock();
            try {
                events.add(event);
            } finally {
                lock.unlock();
            }
            return this;
        }

        public Builder addAll(Collection<AdtEvent> more) {
            for (AdtEvent e : more) {
                add(e);
            }
            return this;
        }

        /** How many events were added. */
        public int size() {
            lock.lock();
            try {
                return events.size();
            } finally {
                lock.unlock();
            }
        }

        /** The graph of every event added so far. */
        public MergeGraph build() {
            List<AdtEvent> copy;
            lock.lock();
            try {
                copy = new ArrayList<>(events);
            } finally {
                lock.unlock();
            }
            copy.sort(Comparator.comparing(AdtEvent::time)); // stable: equal times keep their order
            return new MergeGraph(copy);
        }
    }

    /**
     * The surviving identity of an identifier, with the chain of events that justifies it, or the
     * conflicts that leave it without one. An identifier the history never names is {@link Resolution.Status#UNKNOWN}.
     */
    public Resolution survivor(PatientIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        Resolution r = resolutions.get(identity);
        return r != null ? r : new Resolution(identity, Resolution.Status.UNKNOWN, identity, List.of(), List.of());
    }

    /** Every identifier the history names, resolved, in {@link #ORDER}. */
    public List<Resolution> resolutions() {
        List<Resolution> out = new ArrayList<>(resolutions.values());
        out.sort(Comparator.comparing(Resolution::identity, ORDER));
        return out;
    }

    /** Every contradiction found, in the order of the identifiers that first led to it. */
    public List<MergeConflict> conflicts() {
        return conflicts;
    }

    /** The latest demographics (PID-5/7/8) an event gave for this identifier, if any. */
    public Optional<Demographics> demographics(PatientIdentity identity) {
        return Optional.ofNullable(demographics.get(identity));
    }

    /** How many events the graph was built from. */
    public int eventCount() {
        return eventCount;
    }

    @Override
    public String toString() {
        return "MergeGraph[events=" + eventCount + ", identifiers=" + resolutions.size() + ", conflicts="
                + conflicts.size() + "]";
    }
}
