package dev.ferry.bench.state;

import dev.ferry.api.Accession;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.StoreResult;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.core.Lane;
import dev.ferry.core.state.DiscoveredStudy;
import dev.ferry.core.state.InstanceRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.LeaseRequest;
import dev.ferry.core.state.StateCounts;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyLease;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.state.UpsertResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The state store at the size of a real archive (the engine's issue: "the state store and scheduler
 * must not be the bottleneck"): an inventory of N synthetic studies taken through the phases the
 * engine puts it through, timed phase by phase, with the heap after each.
 *
 * <ol>
 *   <li>insert: {@code upsertDiscovered} of N new studies, 1,000 per call, as a sweep records them;
 *   <li>delta: the same N again, all unchanged (a later sweep of an archive that did not change);
 *   <li>{@code counts()}, then {@code forEachStudy} over all N;
 *   <li>run: W threads each loop lease(batch) → per study {@code storedInstances},
 *       {@code recordInstance} twice, {@code complete} (what {@code StudyJob} asks of the store for a
 *       two-instance study), until nothing is left; per-call latency percentiles.
 * </ol>
 *
 * Heap: used heap after a {@code System.gc()} at the end of each phase, and each phase's peak (the
 * sum of the heap pools' peak usage, reset when the phase starts). The studies are generated from
 * their index, never held: what stays on the heap is the store's (on H2, its page cache and the
 * metadata of every chunk its file keeps; the pool's connections) and this harness's fixed-size
 * latency histograms. On H2 the file's size is printed at each tenth of a phase. Not JMH: one
 * end-to-end pass over phases that each run once.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.ferry.bench.state.StateStoreScale \
 *     --studies 200000 --state /tmp/ferry-scale-h2 --json state-scale-h2.json
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.ferry.bench.state.StateStoreScale \
 *     --studies 1000000 --state jdbc:postgresql://127.0.0.1:55432/ferry_scale --user postgres \
 *     --json state-scale-pg.json
 * </pre>
 *
 * (benchmarks/README.md starts the throwaway PostgreSQL server.) A {@code --state} folder must not
 * hold a store yet, and a PostgreSQL database must not hold the migration ({@value #MIGRATION}): the
 * figures are those of a fresh inventory. {@code --h2-set SETTING} changes a setting of the embedded
 * database after the store opened it, for experiments ({@code --h2-set "WRITE_DELAY 500"}).
 * Thread-safety: {@code main} owns everything; the worker threads share only the store (thread-safe)
 * and atomic counters.
 */
public final class StateStoreScale {
    private static final String MIGRATION = "scale";
    private static final int UPSERT_BATCH = 1_000;
    private static final int INSTANCES_PER_STUDY = 2;
    private static final Duration LEASE_FOR = Duration.ofMinutes(10);
    /** Fifteen years of studies, the newest on the last day. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2011, 1, 1);
    private static final int DAYS = 15 * 365 + 4;
    private static final String UID_ROOT = "1.2.826.0.1.3680043.2.";

    private final StateStore store;
    /** The embedded database's file size, sampled at each tenth of a phase; -1 on PostgreSQL. */
    private final LongSupplier diskBytes;
    private final long studies;
    private final int leaseBatch;
    private final int workers;
    private final List<String> phasesJson = new ArrayList<>();

    private StateStoreScale(StateStore store, LongSupplier diskBytes, long studies, int leaseBatch, int workers) {
        this.store = store;
        this.diskBytes = diskBytes;
        this.studies = studies;
        this.leaseBatch = leaseBatch;
        this.workers = workers;
    }

    public static void main(String[] args) throws Exception {
        long studies = 1_000_000;
        String state = null;
        String user = "postgres";
        String password = "";
        int leaseBatch = 16;
        int workers = 4;
        Path json = null;
        List<String> h2Settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--studies" -> studies = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
                case "--state" -> state = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--lease-batch" -> leaseBatch = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--h2-set" -> h2Settings.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--studies N"
                        + " --state DIR|JDBC-URL --user U --password P --lease-batch N --workers N --json FILE"
                        + " --h2-set SETTING)");
            }
        }
        if (state == null) {
            throw new IllegalArgumentException("--state DIR|JDBC-URL is required");
        }
        if (studies < 1 || leaseBatch < 1 || workers < 1) {
            throw new IllegalArgumentException("--studies, --lease-batch and --workers must be at least 1");
        }
        boolean jdbc = state.startsWith("jdbc:");
        if (jdbc && !h2Settings.isEmpty()) {
            throw new IllegalArgumentException("--h2-set is for the embedded H2 store (--state DIR)");
        }
        if (!jdbc && Files.exists(Path.of(state).resolve(JdbcStateStore.EMBEDDED_NAME + ".mv.db"))) {
            throw new IllegalArgumentException(state + " already holds a state store: give an empty folder");
        }

        Heap heap = new Heap();
        long startHeap = heap.afterGc();
        System.out.printf(Locale.ROOT, "studies %,d, state %s, lease batch %d, workers %d, max heap %d MiB%s%n",
                studies, jdbc ? state : "H2 in " + state, leaseBatch, workers, Runtime.getRuntime().maxMemory() >> 20,
                h2Settings.isEmpty() ? "" : ", H2 " + String.join(", ", h2Settings));
        System.out.printf(Locale.ROOT, "%-10s %12s %10s %12s %16s %16s%n", "phase", "studies", "seconds",
                "studies/s", "heap after GC", "peak heap");
        long t0 = System.nanoTime();
        StateStoreScale bench;
        long openHeap;
        try (StateStore store = jdbc ? JdbcStateStore.open(state, user, password)
                : JdbcStateStore.openEmbedded(Path.of(state))) {
            store.ensureMigration(MIGRATION, Instant.now());
            for (String setting : h2Settings) {
                setH2(Path.of(state), setting);
            }
            if (store.counts(MIGRATION).totalStudies() != 0) {
                throw new IllegalStateException("migration " + MIGRATION + " already has studies: give a fresh"
                        + " database");
            }
            openHeap = heap.afterGc();
            Path file = Path.of(state).resolve(JdbcStateStore.EMBEDDED_NAME + ".mv.db");
            LongSupplier disk = jdbc ? () -> -1 : () -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return -1;
                }
            };
            bench = new StateStoreScale(store, disk, studies, leaseBatch, workers);
            bench.upsertPhase("insert", heap);
            bench.upsertPhase("delta", heap);
            bench.countsPhase(heap);
            bench.scanPhase(heap);
            bench.runPhase(heap);
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        String size = jdbc ? postgresSize(state, user, password) : embeddedSize(Path.of(state));
        System.out.printf(Locale.ROOT, "heap after GC: %s at start, %s with the store open; database size %s;"
                + " %d s in all%n", mib(startHeap), mib(openHeap), size, seconds);
        if (json != null) {
            Files.writeString(json, String.format(Locale.ROOT, "{%n  \"database\": \"%s\",%n  \"h2Settings\": \"%s\",%n"
                    + "  \"studies\": %d,%n  \"leaseBatch\": %d,%n  \"workers\": %d,%n  \"maxHeapBytes\": %d,%n"
                    + "  \"heapAtStartBytes\": %d,%n  \"heapStoreOpenBytes\": %d,%n  \"databaseSize\": \"%s\",%n"
                    + "  \"totalSeconds\": %d,%n  \"phases\": [%n    %s%n  ]%n}%n", jdbc ? "postgresql" : "h2",
                    String.join("; ", h2Settings), studies, leaseBatch, workers, Runtime.getRuntime().maxMemory(),
                    startHeap, openHeap, size, seconds, String.join(",\n    ", bench.phasesJson)));
            System.out.println("results written to " + json);
        }
    }

    // --- phases -----------------------------------------------------------------------------------

    /** Records the N studies, 1,000 per call; a second pass finds them all unchanged. */
    private void upsertPhase(String name, Heap heap) {
        heap.resetPeak();
        Progress progress = new Progress(name, studies, diskBytes);
        long t0 = System.nanoTime();
        UpsertResult total = UpsertResult.NONE;
        List<DiscoveredStudy> batch = new ArrayList<>(UPSERT_BATCH);
        for (long i = 0; i < studies; i++) {
            batch.add(study(i));
            if (batch.size() == UPSERT_BATCH || i == studies - 1) {
                total = total.plus(store.upsertDiscovered(MIGRATION, batch, Instant.now()));
                progress.advance(batch.size());
                batch.clear();
            }
        }
        long nanos = System.nanoTime() - t0;
        String check = name.equals("insert") ? "added " + total.added() : "unchanged " + total.unchanged();
        long expected = name.equals("insert") ? total.added() : total.unchanged();
        if (expected != studies) {
            throw new IllegalStateException(name + ": " + total + ", expected all " + studies);
        }
        phase(name, studies, nanos, heap, check, progress.json(), "");
    }

    private void countsPhase(Heap heap) {
        heap.resetPeak();
        long t0 = System.nanoTime();
        StateCounts counts = store.counts(MIGRATION);
        long nanos = System.nanoTime() - t0;
        if (counts.studies(StudyState.PENDING) != studies) {
            throw new IllegalStateException("counts: " + counts.studies() + ", expected " + studies + " PENDING");
        }
        phase("counts", studies, nanos, heap, "pending by lane " + counts.pendingByLane(), "[]", "");
    }

    private void scanPhase(Heap heap) {
        heap.resetPeak();
        Progress progress = new Progress("scan", studies, diskBytes);
        AtomicLong seen = new AtomicLong();
        long t0 = System.nanoTime();
        store.forEachStudy(MIGRATION, Set.of(), r -> {
            seen.incrementAndGet();
            progress.advance(1);
        });
        long nanos = System.nanoTime() - t0;
        if (seen.get() != studies) {
            throw new IllegalStateException("forEachStudy saw " + seen.get() + " studies, expected " + studies);
        }
        phase("scan", studies, nanos, heap, "forEachStudy saw " + seen.get(), progress.json(), "");
    }

    /** W threads lease, record two instances per study and complete it, until nothing is left. */
    private void runPhase(Heap heap) throws InterruptedException {
        heap.resetPeak();
        Progress progress = new Progress("run", studies, diskBytes);
        AtomicLong emptyLeases = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        // Per worker: lease, storedInstances, recordInstance, complete; added up once the workers ended.
        Latencies[][] perWorker = new Latencies[workers][];
        for (int w = 0; w < workers; w++) {
            Latencies[] mine = {new Latencies(), new Latencies(), new Latencies(), new Latencies()};
            perWorker[w] = mine;
            String owner = "scale-worker-" + w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    work(owner, mine, emptyLeases, done, progress);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, owner);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - t0;
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("a worker failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        Latencies leases = new Latencies();
        Latencies stored = new Latencies();
        Latencies records = new Latencies();
        Latencies completes = new Latencies();
        for (Latencies[] mine : perWorker) {
            leases.add(mine[0]);
            stored.add(mine[1]);
            records.add(mine[2]);
            completes.add(mine[3]);
        }
        StateCounts counts = store.counts(MIGRATION);
        if (counts.studies(StudyState.DONE) != studies || counts.instancesStored() != studies * INSTANCES_PER_STUDY) {
            throw new IllegalStateException("after the run: " + counts.studies() + ", " + counts.instancesStored()
                    + " instances; expected " + studies + " DONE, " + studies * INSTANCES_PER_STUDY + " instances");
        }
        String latency = String.format(Locale.ROOT, "\"leaseCalls\": %d, \"emptyLeases\": %d, \"leaseMs\": %s,"
                + " \"storedInstancesMs\": %s, \"recordInstanceMs\": %s, \"completeMs\": %s", leases.count(),
                emptyLeases.get(), leases.json(), stored.json(), records.json(), completes.json());
        phase("run", studies, nanos, heap, String.format(Locale.ROOT, "%d DONE, %d instances; %d lease calls",
                counts.studies(StudyState.DONE), counts.instancesStored(), leases.count()), progress.json(),
                latency);
        System.out.printf(Locale.ROOT, "  per call, ms          %8s %8s %8s %8s %8s%n", "p50", "p90", "p99", "p99.9",
                "max");
        record Named(String name, Latencies latencies) {}
        for (Named e : List.of(new Named("lease(" + leaseBatch + ")", leases), new Named("storedInstances", stored),
                new Named("recordInstance", records), new Named("complete", completes))) {
            Latencies l = e.latencies();
            System.out.printf(Locale.ROOT, "  %-20s %8.2f %8.2f %8.2f %8.2f %8.2f  (%,d calls)%n", e.name(),
                    l.percentileMs(0.50), l.percentileMs(0.90), l.percentileMs(0.99), l.percentileMs(0.999),
                    l.maxMs(), l.count());
        }
    }

    /**
     * One worker's loop. It stops when a lease comes back empty three times in a row with studies
     * still to do (the others hold the last ones), or when all are done.
     */
    private void work(String owner, Latencies[] latencies, AtomicLong emptyLeases, AtomicLong done,
                      Progress progress) throws InterruptedException {
        Latencies leaseLatency = latencies[0];
        Latencies storedLatency = latencies[1];
        Latencies recordLatency = latencies[2];
        Latencies completeLatency = latencies[3];
        Set<Lane> lanes = EnumSet.allOf(Lane.class);
        int empty = 0;
        while (done.get() < studies) {
            long t0 = System.nanoTime();
            List<StudyLease> leased = store.lease(MIGRATION, new LeaseRequest(owner, leaseBatch, lanes, Set.of(), false,
                    Instant.now(), LEASE_FOR));
            leaseLatency.record(System.nanoTime() - t0);
            if (leased.isEmpty()) {
                emptyLeases.incrementAndGet();
                if (++empty >= 3) {
                    return;
                }
                Thread.sleep(10);
                continue;
            }
            empty = 0;
            for (StudyLease lease : leased) {
                String uid = lease.studyInstanceUid();
                long t1 = System.nanoTime();
                store.storedInstances(MIGRATION, uid);
                long t2 = System.nanoTime();
                storedLatency.record(t2 - t1);
                long bytesEach = Math.max(0, lease.study().sizeBytes() / Math.max(1, lease.study().instanceCount()));
                for (int k = 1; k <= INSTANCES_PER_STUDY; k++) {
                    String sop = uid + ".1." + k;
                    store.recordInstance(MIGRATION, new InstanceRecord(uid, sop, StoreResult.Status.STORED, "",
                            sha256Like(sop), bytesEach, Instant.now()));
                    long t3 = System.nanoTime();
                    recordLatency.record(t3 - t2);
                    t2 = t3;
                }
                store.complete(MIGRATION, owner, uid, Instant.now());
                completeLatency.record(System.nanoTime() - t2);
                done.incrementAndGet();
                progress.advance(1);
            }
        }
    }

    private void phase(String name, long count, long nanos, Heap heap, String check, String progressJson,
                       String extraJson) {
        long peak = heap.peak();
        long after = heap.afterGc();
        double seconds = nanos / 1e9;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "%-10s %,12d %10.2f %,12.0f %16s %16s   %s%n", name, count, seconds, rate,
                mib(after), mib(peak), check);
        phasesJson.add(String.format(Locale.ROOT, "{\"phase\": \"%s\", \"studies\": %d, \"seconds\": %.3f,"
                + " \"studiesPerSecond\": %.1f, \"heapAfterGcBytes\": %d, \"peakHeapBytes\": %d, \"check\": \"%s\","
                + " \"progress\": %s%s}", name, count, seconds, rate, after, peak, check.replace("\"", "'"),
                progressJson, extraJson.isEmpty() ? "" : ", " + extraJson));
    }

    // --- the synthetic archive --------------------------------------------------------------------

    /**
     * Study number {@code i} of the archive, always the same. Dates run over fifteen years in the
     * order a sweep by date finds them (about 180 a day for a million); UIDs are unique and in no
     * order, as UIDs from many modalities are; about four studies per patient, two issuers.
     */
    private DiscoveredStudy study(long i) {
        long h = mix(i);
        long g = mix(h);
        int site = (int) Long.remainderUnsigned(g, 5);
        String uid = UID_ROOT + (1100 + site) + "." + Long.toUnsignedString(h);
        int day = (int) (i * DAYS / studies);
        LocalDate date = FIRST_DAY.plusDays(day);
        LocalTime time = LocalTime.ofSecondOfDay(Long.remainderUnsigned(g >>> 7, 86_400));
        int m = (int) Long.remainderUnsigned(h >>> 3, 100);
        String modality;
        int instances;
        long bytesEach;
        int series;
        if (m < 35) {
            modality = "CR";
            instances = 1 + (int) (g & 3);
            bytesEach = 8L << 20;
            series = instances;
        } else if (m < 55) {
            modality = "CT";
            instances = 150 + (int) ((g >>> 3) & 511);
            bytesEach = 520L << 10;
            series = 3 + (int) ((g >>> 13) & 3);
        } else if (m < 70) {
            modality = "MR";
            instances = 200 + (int) ((g >>> 3) & 511);
            bytesEach = 260L << 10;
            series = 6 + (int) ((g >>> 13) & 7);
        } else if (m < 90) {
            modality = "US";
            instances = 10 + (int) ((g >>> 3) & 63);
            bytesEach = 800L << 10;
            series = 1;
        } else {
            modality = "MG";
            instances = 4 + (int) ((g >>> 3) & 3);
            bytesEach = 40L << 20;
            series = instances;
        }
        Set<String> modalities = ((g >>> 20) & 31) == 0 ? Set.of(modality, "SR") : Set.of(modality);
        long patients = Math.max(1, studies / 4);
        long patient = Long.remainderUnsigned(mix(g), patients);
        PatientIdentity pid = new PatientIdentity("PID" + (10_000_000 + patient),
                patient % 5 == 0 ? "HOSP_B" : "HOSP_A");
        Accession accession = new Accession("ACC" + (20_000_000_000L + i), "");
        StudyDescriptor d = new StudyDescriptor(uid, pid, null, accession, date, time, modalities, series, instances,
                instances * bytesEach);
        boolean mammo = modality.equals("MG");
        int age = DAYS - 1 - day;
        String tier;
        Lane lane;
        if (age < 2 * 365) {
            tier = "recent";
            lane = Lane.RECENT;
        } else if (mammo && age < 6 * 365) {
            tier = "mammo-priors";
            lane = Lane.RECENT;
        } else {
            tier = "archive";
            lane = Lane.BACKGROUND;
        }
        return new DiscoveredStudy(d, tier, lane, mammo ? "mammography" : "");
    }

    /** SplitMix64's finaliser: a bijection on 64 bits, so distinct indexes give distinct UIDs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** 64 hex digits, as the engine records an instance's SHA-256 (its value does not matter here). */
    private static String sha256Like(String sop) {
        long a = mix(sop.hashCode());
        StringBuilder sb = new StringBuilder(64);
        for (int k = 0; k < 4; k++) {
            String hex = Long.toHexString(a);
            sb.append("0".repeat(16 - hex.length())).append(hex);
            a = mix(a);
        }
        return sb.toString();
    }

    // --- measuring --------------------------------------------------------------------------------

    /** Used heap after a full collection, and the heap pools' peak since the last reset. */
    private static final class Heap {
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();

        long afterGc() {
            // Twice: the first may leave objects with finalizers or references to clear for the second.
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        void resetPeak() {
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        /** The sum of each pool's own peak: an upper bound on the heap's peak (they peak at different times). */
        long peak() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }
    }

    /** Prints a line per tenth of a phase, so that a rate falling as the tables grow shows. */
    private static final class Progress {
        private final String name;
        private final long total;
        private final LongSupplier diskBytes;
        private final long t0 = System.nanoTime();
        private final AtomicLong count = new AtomicLong();
        private final List<String> marks = new ArrayList<>();
        private long lastNanos;
        private long lastCount;

        Progress(String name, long total, LongSupplier diskBytes) {
            this.name = name;
            this.total = total;
            this.diskBytes = diskBytes;
        }

        void advance(long n) {
            long before = count.getAndAdd(n);
            long after = before + n;
            long step = Math.max(1, total / 10);
            if (after / step != before / step) {
                mark(after);
            }
        }

        private synchronized void mark(long at) {
            long now = System.nanoTime() - t0;
            double rate = (at - lastCount) / ((now - lastNanos) / 1e9);
            long disk = diskBytes.getAsLong();
            System.out.printf(Locale.ROOT, "  %-6s %,12d  %8.1f s  %,10.0f studies/s over the last tenth%s%n", name,
                    at, now / 1e9, rate, disk < 0 ? "" : ", file " + mib(disk));
            marks.add(String.format(Locale.ROOT, "{\"studies\": %d, \"seconds\": %.3f, \"studiesPerSecond\": %.1f%s}",
                    at, now / 1e9, rate, disk < 0 ? "" : ", \"fileBytes\": " + disk));
            lastNanos = now;
            lastCount = at;
        }

        synchronized String json() {
            return "[" + String.join(", ", marks) + "]";
        }
    }

    /**
     * A latency histogram of fixed size (about 4,000 buckets, 1.6% wide), so that the harness's memory
     * does not grow with the number of calls. Not thread-safe: one per thread, added up at the end.
     */
    private static final class Latencies {
        private static final int SUB = 64;
        private final long[] counts = new long[2 * SUB + 57 * SUB];
        private long n;
        private long max;

        void record(long nanos) {
            long v = Math.max(0, nanos);
            counts[index(v)]++;
            n++;
            max = Math.max(max, v);
        }

        void add(Latencies o) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o.counts[i];
            }
            n += o.n;
            max = Math.max(max, o.max);
        }

        long count() {
            return n;
        }

        double maxMs() {
            return max / 1e6;
        }

        /** The upper bound of the bucket holding the {@code p}-quantile. */
        double percentileMs(double p) {
            if (n == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(p * n);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(upper(i), max) / 1e6;
                }
            }
            return max / 1e6;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"calls\": %d, \"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f,"
                    + " \"p999\": %.3f, \"max\": %.3f}", n, percentileMs(0.5), percentileMs(0.9), percentileMs(0.99),
                    percentileMs(0.999), maxMs());
        }

        /** Values below 128 ns have a bucket each; above, 64 buckets per power of two. */
        private static int index(long v) {
            if (v < 2 * SUB) {
                return (int) v;
            }
            int e = 63 - Long.numberOfLeadingZeros(v);
            int mantissa = (int) (v >>> (e - 6)) - SUB;
            return 2 * SUB + (e - 7) * SUB + mantissa;
        }

        private static long upper(int index) {
            if (index < 2 * SUB) {
                return index;
            }
            int e = (index - 2 * SUB) / SUB + 7;
            long mantissa = (index - 2 * SUB) % SUB + SUB;
            return ((mantissa + 1) << (e - 6)) - 1;
        }
    }

    /**
     * Changes a setting of the embedded database after the store opened it (an experiment, such as
     * {@code WRITE_DELAY 500}; the store sets {@code WRITE_DELAY 0}). A connection in this JVM to the
     * same URL joins the database the store has open.
     */
    private static void setH2(Path dir, String setting) throws SQLException {
        String url = "jdbc:h2:async:" + dir.toAbsolutePath().normalize().resolve(JdbcStateStore.EMBEDDED_NAME);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SET " + setting);
        }
    }

    // --- sizes --------------------------------------------------------------------------------------

    private static String embeddedSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
            return mib(bytes);
        }
    }

    private static String postgresSize(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database()),"
                     + " pg_total_relation_size('ferry_studies'), pg_total_relation_size('ferry_instances')")) {
            rs.next();
            return mib(rs.getLong(1)) + " (ferry_studies " + mib(rs.getLong(2)) + ", ferry_instances "
                    + mib(rs.getLong(3)) + ")";
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
