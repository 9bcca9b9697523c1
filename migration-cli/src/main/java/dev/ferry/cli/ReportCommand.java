package dev.ferry.cli;

import dev.ferry.api.ChainVerification;
import dev.ferry.core.report.ProofPackage;
import dev.ferry.core.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry report}: writes a migration's sign-off proof package from its state store. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Writes a migration's sign-off proof package: an HTML page, JSON and CSV files, and their hashes.",
        description = {
            "Reads the state store only (no archive is contacted) and writes into --out: report.html (one "
                    + "self-contained page for the auditor: the verdict and what blocks it, the count reconciliation, "
                    + "the KPI table, the custody chain's status and head hash, the exceptions with their disposition "
                    + "and operator actions, the SHA-256 of the other files), report.json (all of it, every exception, "
                    + "each phase's saved report), studies.csv (every study: state, lane, attempts, instances listed "
                    + "and stored, last reason), instances.csv (the hash manifest: every instance stored, with the "
                    + "SHA-256 of what was read from the source, its transfer syntax and the digest of its Pixel Data), "
                    + "exceptions.csv (every exception with the operator's "
                    + "action: who, when, why) and SHA256SUMS (check with sha256sum -c SHA256SUMS).",
            "The KPIs: study error rate, transfer rate vs delta accumulation rate, validation pass rate, dose "
                    + "retention (from the last validation's dose-retention verdicts), priors pre-fetch latency (from "
                    + "each pre-fetch request to the last of the patient's studies on the destination: median, 95th "
                    + "percentile and worst against the one-minute target), "
                    + "retirement readiness (ready when no study is only on the legacy system and no exception is "
                    + "open) and the migrated share.",
            "The same state gives byte-identical files: the package is dated by the newest time in the state, not "
                    + "by the clock. Files of an earlier package in --out are replaced. No patient ID or accession "
                    + "number is written; studies and instances are named by UID.",
            "Without --name, the store's only migration is used. Exit status: 0 when the package was written and the "
                    + "custody chain is intact; 1 when the chain is broken (the package is still written, and says so), "
                    + "or the store cannot be read or the files written; 2 for a wrong command line."
        })
final class ReportCommand implements Callable<Integer> {
    /** Where the package goes when --out is not given. */
    static final String DEFAULT_OUT = "ferry-report";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = DEFAULT_OUT,
            description = "The folder to write the package into, created if absent (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration.")
    String name;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StateStore store = state.openExisting()) {
            String id = state.migration(store, name, "ferry report", err);
            if (id == null) {
                return 1;
            }
            ProofPackage.Result r = ProofPackage.write(store, id, out);
            stdout.println("proof package of " + id + " written to " + out);
            for (Map.Entry<String, String> f : r.files().entrySet()) {
                stdout.printf("  %-16s sha256 %s%n", f.getKey(), f.getValue());
            }
            stdout.println("  state as of " + (r.generatedAt() == null ? "(empty)" : r.generatedAt()));
            stdout.println(r.ready() ? "  ready for sign-off" : "  not ready for sign-off: " + String.join("; ", r.blockers()));
            if (r.chain() instanceof ChainVerification.Intact ok) {
                stdout.printf("custody chain of %s: intact, %,d records, head %s%n", id, ok.records(), ok.headHash());
                return 0;
            }
            ChainVerification.Broken b = (ChainVerification.Broken) r.chain();
            err.printf("ferry report: THE CUSTODY CHAIN OF %s IS BROKEN at record %d (%s): %s%n", id, b.sequence(),
                    b.problem(), b.detail());
            err.println("ferry report: the package in " + out + " says so; it cannot be signed off");
            return 1;
        } catch (IOException e) {
            err.println("ferry report: cannot write the package to " + out + ": " + NetworkCommand.message(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("ferry report: " + NetworkCommand.message(e));
            return 1;
        } finally {
            stdout.flush();
            err.flush();
        }
    }
}
