package dev.ferry.cli;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.core.Backoff;
import dev.ferry.core.CircuitBreakerPolicy;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.Phase;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.RetryPolicy;
import dev.ferry.core.Tier;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.core.state.StateCounts;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyRecord;
import dev.ferry.core.state.StudyState;
import dev.ferry.core.verify.DoseRetentionVerifier;
import dev.ferry.dicom.archive.dimse.DimseDestination;
import dev.ferry.dicom.archive.dimse.DimseSource;
import dev.ferry.dicom.coerce.DoseMappings;
import dev.ferry.dicom.coerce.TestkitDoseMappings;
import dev.ferry.dicom.net.RemoteAe;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.identity.IdentityPipeline;
import dev.ferry.hl7.mllp.Ack;
import dev.ferry.hl7.mllp.MllpClient;
import dev.ferry.hl7.mllp.MllpListener;
import dev.ferry.hl7.prefetch.PrefetchTriggers;
import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.Verifier;
import dev.ferry.testkit.generator.ArchiveGenerator;
import dev.ferry.testkit.generator.DirtProfile;
import dev.ferry.testkit.generator.GeneratorSettings;
import dev.ferry.testkit.generator.GroundTruth;
import dev.ferry.testkit.generator.Sizes;
import dev.ferry.testkit.simulator.Faults;
import dev.ferry.testkit.simulator.LegacyPacsSimulator;
import dev.ferry.testkit.simulator.StrictDestination;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ferry demo}: the whole of Ferry in one command on a fresh checkout. It generates a small
 * dirty legacy archive, serves it from the legacy PACS simulator (with a few of the faults legacy
 * systems show), starts a strict destination PACS, both on loopback, and runs every phase of a
 * migration between them on the embedded state store; then it checks the outcome against the
 * generator's ground truth: every study of the archive must be migrated or on the exception list.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Migrates a generated dirty legacy archive between two simulated PACS on loopback, every phase.",
        description = {
            "Generates a legacy archive (--studies studies, from --seed) with the faults real archives have: "
                    + "patients registered twice, MRN and accession variants, private dose tags, character "
                    + "sets, corrupt and duplicate objects. Serves it from a legacy PACS simulator (DIMSE "
                    + "C-FIND/C-MOVE, with the --faults given), starts a strict destination PACS that refuses "
                    + "non-conformant headers, and runs the migration's phases with the state in --dir: "
                    + "inventory, dry run, test migration, production, the delta (studies that arrive meanwhile), "
                    + "validation and cutover readiness, printing each report.",
            "Last it checks every study the generator made against the state store: each must be migrated or "
                    + "have an exception with its reason. Nothing leaves the machine: everything listens on "
                    + "127.0.0.1 and stops when the demo ends.",
            "Afterwards ferry status, ferry exceptions, ferry custody verify and ferry report show the migration "
                    + "(they find ./ferry-demo/state when there is no ./ferry-state; for another --dir give them "
                    + "--state DIR/state). Run the demo again to start afresh: it replaces a folder it made before.",
            "Exit status: 0 when every study is accounted for, 1 when one is not or the demo could not run, "
                    + "2 for a wrong command line."
        })
final class DemoCommand extends NetworkCommand {
    /** What marks a folder as the demo's own, so that a second run may empty it. */
    static final String MARKER = ".ferry-demo";
    static final String MIGRATION = "demo";
    /** Where the demo keeps its files unless --dir says otherwise. */
    static final String DEFAULT_DIR = "ferry-demo";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Where the demo keeps the generated archive, the destination's files and the state "
                    + "(default ./${DEFAULT-VALUE}). Replaced if a previous demo made it; refused if it holds "
                    + "anything else.")
    Path dir;

    @Option(names = "--studies", paramLabel = "N", defaultValue = "60",
            description = "Studies in the legacy archive (default ${DEFAULT-VALUE}).")
    int studies;

    @Option(names = "--delta", paramLabel = "N", defaultValue = "6",
            description = "Studies that arrive at the legacy PACS during the migration (default ${DEFAULT-VALUE}).")
    int delta;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "The generator's seed: the same seed makes the same archive (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", paramLabel = "SPEC", defaultValue = "find-cap=50,abort-after=300,drop=0.002,seed=7",
            description = "The legacy PACS's faults, as ferry simulate takes them (default ${DEFAULT-VALUE}; "
                    + "none for a well-behaved PACS).")
    String faults;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on standard error (default: when it is a terminal).")
    Boolean progress;

    @Option(names = "--json", description = "Print each phase's report as JSON instead of text.")
    boolean json;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if (studies < 1 || studies > 100_000) {
            throw new ParameterException(spec.commandLine(), "--studies must be 1 to 100000: " + studies);
        }
        if (delta < 0 || delta > 10_000) {
            throw new ParameterException(spec.commandLine(), "--delta must be 0 to 10000: " + delta);
        }
        Faults sourceFaults;
        try {
            sourceFaults = "none".equalsIgnoreCase(faults.strip()) ? Faults.NONE : Faults.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--faults: " + e.getMessage());
        }
        prepareFolder(dir);
        Clock clock = Clock.systemDefaultZone();
        LocalDate today = LocalDate.now(clock);

        GroundTruth truth = generate(out, today);
        Path generated = dir.resolve("generated");
        try (StrictDestination destinationPacs = StrictDestination.builder()
                    .aeTitle("NEWPACS").folder(dir.resolve("destination")).bind("127.0.0.1", 0).build().start()) {
            RemoteAe receiver = new RemoteAe("FERRY", "127.0.0.1", freePort());
            try (LegacyPacsSimulator legacy = LegacyPacsSimulator.builder()
                        .archive(generated.resolve("archive"))
                        .aeTitle("LEGACY").bind("127.0.0.1", 0)
                        .moveDestination(receiver.aeTitle(), receiver)
                        .faults(sourceFaults)
                        .delta(generated.resolve("delta"), Duration.ofDays(365))
                        .build().start();
                    SourceArchive source = DimseSource.builder(legacy.dimse())
                        .callingAeTitle(receiver.aeTitle()).moveTo(receiver)
                        .options(network.associationOptions(false)).maxAssociations(2).build();
                    DestinationArchive destination = DimseDestination.builder(destinationPacs.ae())
                        .callingAeTitle(receiver.aeTitle())
                        .options(network.associationOptions(false)).maxAssociations(2).build();
                    StateStore store = JdbcStateStore.openEmbedded(dir.resolve("state"))) {
                out.println("2. legacy PACS " + legacy.dimse() + " (faults: " + sourceFaults + "), strict destination "
                        + destinationPacs.ae() + ", Ferry receiving C-MOVE as " + receiver);
                out.println();
                out.flush();
                MigrationPlan.Builder planBuilder = MigrationPlan.builder(MIGRATION)
                        .source(source).destination(destination)
                        // A date range, not "any date": the PACS caps C-FIND results, and only a
                        // range can be split until every study is listed (it holds no undated ones).
                        .scope(StudyQuery.builder().dates(LocalDate.of(1900, 1, 1), today).build())
                        .tier(Tier.recent("last two years", Period.ofYears(2)))
                        .maxStudies(4)
                        .sample(3, seed)
                        .retry(new RetryPolicy(3, Backoff.exponential(Duration.ofMillis(200), 2, Duration.ofSeconds(2),
                                0.2)))
                        .circuitBreaker(new CircuitBreakerPolicy(50, 20, 0.2, Duration.ofSeconds(3),
                                CircuitBreakerPolicy.SYSTEMIC));
                // The invented vendors' private CTDIvol copied to (0018,9345) where a header lacks it.
                DoseCounter dose = new DoseCounter(DoseMappings.coercer(TestkitDoseMappings.entries()));
                planBuilder.coercer(dose);
                // Every built-in verifier, on every study as it is stored and again in validation; dose
                // retention also checks that the destination holds the mapped CTDIvol.
                Verifier doseRetention = CoerceOptions.doseRetentionVerifier(TestkitDoseMappings.entries());
                VerifyOptions.BUILT_IN.forEach((name, v) -> planBuilder.verifier(
                        name.equals(DoseRetentionVerifier.NAME) ? doseRetention : v.apply(1.0)));
                // The HIS merged duplicate registrations years ago (A40s the headers never saw): its ADT
                // history puts every study under the surviving patient.
                MergeGraph history;
                try (AdtReader reader = AdtReader.create()) {
                    history = MergeGraph.of(reader.read(generated.resolve("hl7")).events());
                }
                planBuilder.identityResolver(IdentityPipeline.builder().name(PatientIdentityOptions.COMPONENT)
                        .resolver(new MergeHistoryResolver(history)).withoutDemographicsCheck().build());
                MigrationPlan plan = planBuilder.build();
                boolean show = progress != null ? progress : System.console() != null;
                try (PhaseRunner runner = new PhaseRunner("ferry demo", plan, store, show, json, out, err)) {
                    runPhases(runner, store, legacy, truth, out);
                    if (runner.stopped()) {
                        runner.sayIfStopped("run ferry demo again to start afresh");
                        return FAILED;
                    }
                    return summarize(runner, store, truth, destinationPacs, legacy, dose, out);
                }
            }
        }
    }

    private GroundTruth generate(PrintWriter out, LocalDate today) throws IOException {
        GeneratorSettings settings = GeneratorSettings.builder()
                .seed(seed).studies(studies).deltaStudies(delta)
                // A month back, so that the studies arriving meanwhile are dated in the last weeks.
                .sizes(Sizes.COMPACT).dirt(DirtProfile.FIELD).asOf(today.minusMonths(1))
                .build();
        long started = System.nanoTime();
        Path generated = dir.resolve("generated");
        GroundTruth truth = new ArchiveGenerator(settings).writeTo(generated);
        out.printf(Locale.ROOT, "ferry demo in %s%n%n1. a dirty legacy archive (seed %d), ", dir, seed);
        GenerateCommand.describe(truth, generated, (System.nanoTime() - started) / 1e9, out);
        out.flush();
        return truth;
    }

    /** Every phase, with the delta's studies arriving between production and the delta sweep. */
    private void runPhases(PhaseRunner runner, StateStore store, LegacyPacsSimulator legacy, GroundTruth truth,
                           PrintWriter out) throws IOException, InterruptedException {
        for (Phase p : List.of(Phase.INVENTORY, Phase.DRY_RUN, Phase.TEST_MIGRATION)) {
            if (runner.run(p, 20, false) == null) {
                return;
            }
        }
        announceAPatient(runner, store, truth, legacy.faults(), out);
        if (runner.run(Phase.PRODUCTION, 20, false) == null) {
            return;
        }
        int arrived = 0;
        while (legacy.releaseNextDeltaStudy().isPresent()) {
            arrived++;
        }
        out.println("   " + arrived + " new studies arrived at the legacy PACS");
        out.println();
        for (Phase p : List.of(Phase.DELTA, Phase.PRODUCTION, Phase.VALIDATION, Phase.READINESS)) {
            if (runner.run(p, 20, false) == null) {
                return;
            }
        }
    }

    /**
     * A patient with the most studies still to move is registered at the hospital: an HL7 ADT^A04
     * over MLLP to Ferry's pre-fetch listener moves their history ahead of everything else, and the
     * time until it is all on the new PACS is measured.
     */
    private static void announceAPatient(PhaseRunner runner, StateStore store, GroundTruth truth, Faults faults,
                                         PrintWriter out) throws IOException {
        // A patient whose studies can all be migrated: one with a corrupt object, or an instance the
        // faulty legacy PACS always drops, would wait on the exception list, and the point here is the
        // time the history takes to arrive.
        Set<String> broken = new HashSet<>();
        truth.unmigratableStudies().forEach(s -> broken.add(s.studyInstanceUid()));
        truth.instances().stream().filter(i -> faults.drops(i.sopInstanceUid()))
                .forEach(i -> broken.add(i.studyInstanceUid()));
        Map<PatientIdentity, Integer> pending = new HashMap<>();
        Set<PatientIdentity> withBroken = new HashSet<>();
        store.forEachStudy(MIGRATION, Set.of(StudyState.PENDING), s -> {
            if (s.patient() != null && !s.patient().id().isEmpty()) {
                pending.merge(s.patient(), 1, Integer::sum);
                if (broken.contains(s.studyInstanceUid())) {
                    withBroken.add(s.patient());
                }
            }
        });
        pending.keySet().removeAll(withBroken);
        PatientIdentity patient = pending.entrySet().stream().max(Map.Entry.<PatientIdentity, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(dev.ferry.hl7.adt.MergeGraph.ORDER))).map(Map.Entry::getKey)
                .orElse(null);
        if (patient == null) {
            return;
        }
        try (PrefetchTriggers triggers = new PrefetchTriggers((p, trigger) -> runner.migration().prefetch(p, trigger));
                MllpListener listener = MllpListener.builder(triggers).build().start();
                MllpClient his = MllpClient.connect(new java.net.InetSocketAddress(listener.address(), listener.port()),
                        Duration.ofSeconds(10))) {
            String a04 = "MSH|^~\\&|HIS|HOSPITAL|FERRY|DEMO|" + java.time.format.DateTimeFormatter.ofPattern(
                    "yyyyMMddHHmmss").format(java.time.LocalDateTime.now()) + "||ADT^A04^ADT_A01|DEMO-A04-1|P|2.5.1\r"
                    + "EVN|A04\r" + "PID|||" + hl7(patient.id()) + "^^^" + hl7(patient.issuer()) + "\r" + "PV1||O\r";
            Ack ack = his.send(a04);
            out.println("   a patient with " + pending.get(patient) + " studies still on the legacy PACS registers: "
                    + "HL7 ADT^A04 over MLLP, answered " + ack.code() + "; their history moves first");
            out.println();
            out.flush();
        }
    }

    /** A value in an HL7 field: the delimiters escaped. */
    private static String hl7(String value) {
        return value.replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\").replace("&", "\\T\\")
                .replace("~", "\\R\\");
    }

    /** The final report: counts, KPIs, exceptions, and every generated study accounted for. */
    private int summarize(PhaseRunner runner, StateStore store, GroundTruth truth, StrictDestination destinationPacs,
                          LegacyPacsSimulator legacy, DoseCounter dose, PrintWriter out) {
        StateCounts c = store.counts(MIGRATION);
        List<ExceptionRecord> open = store.exceptions(MIGRATION, EnumSet.of(ExceptionRecord.Status.OPEN));
        Map<ReasonCode, Integer> byReason = new TreeMap<>();
        Set<String> withException = new HashSet<>();
        for (ExceptionRecord e : open) {
            byReason.merge(e.reason(), 1, Integer::sum);
            withException.add(e.studyInstanceUid());
        }
        int migrated = 0;
        int excepted = 0;
        int unaccounted = 0;
        int unmigratableCaught = 0;
        Set<String> unmigratable = new HashSet<>();
        for (GroundTruth.Study s : truth.unmigratableStudies()) {
            unmigratable.add(s.studyInstanceUid());
        }
        // Studies whose broken objects all have unreadable headers: the legacy PACS cannot read them
        // itself, so it never lists them, and no migration tool can see they exist.
        Set<String> brokenReadably = new HashSet<>();
        for (GroundTruth.Instance i : truth.corruptInstances()) {
            if (i.corrupt() == GroundTruth.Corruption.TRUNCATED) {
                brokenReadably.add(i.studyInstanceUid());
            }
        }
        for (GroundTruth.Study s : truth.studies()) {
            StudyRecord r = store.study(MIGRATION, s.studyInstanceUid()).orElse(null);
            StudyState st = r == null ? null : r.state();
            if (st == StudyState.DONE) {
                migrated++;
            } else if (st == StudyState.EXCEPTION || withException.contains(s.studyInstanceUid())) {
                excepted++;
                if (unmigratable.contains(s.studyInstanceUid())) {
                    unmigratableCaught++;
                }
            } else {
                unaccounted++;
            }
        }
        PhaseReport production = last(runner, Phase.PRODUCTION);
        PhaseReport deltaReport = last(runner, Phase.DELTA);
        PhaseReport validation = last(runner, Phase.VALIDATION);
        PhaseReport readiness = last(runner, Phase.READINESS);

        out.println("3. outcome");
        out.printf(Locale.ROOT, "   studies: %d generated, %d migrated, %d on the exception list, %d unaccounted%n",
                truth.studies().size(), migrated, excepted, unaccounted);
        out.printf(Locale.ROOT, "   instances stored: %d (%.1f MB); the strict destination refused %d objects%n",
                c.instancesStored(), c.bytesStored() / 1e6, destinationPacs.refusals().size());
        long unlisted = unmigratable.stream().filter(u -> !brokenReadably.contains(u)).count();
        out.printf(Locale.ROOT, "   studies with unmigratable objects: %d in the ground truth, %d of them on the "
                + "exception list; in %d the broken objects' headers are unreadable, so the legacy PACS itself "
                + "never lists them%n", unmigratable.size(), unmigratableCaught, unlisted);
        out.println("   open exceptions by reason: " + (byReason.isEmpty() ? "none" : byReason));
        out.printf(Locale.ROOT, "   KPIs: study error rate %s, transfer %s studies/h against a delta of %s studies/h, "
                        + "validation pass rate %s, ready for cutover: %s%n",
                figure(readiness, "errorRate"), figure(deltaReport, "transferStudiesPerHour"),
                figure(deltaReport, "deltaStudiesPerHour"), figure(validation, "passRate"),
                figure(readiness, "ready"));
        out.printf(Locale.ROOT, "   dose mapping: %d CT instances had CTDIvol only in their vendor's private block; "
                + "it was copied to CTDIvol (0018,9345), the original absence kept in the Original Attributes "
                + "Sequence, and dose-retention checked the destination holds it%n", dose.mapped.sum());
        for (var p : store.prefetches(MIGRATION)) {
            out.println("   pre-fetch (" + p.trigger() + "): " + p.studies() + " studies, " + p.latency()
                    .map(d -> String.format(Locale.ROOT, "all on the new PACS %.1f s after the message (target 60 s)",
                            d.toMillis() / 1000.0))
                    .orElse(p.done() + " on the new PACS, " + p.blocked() + " on the exception list"));
        }
        out.println("   legacy PACS: " + legacy.stats());
        if (production != null) {
            out.printf(Locale.ROOT, "   production: %s instances/s, %s MB/s%n", figure(production, "instancesPerSecond"),
                    figure(production, "megabytesPerSecond"));
        }
        ChainVerification chain;
        try (CustodyLog log = store.custodyLog(MIGRATION)) {
            chain = log.verifyChain();
        }
        out.println("   chain of custody: " + (chain instanceof ChainVerification.Intact ok
                ? String.format(Locale.ROOT, "%,d records, every link intact, head %s", ok.records(), ok.headHash())
                : "BROKEN: " + chain));
        out.println();
        String st = dir.equals(Path.of(DEFAULT_DIR)) ? "" : " --state " + dir.resolve("state");
        out.println("   next: ferry status" + st + "   ferry exceptions" + st + "   ferry custody verify" + st
                + "   ferry report" + st + " --out ferry-report");
        if (!chain.intact()) {
            out.println("ferry demo: the chain of custody does not verify");
            return FAILED;
        }
        long missed = brokenReadably.stream().filter(u -> unmigratable.contains(u)
                && store.study(MIGRATION, u).map(r -> r.state() == StudyState.DONE).orElse(false)).count();
        if (missed > 0) {
            out.println("ferry demo: " + missed + " studies holding a truncated object were migrated as complete");
            return FAILED;
        }
        if (unaccounted > 0) {
            out.println("ferry demo: " + unaccounted + " studies neither migrated nor on the exception list");
            return FAILED;
        }
        out.println("   every study is accounted for");
        return OK;
    }

    /** The dose mapping's coercer, counting the instances whose CTDIvol it wrote. */
    private static final class DoseCounter implements TagCoercer {
        private final TagCoercer inner;
        final LongAdder mapped = new LongAdder();

        DoseCounter(TagCoercer inner) {
            this.inner = inner;
        }

        @Override
        public CoercionOutcome coerce(Dataset header, CoercionContext context) {
            CoercionOutcome o = inner.coerce(header, context);
            if (o instanceof CoercionOutcome.Applied a
                    && a.changes().stream().anyMatch(c -> c.path().equals(TagPath.of(Tag.CTDIvol)))) {
                mapped.increment();
            }
            return o;
        }

        @Override
        public String name() {
            return inner.name();
        }
    }

    private static PhaseReport last(PhaseRunner runner, Phase phase) {
        PhaseReport found = null;
        for (PhaseReport r : runner.reports()) {
            if (r.phase() == phase) {
                found = r;
            }
        }
        return found;
    }

    private static String figure(PhaseReport r, String name) {
        Object v = r == null ? null : r.figures().get(name);
        return v == null ? "n/a" : String.valueOf(v);
    }

    /** Creates {@code dir}, emptying it first if an earlier demo made it; refuses any other non-empty folder. */
    private void prepareFolder(Path folder) throws IOException {
        if (Files.exists(folder)) {
            if (!Files.isDirectory(folder)) {
                throw new ParameterException(spec.commandLine(), "--dir " + folder + " is a file");
            }
            boolean empty;
            try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
                empty = !d.iterator().hasNext();
            }
            if (!empty && !Files.exists(folder.resolve(MARKER))) {
                throw new ParameterException(spec.commandLine(), "--dir " + folder
                        + " holds files the demo did not make; give an empty or new folder");
            }
            deleteTree(folder);
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MARKER), "made by ferry demo; the next demo replaces this folder\n");
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A loopback port free now, for Ferry's C-MOVE receiver (the simulator must know it before it starts). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
