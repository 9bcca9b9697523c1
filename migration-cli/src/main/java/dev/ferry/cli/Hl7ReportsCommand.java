package dev.ferry.cli;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.core.state.StateStore;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.Resolution;
import dev.ferry.hl7.orders.AccessionRules;
import dev.ferry.hl7.reports.ReportFinding;
import dev.ferry.hl7.reports.ReportMigration;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hl7 reports --to HOST:PORT FILE|DIR...}: forwards the ORU^R01 reports of a RIS export to
 * an MLLP endpoint, with accessions normalised, and counts them by acknowledgment code.
 */
@Command(name = "reports",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Forwards radiology reports (ORU^R01) to an MLLP endpoint, each confirmed by its ACK.",
        description = {
            "Reads ORU^R01 messages from files and directories (recursively): single messages, FHS/BHS batches and "
                    + "MLLP captures. Each report's accession (OBR-18, else OBR-3) is normalised to the destination's "
                    + "format (--rules; DICOM SH by default: upper case, at most 16 characters, refused beyond) and the "
                    + "report is sent over MLLP; it counts as migrated only when acknowledged AA (or CA).",
            "Prints the counts by acknowledgment code; reports not acknowledged are listed on standard error by file, "
                    + "line and MSH-10 with the reason. With --state, each report sent is recorded in the migration's "
                    + "custody log, and reports recorded as acknowledged by an earlier run are not sent again. "
                    + "Exit status: 0 when every report was acknowledged AA, 1 otherwise, 2 for a wrong command line."
        })
final class Hl7ReportsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "ORU files or directories of them.")
    List<Path> paths;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The destination's MLLP endpoint.")
    String to;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Connect timeout and wait for each acknowledgment (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--rules", paramLabel = "FILE", description = "Accession normalisation rules (CSV setting,value).")
    Path rules;

    @Option(names = "--adt-history", paramLabel = "FILE|DIR",
            description = "ADT merge history: a report filed under a merged patient identifier goes out under its "
                    + "survivor; one whose identifier the history contradicts is not sent (a finding).")
    List<Path> adtHistory;

    @Mixin
    StateOptions state;

    @Option(names = "--name", paramLabel = "NAME", description = "With --state: the migration whose custody log records the reports.")
    String name;

    /** The patient a report goes out under: the survivor of a merged identifier; a conflict refuses it. */
    static ResolvedIdentity survivor(MergeGraph graph, PatientIdentity patient) {
        Resolution r = graph.survivor(patient);
        if (r.status() == Resolution.Status.CONFLICT) {
            throw new dev.ferry.api.PermanentMigrationException(dev.ferry.api.ReasonCode.IDENTITY_CONFLICT,
                    dev.ferry.api.ItemRef.NONE, "the ADT merge history contradicts itself about the report's patient");
        }
        List<String> evidence = r.chain().stream().map(step -> step.event().type() + " " + step.event().controlId())
                .toList();
        return new ResolvedIdentity(r.survivor(), null, null, evidence.isEmpty() ? List.of("unchanged") : evidence);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (System.getProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2", "error");
        }
        try {
            InetSocketAddress address = address(to);
            if (timeoutSeconds < 1) {
                err.println("ferry hl7 reports: --timeout must be at least 1 second");
                return 2;
            }
            ReportMigration.Builder b = ReportMigration.builder(address).timeout(Duration.ofSeconds(timeoutSeconds));
            if (rules != null) {
                b.accessionRules(AccessionRules.read(rules));
            }
            if (adtHistory != null && !adtHistory.isEmpty()) {
                MergeGraph graph;
                try (AdtReader reader = AdtReader.create()) {
                    graph = MergeGraph.of(reader.read(adtHistory).events());
                }
                b.identity(patient -> survivor(graph, patient));
            }
            StateStore store = null;
            CustodyLog log = null;
            try {
                if (state.state != null) {
                    store = state.open(null);
                    String migration = state.migration(store, name, "ferry hl7 reports", err);
                    if (migration == null) {
                        return 2;
                    }
                    log = store.custodyLog(migration);
                    b.custody(log, "ferry:hl7-reports").alreadyForwarded(ReportsResume.forwarded(log));
                }
                ReportMigration.Result r;
                try (ReportMigration m = b.build()) {
                    r = m.run(paths);
                }
                for (AdtProblem p : r.problems()) {
                    err.println("ferry hl7 reports: " + p);
                }
                for (ReportFinding f : r.findings()) {
                    err.println("ferry hl7 reports: " + f);
                }
                out.println("ack,reports");
                for (ReportMigration.Delivery d : ReportMigration.Delivery.values()) {
                    out.println(d.name() + "," + r.count(d));
                }
                err.printf("ferry hl7 reports: %d migrated to %s, %d not acknowledged, %d already forwarded, %d not ORU^R01%n",
                        r.migrated(), to, r.findings().size() + r.problems().size(),
                        r.count(ReportMigration.Delivery.SKIPPED), r.ignored());
                return r.allAcknowledged() ? 0 : 1;
            } finally {
                if (log != null) {
                    log.close();
                }
                if (store != null) {
                    store.close();
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("ferry hl7 reports: " + e.getMessage());
            return 2;
        } catch (dev.ferry.api.ConfigurationException e) {
            err.println("ferry hl7 reports: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("ferry hl7 reports: cannot read " + rules + " (" + e.getClass().getSimpleName() + ")");
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--to must be HOST:PORT");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--to: the port must be 1..65535");
            }
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--to: the port is not a number");
        }
    }

    /** The MSH-10 of reports an earlier run recorded as acknowledged AA in the custody log. */
    static final class ReportsResume {
        private ReportsResume() {}

        static java.util.Set<String> forwarded(CustodyLog log) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            log.read(dev.ferry.api.CustodyQuery.ALL, r -> {
                var d = r.event().details();
                if (r.event().type() == dev.ferry.api.CustodyEvent.Type.STORED && "hl7-report".equals(d.get("kind"))
                        && "AA".equals(d.get("ack"))) {
                    ids.add(d.get("controlId"));
                }
            });
            return ids;
        }
    }
}
