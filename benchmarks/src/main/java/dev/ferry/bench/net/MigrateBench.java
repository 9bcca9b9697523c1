package dev.ferry.bench.net;

import dev.ferry.api.Dataset;
import dev.ferry.api.ItemRef;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.io.DicomWriter;
import dev.ferry.dicom.net.peer.Dcmqrscp;
import dev.ferry.dicom.net.peer.FreePorts;
import dev.ferry.dicom.net.peer.Json;
import dev.ferry.dicom.net.peer.Orthanc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole migration on loopback, Ferry against the tools a consultant would use instead, side by
 * side in one run (issue 11's end-to-end harness). The data set: {@code --large} CT-like 512 KiB
 * instances and {@code --small} 10 KiB ones, 100 studies each. With 1, 2 and 4 associations:
 *
 * <ul>
 *   <li>dcmtk {@code dcmqrscp} (the legacy archive, seeded by {@code storescu}) into {@code storescp}
 *       (a fast sink that discards), moved by dcmtk's own {@code movescu}, one C-MOVE per study on
 *       each of N associations (the raw protocol baseline), and by {@code ./ferry migrate}: inventory
 *       by C-FIND, retrieval by C-MOVE into Ferry's SCP, C-STORE on, with a few typical coercion rules
 *       (the originals kept in the Original Attributes Sequence), SHA-256 and Pixel Data digests of
 *       every instance and the hash-chained custody record. {@code storescp} cannot be read back, so
 *       nothing is verified there;
 *   <li>Orthanc into a second Orthanc, moved by Orthanc's own C-MOVE ({@code movescu} asking the
 *       legacy Orthanc to move each study to the new one: what one tries first), and by
 *       {@code ./ferry migrate} twice: without verification, and with every study verified (the
 *       destination read back by C-GET and each instance's Pixel Data digest compared, as it is
 *       stored and again in the validation phase), so the ratio shows what the integrity machinery
 *       costs. The new Orthanc is emptied between runs.
 * </ul>
 *
 * Every run is timed from the command's start to its end, so Ferry's figures include its JVM start,
 * inventory and, where verified, the validation phase. Prints instances/s, MB/s and the ratio to the
 * pair's baseline, and writes them as JSON with {@code --out}. Needs dcmtk and Orthanc on the PATH,
 * {@code TCP_NODELAY=1} in the environment, and the CLI built ({@code ./ferry --version}).
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests &amp;&amp; ./ferry --version
 * TCP_NODELAY=1 java -cp benchmarks/target/benchmarks.jar dev.ferry.bench.net.MigrateBench \
 *     --small 20000 --large 2000 --associations 1,2,4 --ferry ./ferry --out migrate-bench.json
 * </pre>
 */
public final class MigrateBench {
    private static final String LEGACY = "LEGACY";
    private static final String SINK = "STORESCP";
    private static final String TARGET = "TARGET";
    private static final String FERRY = "FERRY";

    private final Path work;
    private final Path ferry;
    private final List<Path> sets;
    private final List<String> studies = new ArrayList<>();
    private final int instances;
    private final long bytes;
    private final List<String> json = new ArrayList<>();

    private MigrateBench(Path work, Path ferry, List<Path> sets, List<String> studies) throws IOException {
        this.work = work;
        this.ferry = ferry;
        this.sets = sets;
        this.studies.addAll(studies);
        int n = 0;
        long b = 0;
        for (Path set : sets) {
            for (Path f : StoreBench.files(set)) {
                n++;
                b += Files.size(f);
            }
        }
        this.instances = n;
        this.bytes = b;
    }

    public static void main(String[] args) throws Exception {
        int small = 20_000;
        int large = 2_000;
        int[] associations = {1, 2, 4};
        Path out = null;
        Path work = null;
        Path ferry = Path.of("ferry");
        List<String> pairs = List.of("dcmtk", "orthanc");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--large" -> large = Integer.parseInt(args[++i]);
                case "--associations" -> associations = Stream.of(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--ferry" -> ferry = Path.of(args[++i]);
                case "--pairs" -> pairs = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--small N --large N"
                        + " --associations 1,2,4 --ferry PATH --pairs dcmtk,orthanc --out FILE --work DIR)");
            }
        }
        if (!"1".equals(System.getenv("TCP_NODELAY"))) {
            System.err.println("warning: TCP_NODELAY=1 is not exported: dcmtk and Orthanc run with Nagle's algorithm on");
        }
        boolean own = work == null;
        Path dir = own ? Files.createTempDirectory("ferry-migrate-bench") : Files.createDirectories(work);
        try {
            List<Path> sets = new ArrayList<>();
            List<String> studyUids = new ArrayList<>();
            if (small > 0) {
                sets.add(BenchData.generate(dir, "small", small, 10 * 1024));
                studyUids.addAll(BenchData.studies("small", small));
            }
            if (large > 0) {
                sets.add(BenchData.generate(dir, "large", large, 512 * 1024));
                studyUids.addAll(BenchData.studies("large", large));
            }
            MigrateBench bench = new MigrateBench(dir, ferry.toAbsolutePath(), sets, studyUids);
            System.out.printf(Locale.ROOT, "data set: %d instances, %.1f MB, %d studies%n", bench.instances,
                    bench.bytes / 1e6, studyUids.size());
            System.out.printf(Locale.ROOT, "%-44s %5s %9s %10s %9s%n", "case", "assoc", "seconds", "inst/s", "MB/s");
            if (pairs.contains("dcmtk")) {
                bench.dcmtk(associations);
            }
            if (pairs.contains("orthanc")) {
                bench.orthanc(associations);
            }
            if (out != null) {
                Files.writeString(out, "[\n  " + String.join(",\n  ", bench.json) + "\n]\n");
                System.out.println("results written to " + out);
            }
        } finally {
            if (own) {
                StoreBench.delete(dir);
            }
        }
    }

    /** dcmqrscp → storescp: movescu against ferry migrate. */
    private void dcmtk(int[] associations) throws Exception {
        int sinkPort = FreePorts.allocate();
        int ferryPort = FreePorts.allocate();
        try (Dcmqrscp legacy = Dcmqrscp.builder().aeTitle(LEGACY).maxPdu(StoreBench.PDU)
                .moveDestination(SINK, sinkPort).moveDestination(FERRY, ferryPort).directory(work).start()) {
            seed(legacy.port(), LEGACY);
            for (int n : associations) {
                double base;
                try (DcmtkProcess sink = DcmtkProcess.storescp(work.resolve("sink"), true, true, sinkPort)) {
                    base = report("movescu: dcmqrscp -> storescp", n, time(() -> movescu(legacy.port(), LEGACY, SINK,
                            n)), Double.NaN);
                }
                try (DcmtkProcess sink = DcmtkProcess.storescp(work.resolve("sink"), true, true, sinkPort)) {
                    report("ferry migrate: dcmqrscp -> storescp", n, time(() -> ferryMigrate(
                            "dimse:" + LEGACY + "@127.0.0.1:" + legacy.port(), "dimse:" + SINK + "@127.0.0.1:" + sinkPort,
                            ferryPort, n, "dcmtk-" + n, "inventory,production", "none")), base);
                }
            }
        }
    }

    /** Orthanc → Orthanc: Orthanc's C-MOVE against ferry migrate, unverified and verified. */
    private void orthanc(int[] associations) throws Exception {
        int ferryPort = FreePorts.allocate();
        try (Orthanc target = Orthanc.builder().aeTitle(TARGET).dicomWeb(false).directory(work)
                .option("DicomThreadsCount", 8).start();
             Orthanc legacy = Orthanc.builder().aeTitle(LEGACY).dicomWeb(false).directory(work)
                .option("DicomThreadsCount", 8)
                .modality("target", TARGET, target.dicomPort()).modality("ferry", FERRY, ferryPort).start()) {
            seed(legacy.dicomPort(), LEGACY);
            check(legacy, "the legacy Orthanc after seeding");
            for (int n : associations) {
                double base = report("Orthanc C-MOVE: orthanc -> orthanc", n, time(() -> movescu(legacy.dicomPort(),
                        LEGACY, TARGET, n)), Double.NaN);
                check(target, "the new Orthanc after Orthanc's C-MOVE");
                empty(target);
                String source = "dimse:" + LEGACY + "@127.0.0.1:" + legacy.dicomPort();
                String dest = "dimse:" + TARGET + "@127.0.0.1:" + target.dicomPort();
                report("ferry migrate: orthanc -> orthanc", n, time(() -> ferryMigrate(source, dest, ferryPort, n,
                        "orthanc-" + n, "inventory,production", "none")), base);
                check(target, "the new Orthanc after ferry migrate");
                empty(target);
                report("ferry migrate, verified: orthanc -> orthanc", n, time(() -> ferryMigrate(source, dest,
                        ferryPort, n, "orthanc-verified-" + n, "inventory,production,validation", "pixel-data")), base);
                check(target, "the new Orthanc after ferry migrate, verified");
                empty(target);
            }
        }
    }

    /** Loads the data set into an archive with storescu, as a site would seed a test archive. */
    private void seed(int port, String aet) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "SEEDER", "-aec", aet, "-pdu",
                String.valueOf(StoreBench.PDU), "+sd", "+r", "127.0.0.1", String.valueOf(port)));
        sets.forEach(s -> cmd.add(s.toString()));
        long t0 = System.nanoTime();
        DcmtkProcess.run(cmd, work.resolve("seed-" + aet + ".log"));
        System.out.printf(Locale.ROOT, "seeded %s in %.1f s%n", aet, (System.nanoTime() - t0) / 1e9);
    }

    /** One C-MOVE per study, the studies dealt over {@code n} movescu processes (one association each). */
    private void movescu(int port, String called, String destination, int n) throws Exception {
        Path queries = Files.createDirectories(work.resolve("queries"));
        List<List<String>> shares = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            shares.add(new ArrayList<>(List.of("movescu", "-S", "-aet", "MOVESCU", "-aec", called, "-aem",
                    destination, "-pdu", String.valueOf(StoreBench.PDU), "127.0.0.1", String.valueOf(port))));
        }
        for (int k = 0; k < studies.size(); k++) {
            Path q = queries.resolve("q" + k + ".dcm");
            if (!Files.exists(q)) {
                writeQuery(q, studies.get(k), k);
            }
            shares.get(k % n).add(q.toString());
        }
        List<Thread> threads = new ArrayList<>();
        List<Exception> failed = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            List<String> cmd = shares.get(a);
            Path log = work.resolve("movescu-" + a + ".log");
            Thread t = new Thread(() -> {
                try {
                    DcmtkProcess.run(cmd, log);
                } catch (RuntimeException e) {
                    synchronized (failed) {
                        failed.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
    }

    private static void writeQuery(Path file, String studyUid, int k) throws IOException {
        Dataset q = new Dataset();
        q.setString(Tag.SOPClassUID, VR.UI, UID.StudyRootQueryRetrieveInformationModelMove);
        q.setString(Tag.SOPInstanceUID, VR.UI, "2.25.99" + k);
        q.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        q.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        Dataset meta = DicomWriter.fileMeta(q, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "BENCH");
        q.remove(Tag.SOPClassUID);
        q.remove(Tag.SOPInstanceUID);
        try (OutputStream out = Files.newOutputStream(file)) {
            DicomWriter.writeFile(out, null, meta, q, java.io.InputStream.nullInputStream(),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ItemRef.NONE);
        }
    }

    /**
     * Coercion as a site would run it: a few typical rules on every instance (a trim, a set, a
     * regular-expression replace, dates fixed), each change kept in the Original Attributes Sequence
     * and on the custody chain.
     */
    private static final String RULES = """
            name: bench-site-rules
            rules:
              - name: institution
                do:
                  - trim: InstitutionName
                  - set: {tag: InstitutionName, value: NEW HOSPITAL}
              - name: manufacturer
                when: {modality: [CT]}
                do:
                  - replace: {tag: Manufacturer, pattern: "^BENCH$", with: BENCH-CT}
              - name: dates
                do: [fixDates]
            """;

    /** ./ferry migrate between two dimse: archives with {@code n} studies and associations at once. */
    private void ferryMigrate(String source, String dest, int ferryPort, int n, String name, String phases,
                              String verify) throws Exception {
        Path state = work.resolve("state-" + name);
        StoreBench.delete(state);
        Path rules = work.resolve("bench-rules.yaml");
        if (!Files.exists(rules)) {
            Files.writeString(rules, RULES);
        }
        List<String> cmd = List.of(ferry.toString(), "migrate", "--source", source, "--dest", dest,
                "--local", FERRY + "@127.0.0.1:" + ferryPort, "--name", name, "--state", state.toString(),
                "--max-studies", String.valueOf(n), "--max-associations", String.valueOf(n), "--phases", phases,
                "--verify", verify, "--coerce", rules.toString(), "--no-progress", "--json");
        Path log = work.resolve("ferry-" + name + ".log");
        DcmtkProcess.run(cmd, log);
        String output = Files.readString(log);
        if (!output.contains("\"instancesStored\" : " + instances) && !output.contains("\"instancesStored\":" + instances)) {
            throw new IllegalStateException("ferry migrate " + name + " did not store all " + instances
                    + " instances; see " + log);
        }
        if (phases.contains("validation") && !output.contains("\"failed\" : 0")) {
            throw new IllegalStateException("ferry migrate " + name + ": validation failed; see " + log);
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static long time(Run r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private double report(String name, int n, long nanos, double baseline) {
        double seconds = nanos / 1e9;
        double rate = instances / seconds;
        double mbs = bytes / seconds / 1e6;
        String ratio = Double.isNaN(baseline) ? "" : String.format(Locale.ROOT, "  x%.2f of baseline", rate / baseline);
        System.out.printf(Locale.ROOT, "%-44s %5d %9.2f %10.0f %9.1f%s%n", name, n, seconds, rate, mbs, ratio);
        json.add(String.format(Locale.ROOT, "{\"case\": \"%s\", \"associations\": %d, \"instances\": %d, \"bytes\": %d,"
                + " \"seconds\": %.3f, \"instancesPerSecond\": %.1f, \"mbPerSecond\": %.1f%s}", name, n, instances, bytes,
                seconds, rate, mbs, Double.isNaN(baseline) ? "" : String.format(Locale.ROOT,
                        ", \"ratioToBaseline\": %.3f", rate / baseline)));
        return rate;
    }

    private void check(Orthanc o, String what) throws IOException {
        long held = o.instanceCount();
        if (held != instances) {
            throw new IllegalStateException(what + " holds " + held + " instances, not " + instances);
        }
    }

    private static void empty(Orthanc o) throws IOException, InterruptedException {
        for (Object id : (List<?>) Json.parse(o.get("/studies"))) {
            o.delete("/studies/" + id);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (o.instanceCount() != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Orthanc still holds instances after deleting every study");
            }
            Thread.sleep(200);
        }
    }

}
