package dev.ferry.cli;

import dev.ferry.api.ConfigurationException;
import dev.ferry.core.verify.DoseRetentionVerifier;
import dev.ferry.dicom.coerce.CoercionDryRun;
import dev.ferry.dicom.coerce.DoseMapping;
import dev.ferry.dicom.coerce.DoseMappings;
import dev.ferry.dicom.coerce.Rule;
import dev.ferry.dicom.coerce.RuleCoercer;
import dev.ferry.dicom.coerce.RuleReader;
import dev.ferry.dicom.coerce.RuleSet;
import dev.ferry.dicom.coerce.TestkitDoseMappings;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a migration changes headers on their way (issue 8): rules files, the cited private-to-standard
 * dose mapping, and a dry run of both over a sample of the source: a picocli mixin of
 * {@code ferry migrate}.
 *
 * <p>The dose mapping runs first, before the rules files, so that a site rule that strips private
 * blocks cannot take the dose values with it; then each rules file, in the order given. With a YAML
 * plan, the coercers are registered as plan components under their names ({@value DoseMappings#NAME}
 * and each rule set's name), which the plan's {@code coercers:} list must name.
 *
 * <p>Not thread-safe (picocli fills it, one command uses it).
 */
final class CoerceOptions {
    /** The built-in cited table. */
    static final String BUILT_IN = "builtin";
    /** The testkit generator's invented vendors: for demos and tests, never for real data. */
    static final String TESTKIT = "testkit";
    /** The files the dry run writes into {@code --out}. */
    static final String DRY_RUN_JSON = "coercion-dry-run.json";
    static final String DRY_RUN_CSV = "coercion-dry-run.csv";

    @Option(names = "--coerce", paramLabel = "FILE",
            description = "A coercion rules file (YAML: conditions on modality, equipment, source AE title, private "
                    + "creators, values and study dates; set, copy, move, remove, replace, map through a CSV "
                    + "table, trim, upper-case, fix dates, convert to UTF-8, reject). Repeatable: the files run in "
                    + "the order given. Every change is reported to the custody log and the originals are kept in "
                    + "the Original Attributes Sequence (0400,0561).")
    List<Path> rules;

    @Option(names = "--map-private-dose", paramLabel = "TABLE", arity = "0..1", fallbackValue = BUILT_IN,
            description = "Copy vendors' private dose and exposure values to their standard attributes where a "
                    + "header lacks them, each mapping citing its public source, and check that the destination "
                    + "holds them (dose-retention). TABLE: builtin (default), or testkit for the invented vendors "
                    + "of ferry generate (demos and tests only).")
    String doseTable;

    @Option(names = "--coerce-dry-run", paramLabel = "N",
            description = "Instead of migrating: run the rules (--coerce, --map-private-dose) over N sampled "
                    + "studies of the source (0 for all) and write which rules fire, how often and on what to "
                    + "--out DIR as " + DRY_RUN_JSON + " and " + DRY_RUN_CSV + ". Stores nothing.")
    Integer dryRunStudies;

    @Option(names = "--out", paramLabel = "DIR", description = "With --coerce-dry-run: where its reports go.")
    Path out;

    /** Whether any coercion was asked for. */
    boolean any() {
        return (rules != null && !rules.isEmpty()) || doseTable != null;
    }

    /** Whether this run is a coercion dry run, checking that it has what it needs. */
    boolean dryRun(CommandSpec spec) {
        if (dryRunStudies == null) {
            if (out != null) {
                throw new ParameterException(spec.commandLine(), "--out goes with --coerce-dry-run");
            }
            return false;
        }
        if (dryRunStudies < 0) {
            throw new ParameterException(spec.commandLine(), "--coerce-dry-run must be 0 (all) or more studies");
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "--coerce-dry-run needs --out DIR for its reports");
        }
        if (!any()) {
            throw new ParameterException(spec.commandLine(), "--coerce-dry-run needs rules: --coerce FILE or "
                    + "--map-private-dose");
        }
        return true;
    }

    /** The dose mapping table asked for; empty without --map-private-dose. */
    List<DoseMapping> doseMappings(CommandSpec spec) {
        if (doseTable == null) {
            return List.of();
        }
        return switch (doseTable.strip().toLowerCase(Locale.ROOT)) {
            case BUILT_IN -> DoseMappings.builtIn();
            case TESTKIT -> TestkitDoseMappings.entries();
            default -> throw new ParameterException(spec.commandLine(), "--map-private-dose: unknown table '"
                    + doseTable + "': " + BUILT_IN + " or " + TESTKIT);
        };
    }

    /**
     * The coercers, in the order they run: the dose mapping, then each rules file.
     *
     * @throws ParameterException naming the file, line and field of a rules file that is wrong
     */
    List<RuleCoercer> coercers(CommandSpec spec) throws IOException {
        List<RuleCoercer> list = new ArrayList<>();
        List<DoseMapping> dose = doseMappings(spec);
        if (!dose.isEmpty()) {
            list.add(DoseMappings.coercer(dose));
        }
        if (rules != null) {
            for (Path file : rules) {
                try {
                    list.add(RuleCoercer.read(file));
                } catch (ConfigurationException e) {
                    throw new ParameterException(spec.commandLine(), "--coerce " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--coerce " + file + ": " + e.getMessage(), e);
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (RuleCoercer c : list) {
            if (names.contains(c.name())) {
                throw new ParameterException(spec.commandLine(), "--coerce: two rule sets are named '" + c.name()
                        + "'; give one a name: of its own");
            }
            names.add(c.name());
        }
        return list;
    }

    /**
     * The dose-retention verifier that also checks what the dose mapping writes, or {@code null}
     * without --map-private-dose (the default verifier then). Warns on {@code err} about mappings it
     * cannot check.
     */
    DoseRetentionVerifier doseRetention(CommandSpec spec, PrintWriter err) {
        List<DoseMapping> dose = doseMappings(spec);
        if (dose.isEmpty()) {
            return null;
        }
        List<DoseMapping> unchecked = DoseMappings.unchecked(dose);
        if (!unchecked.isEmpty()) {
            err.println("ferry: dose-retention cannot check " + unchecked.size() + " of the " + dose.size()
                    + " dose mappings (their private block is not known): the values they write are not verified");
        }
        return doseRetentionVerifier(dose);
    }

    /**
     * A dose-retention verifier that checks, besides the default dose attributes, that the destination
     * holds each standard attribute {@code mappings} write where the source held the private value
     * ({@link DoseRetentionVerifier.Builder#coercedFrom}), for the entries whose block is known.
     */
    static DoseRetentionVerifier doseRetentionVerifier(List<DoseMapping> mappings) {
        DoseRetentionVerifier.Builder b = DoseRetentionVerifier.builder();
        for (DoseMappings.RetentionCheck c : DoseMappings.retentionChecks(mappings)) {
            b.coercedFrom(c.standard(), c.privateSource());
        }
        return b.build();
    }

    /**
     * Runs the coercers over a sample of {@code source}, as one rule set in the order they would run,
     * and writes the reports into {@code --out}.
     */
    int runDryRun(CommandSpec spec, SourceArchive source, PrintWriter stdout) throws IOException {
        List<RuleCoercer> coercers = coercers(spec);
        RuleCoercer all = coercers.size() == 1 ? coercers.get(0) : RuleCoercer.of(combined(coercers));
        CoercionDryRun.Report report = CoercionDryRun.run(source, all, dryRunStudies);
        Files.createDirectories(out);
        try (Writer w = Files.newBufferedWriter(out.resolve(DRY_RUN_JSON), StandardCharsets.UTF_8)) {
            report.writeJson(w);
        }
        try (Writer w = Files.newBufferedWriter(out.resolve(DRY_RUN_CSV), StandardCharsets.UTF_8)) {
            report.writeCsv(w);
        }
        stdout.printf(Locale.ROOT, "coercion dry run of %s over %d studies, %d instances: %d changed, %d rejected%n",
                report.coercer(), report.studies(), report.instances(), report.changedInstances(),
                report.rejectedInstances());
        for (CoercionDryRun.RuleStats r : report.rules()) {
            stdout.printf(Locale.ROOT, "  %-60s matched %d, changed %d instances%n", r.rule(), r.matched(),
                    r.changedInstances());
        }
        stdout.println("reports: " + out.resolve(DRY_RUN_JSON) + ", " + out.resolve(DRY_RUN_CSV)
                + " (nothing was stored)");
        return NetworkCommand.OK;
    }

    /** The rule sets as one, each rule named after its set ({@code site-rules/rule}). */
    private static RuleSet combined(List<RuleCoercer> coercers) {
        List<Rule> rules = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RuleCoercer c : coercers) {
            names.add(c.name());
            for (Rule r : c.rules().rules()) {
                rules.add(new Rule(c.name() + "/" + r.name(), r.when(), r.actions(), r.reason()));
            }
        }
        return new RuleSet(String.join("+", names), rules);
    }
}
