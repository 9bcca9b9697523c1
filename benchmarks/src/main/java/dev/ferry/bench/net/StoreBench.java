package dev.ferry.bench.net;

import dev.ferry.dicom.net.Association;
import dev.ferry.dicom.net.AssociationOptions;
import dev.ferry.dicom.net.AssociationRequest;
import dev.ferry.dicom.net.DicomServer;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.dicom.net.SpoolFolderSink;
import dev.ferry.dicom.net.StorageScp;
import dev.ferry.dicom.net.StoreScu;
import dev.ferry.dicom.net.dimse.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * C-STORE throughput on loopback, Ferry against dcmtk, side by side in one run (the network issue's
 * performance proof):
 *
 * <ul>
 *   <li>SCU: dcmtk {@code storescu} → {@code storescp} (baseline) and Ferry's {@link StoreScu} →
 *       {@code storescp};
 *   <li>SCP: dcmtk {@code storescu} → {@code storescp} (baseline) and {@code storescu} → Ferry's
 *       {@link DicomServer} with a {@link StorageScp}.
 * </ul>
 *
 * For 10 KiB and 512 KiB CT-like instances, 1, 2 and 4 associations, 128 KiB PDUs both ways,
 * TCP_NODELAY on every socket. Receivers discard what they receive ({@code storescp --ignore}, a
 * discarding sink) unless {@code --disk}, where both write files ({@code storescp} into its output
 * folder, Ferry into a spool folder). Ferry runs in this JVM, warmed up first: it is an SDK embedded
 * in a long-running process. Each dcmtk process is started per measurement, as a script would.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * TCP_NODELAY=1 java -cp benchmarks/target/benchmarks.jar dev.ferry.bench.net.StoreBench \
 *     --small 20000 --large 2000 --associations 1,2,4 --out store-bench.json
 * </pre>
 */
public final class StoreBench {
    static final int PDU = 131_072;
    

    private final Path work;
    private final boolean disk;
    private final AssociationOptions options = AssociationOptions.builder().maxPduLengthReceived(PDU)
            .maxPduLengthSent(PDU).build();
    private final List<String> json = new ArrayList<>();

    private StoreBench(Path work, boolean disk) {
        this.work = work;
        this.disk = disk;
    }

    public static void main(String[] args) throws Exception {
        int small = 20_000;
        int large = 2_000;
        int[] associations = {1, 2, 4};
        Path out = null;
        Path work = null;
        boolean disk = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--large" -> large = Integer.parseInt(args[++i]);
                case "--associations" -> associations = Stream.of(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--disk" -> disk = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--small N --large N --associations 1,2,4 --out FILE --work DIR --disk)");
            }
        }
        if (!"1".equals(System.getenv("TCP_NODELAY"))) {
            System.err.println("warning: TCP_NODELAY=1 is not exported: dcmtk will run with Nagle's algorithm on");
        }
        boolean own = work == null;
        Path dir = own ? Files.createTempDirectory("ferry-store-bench") : Files.createDirectories(work);
        try {
            StoreBench bench = new StoreBench(dir, disk);
            Path smallDir = BenchData.generate(dir, "small", small, 10 * 1024);
            Path largeDir = BenchData.generate(dir, "large", large, 512 * 1024);
            bench.warmUp(smallDir, largeDir);
            System.out.printf(Locale.ROOT, "%-34s %5s %8s %9s %10s %9s%n", "case", "assoc", "files", "seconds",
                    "files/s", "MB/s");
            for (Path set : List.of(smallDir, largeDir)) {
                for (int n : associations) {
                    bench.compare(set, n);
                }
            }
            if (out != null) {
                Files.writeString(out, "[\n  " + String.join(",\n  ", bench.json) + "\n]\n");
                System.out.println("results written to " + out);
            }
        } finally {
            if (own) {
                delete(dir);
            }
        }
    }

    private void warmUp(Path small, Path large) throws Exception {
        try (DcmtkProcess scp = DcmtkProcess.storescp(work.resolve("warm-out"), true, true)) {
            ferryStore(scp.port, files(small).subList(0, Math.min(3000, files(small).size())), 1);
            ferryStore(scp.port, files(large).subList(0, Math.min(300, files(large).size())), 1);
        }
        try (DicomServer server = ferryScp(work.resolve("warm-spool"))) {
            storescu(server.port(), "FERRYSCP", List.of(small.resolve("part0")));
        }
    }

    /** Measures one data set with {@code n} associations in the four configurations. */
    private void compare(Path set, int n) throws Exception {
        List<Path> files = files(set);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        List<List<Path>> dirs = shares(set, n);
        String label = set.getFileName().toString().equals("small") ? "10 KiB" : "512 KiB";
        double base;
        try (DcmtkProcess scp = DcmtkProcess.storescp(work.resolve("out-dcmtk"), n > 1, !disk)) {
            long t0 = System.nanoTime();
            parallel(dirs, d -> storescu(scp.port, "STORESCP", d));
            base = report("storescu -> storescp " + label, n, files.size(), bytes, System.nanoTime() - t0, Double.NaN);
        }
        clean("out-dcmtk");
        try (DcmtkProcess scp = DcmtkProcess.storescp(work.resolve("out-dcmtk"), n > 1, !disk)) {
            long t0 = System.nanoTime();
            ferryStore(scp.port, files, n);
            report("ferry store -> storescp " + label, n, files.size(), bytes, System.nanoTime() - t0, base);
        }
        clean("out-dcmtk");
        try (DicomServer server = ferryScp(work.resolve("out-ferry"))) {
            long t0 = System.nanoTime();
            parallel(dirs, d -> storescu(server.port(), "FERRYSCP", d));
            report("storescu -> ferry scp " + label, n, files.size(), bytes, System.nanoTime() - t0, base);
        }
        clean("out-ferry");
    }

    private double report(String name, int n, int files, long bytes, long nanos, double baseline) {
        double seconds = nanos / 1e9;
        double rate = files / seconds;
        double mbs = bytes / seconds / 1e6;
        String ratio = Double.isNaN(baseline) ? "" : String.format(Locale.ROOT, "  x%.2f of dcmtk", rate / baseline);
        System.out.printf(Locale.ROOT, "%-34s %5d %8d %9.2f %10.0f %9.1f%s%n", name, n, files, seconds, rate, mbs,
                ratio);
        json.add(String.format(Locale.ROOT, "{\"case\": \"%s\", \"associations\": %d, \"files\": %d, \"bytes\": %d,"
                + " \"seconds\": %.3f, \"filesPerSecond\": %.1f, \"mbPerSecond\": %.1f%s}", name, n, files, bytes,
                seconds, rate, mbs, Double.isNaN(baseline) ? "" : String.format(Locale.ROOT,
                        ", \"ratioToDcmtk\": %.3f", rate / baseline)));
        return rate;
    }

    /** Ferry's SCU: {@code n} associations on threads, the files dealt round-robin. */
    private void ferryStore(int port, List<Path> files, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            AtomicLong failures = new AtomicLong();
            for (int a = 0; a < n; a++) {
                List<Path> share = new ArrayList<>();
                for (int i = a; i < files.size(); i += n) {
                    share.add(files.get(i));
                }
                done.add(pool.submit(() -> {
                    AssociationRequest.Builder rq = AssociationRequest.builder("STORESCP", "FERRY");
                    // All files share one SOP class and syntax: propose from the first, inspect as they go.
                    StoreScu.propose(rq, List.of(StoreScu.inspect(share.get(0))));
                    try (Association as = Association.connect(new RemoteAe("STORESCP", "127.0.0.1", port), rq.build(),
                            options)) {
                        for (Path f : share) {
                            Status s = StoreScu.store(as, StoreScu.inspect(f)).status();
                            if (!s.isSuccess()) {
                                failures.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " C-STOREs failed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private DicomServer ferryScp(Path spool) throws IOException {
        SpoolFolderSink sink = new SpoolFolderSink(spool);
        StorageScp scp = new StorageScp(disk ? sink : (instance, data) -> {
            data.transferTo(OutputStream.nullOutputStream());
            return Status.SUCCESS;
        });
        return DicomServer.builder().bind("127.0.0.1", 0).aeTitle("FERRYSCP").options(options).maxAssociations(16)
                .storage(scp).build().start();
    }

    private void storescu(int port, String aet, List<Path> dirs) {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", aet, "-pdu",
                String.valueOf(PDU), "+sd", "+r", "127.0.0.1", String.valueOf(port)));
        for (Path d : dirs) {
            cmd.add(d.toString());
        }
        DcmtkProcess.run(cmd, work.resolve("storescu-" + Thread.currentThread().getId() + ".log"));
    }

    private static List<List<Path>> shares(Path set, int n) {
        List<List<Path>> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            out.add(new ArrayList<>());
        }
        for (int p = 0; p < BenchData.PARTS; p++) {
            out.get(p % n).add(set.resolve("part" + p));
        }
        return out;
    }

    private interface Job {
        void run(List<Path> dirs) throws Exception;
    }

    private static void parallel(List<List<Path>> shares, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(shares.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<Path> s : shares) {
                done.add(pool.submit(() -> {
                    job.run(s);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Path> files(Path set) throws IOException {
        try (Stream<Path> s = Files.walk(set)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void clean(String name) throws IOException {
        delete(work.resolve(name));
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
