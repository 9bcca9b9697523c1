package dev.ferry.cli;

import dev.ferry.core.LoadedPlan;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.Phase;
import dev.ferry.core.PlanComponents;
import dev.ferry.core.PlanReader;
import dev.ferry.core.state.StateStore;
import dev.ferry.dicom.archive.ArchiveUri;
import dev.ferry.dicom.coerce.RuleCoercer;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ferry migrate}: runs a migration's phases, resuming where the last run stopped. */
@Command(name = "migrate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Migrates a source archive into a destination; run it again to resume.",
        description = {
            "Runs the phases of a migration against its state store: by default the inventory (a delta sweep "
                    + "when the migration was inventoried before), production, validation and the readiness "
                    + "report. Every phase continues from the state store, so a run stopped by Ctrl-C, a crash "
                    + "or kill -9 resumes when the same command is run again, and nothing is stored twice.",
            "Either --plan FILE (a YAML plan: see docs/plan.example.yaml) or --source URI and --dest URI, "
                    + "written folder:PATH, dimse:AET@host:port or dicomweb:URL. With dimse: sources, --local "
                    + "AET@host:port is Ferry's own AE that receives C-MOVE sub-operations; without it, C-GET.",
            "The state is an embedded database in ./ferry-state unless --state (or the plan's state:) says "
                    + "otherwise. Several processes can share one migration on PostgreSQL "
                    + "(--state jdbc:postgresql://...): they split the studies between them.",
            "--coerce FILE (repeatable) and --map-private-dose change headers on their way, every change "
                    + "reported and the originals kept in the Original Attributes Sequence; --coerce-dry-run N "
                    + "--out DIR shows what they would do over N sampled studies and stores nothing.",
            "Exit status: 0 when the phases ran (the reports list any exceptions that wait for an operator), "
                    + "1 when a phase could not run, 2 for a wrong command line."
        })
final class MigrateCommand extends NetworkCommand {
    @Option(names = "--plan", paramLabel = "FILE", description = "The migration plan (YAML).")
    Path plan;

    @Option(names = "--source", paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "Without --plan: the archive to migrate from.")
    ArchiveUri source;

    @Option(names = "--dest", paramLabel = "URI", converter = ArchiveOptions.UriConverter.class,
            description = "Without --plan: the archive to migrate to.")
    ArchiveUri dest;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Without --plan: the migration's name in the state store (default: m- and a hash of the "
                    + "two URIs, so that the same command resumes the same migration).")
    String name;

    @Option(names = "--max-studies", paramLabel = "N", defaultValue = "2",
            description = "Without --plan: studies migrated at once (default ${DEFAULT-VALUE}).")
    int maxStudies;

    @Option(names = "--phases", paramLabel = "PHASE", split = ",",
            description = "The phases to run, in order: inventory, delta, dry-run, test-migration, production, "
                    + "validation, readiness (default: inventory or delta, production, validation, readiness).")
    List<String> phases;

    @Option(names = "--dry-run-studies", paramLabel = "N", defaultValue = "20",
            description = "Studies the dry-run phase examines (default ${DEFAULT-VALUE}).")
    int dryRunStudies;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on standard error (default: when it is a terminal).")
    Boolean progress;

    @Option(names = "--json", description = "Print each phase's report as JSON instead of text.")
    boolean json;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    UserIdentityOptions identity;

    @Mixin
    StateOptions state;

    @Mixin
    VerifyOptions verify;

    @Mixin
    CommitmentOptions commitment;

    @Mixin
    PatientIdentityOptions patientIdentity;

    @Option(names = "--prefetch-listen", paramLabel = "HOST:PORT",
            description = "Listen there for HL7 over MLLP while the migration runs: an admission or registration "
                    + "(ADT A01, A04, A05), an order (ORM^O01, OMI^O23) or an appointment (SIU^S12) moves the "
                    + "patient's studies to the pre-fetch lane, ahead of everything else; the time until they are "
                    + "all on the destination is in the proof package.")
    String prefetchListen;

    @Mixin
    CoerceOptions coerce;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        if ((plan == null) == (source == null || dest == null)) {
            throw new ParameterException(spec.commandLine(),
                    "give either --plan FILE or both --source URI and --dest URI");
        }
        if (plan != null && (source != null || dest != null)) {
            throw new ParameterException(spec.commandLine(), "--source and --dest go in the plan when --plan is given");
        }
        if (maxStudies < 1 || maxStudies > 256) {
            throw new ParameterException(spec.commandLine(), "--max-studies must be between 1 and 256");
        }
        List<Phase> wanted = parsePhases();
        boolean coercionDryRun = coerce.dryRun(spec);
        List<RuleCoercer> coercers = coerce.coercers(spec);
        Verifier doseRetention = coerce.doseRetention(spec, err);
        dev.ferry.spi.IdentityResolver identityResolver = patientIdentity.resolver(spec, err);
        if (plan != null) {
            if (commitment.mode != null) {
                throw new ParameterException(spec.commandLine(), "--storage-commitment goes with --source and --dest");
            }
            PlanComponents.Builder components = VerifyOptions.components(doseRetention);
            coercers.forEach(c -> components.coercer(c.name(), c));
            if (identityResolver != null) {
                components.identityResolver(PatientIdentityOptions.COMPONENT, identityResolver);
            }
            try (LoadedPlan loaded = PlanReader.read(plan, new UriArchiveOpener(network, identity, archive),
                    components.build())) {
                if (coercionDryRun) {
                    return coerce.runDryRun(spec, loaded.plan().source(), out);
                }
                requireNamedInPlan(loaded.plan(), coercers);
                if (identityResolver != null && !loaded.plan().identityResolvers().contains(identityResolver)) {
                    throw new ParameterException(spec.commandLine(), "the plan " + plan + " does not run the identity "
                            + "options given on the command line: name " + PatientIdentityOptions.COMPONENT
                            + " in its identityResolvers: list");
                }
                return run(loaded.plan(), loaded.stateUrl().orElse(null), wanted, out, err);
            }
        }
        if (coercionDryRun) {
            try (SourceArchive s = archive.openSource(source, network, identity)) {
                return coerce.runDryRun(spec, s, out);
            }
        }
        try (SourceArchive s = archive.openSource(source, network, identity);
                DestinationArchive d = archive.openDestination(dest, network, identity);
                CommitmentOptions.Commitment committing = commitment.open(spec, dest, network)) {
            MigrationPlan.Builder builder = MigrationPlan.builder(name != null ? name : derivedName(source, dest))
                    .source(s).destination(d).maxStudies(maxStudies);
            if (identityResolver != null) {
                builder.identityResolver(identityResolver);
            }
            coercers.forEach(builder::coercer);
            verify.verifiers(spec, d, err, doseRetention).forEach(builder::verifier);
            if (committing != null) {
                builder.verifier(committing.verifier());
            }
            MigrationPlan p = builder.build();
            return run(p, null, wanted, out, err);
        }
    }

    /** A coercer given on the command line that the plan does not run would be silently ignored: refuse. */
    private void requireNamedInPlan(MigrationPlan p, List<RuleCoercer> coercers) {
        for (RuleCoercer c : coercers) {
            if (!p.coercers().contains(c)) {
                throw new ParameterException(spec.commandLine(), "the plan " + plan + " does not run the coercer '"
                        + c.name() + "' given on the command line: name it in its coercers: list");
            }
        }
    }

    private int run(MigrationPlan p, String planState, List<Phase> wanted, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        try (StateStore store = state.open(planState);
                PhaseRunner runner = new PhaseRunner("ferry-migrate", p, store,
                        progress != null ? progress : System.console() != null, json, out, err)) {
            err.println("ferry migrate: migration " + p.name() + ", " + p.source().name() + " -> "
                    + p.destination().name() + ", state " + state.describe(planState));
            err.flush();
            boolean inventoried = !store.sweeps(p.name()).isEmpty();
            try (AutoCloseable listening = listenForPrefetch(runner.migration(), err)) {
                for (Phase phase : wanted) {
                    if (runner.run(phase, dryRunStudies, inventoried && phases == null) == null) {
                        break;
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("closing the pre-fetch listener: " + e.getMessage(), e);
            }
            runner.sayIfStopped("run the same command again to resume");
            return OK;
        }
    }

    /** The MLLP listener of --prefetch-listen, promoting patients in {@code m}; a no-op without the option. */
    private AutoCloseable listenForPrefetch(dev.ferry.core.Migration m, PrintWriter err) throws IOException {
        if (prefetchListen == null) {
            return () -> { };
        }
        int colon = prefetchListen.lastIndexOf(':');
        int port;
        java.net.InetAddress host;
        try {
            port = Integer.parseInt(prefetchListen.substring(colon + 1));
            host = java.net.InetAddress.getByName(colon <= 0 ? "0.0.0.0" : prefetchListen.substring(0, colon));
        } catch (NumberFormatException | java.net.UnknownHostException | StringIndexOutOfBoundsException e) {
            throw new ParameterException(spec.commandLine(), "--prefetch-listen is HOST:PORT, not " + prefetchListen);
        }
        dev.ferry.hl7.prefetch.PrefetchTriggers triggers = new dev.ferry.hl7.prefetch.PrefetchTriggers(
                (patient, trigger) -> m.prefetch(patient, trigger));
        dev.ferry.hl7.mllp.MllpListener listener = dev.ferry.hl7.mllp.MllpListener.builder(triggers).bindAddress(host)
                .port(port).build().start();
        err.println("ferry migrate: listening for pre-fetch triggers (HL7 over MLLP) on " + host.getHostAddress() + ":"
                + listener.port());
        err.flush();
        return () -> {
            listener.close();
            triggers.close();
        };
    }

    private List<Phase> parsePhases() {
        if (phases == null || phases.isEmpty()) {
            return List.of(Phase.INVENTORY, Phase.PRODUCTION, Phase.VALIDATION, Phase.READINESS);
        }
        List<Phase> list = new ArrayList<>();
        for (String s : phases) {
            Phase found = null;
            for (Phase ph : Phase.values()) {
                if (ph.label().equalsIgnoreCase(s.strip())) {
                    found = ph;
                }
            }
            if (found == null) {
                throw new ParameterException(spec.commandLine(), "unknown phase '" + s
                        + "': inventory, delta, dry-run, test-migration, production, validation or readiness");
            }
            list.add(found);
        }
        return list;
    }

    /** A stable name for a migration given by its two URIs: the same command resumes the same migration. */
    static String derivedName(ArchiveUri source, ArchiveUri dest) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + (dest == null ? "" : dest)).getBytes(StandardCharsets.UTF_8));
            return "m-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
