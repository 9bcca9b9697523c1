package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.AdtProblem;
import dev.ferry.hl7.adt.AdtReader;
import dev.ferry.hl7.adt.MergeConflict;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeStep;
import dev.ferry.hl7.adt.Resolution;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hl7}: HL7 v2 tools. {@code ferry hl7 merges FILE|DIR...} reads ADT history and prints
 * every identifier it names with its surviving identity and the chain of events that justifies it,
 * then the conflicts.
 */
@Command(name = "hl7",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "HL7 v2 tools: the patient merge history of ADT messages, accession collisions against an order "
                + "export, and radiology reports forwarded over MLLP.",
        subcommands = {Hl7Command.Merges.class, Hl7ReportsCommand.class, Hl7OrdersCommand.class})
final class Hl7Command implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The output formats of {@code ferry hl7 merges}. */
    enum Format { CSV, JSON }

    @Command(name = "merges",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            header = "Prints the surviving identity of every patient identifier in ADT history.",
            description = {
                "Reads HL7 v2 ADT messages (versions 2.3 to 2.5.1) from files and directories (recursively): single "
                        + "messages with CR, LF or CRLF segment separators, FHS/BHS batch files and MLLP captures. "
                        + "Merges (A34, A35, A36, A39, A40, A41, A42), identifier changes (A46, A47) and unlinks (A37) "
                        + "are applied in event-time order (EVN-2, else MSH-7).",
                "The output has one row per identifier the history names (PID-3, MRG-1): its status (MERGED, ACTIVE "
                        + "or CONFLICT), its surviving identity and the chain of events (type, MSH-10, time, file and "
                        + "line) that justifies it; then one row per conflict: a cycle of merges, or an identifier "
                        + "merged into two different patients. Identifiers in conflict have no survivor.",
                "The output holds patient identifiers: it is the report asked for. Malformed messages are reported on "
                        + "standard error by file and line and skipped. Exit status: 0 when the history was read, "
                        + "1 when no message could be read, 2 for a wrong command line."
            })
    static final class Merges implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "ADT files or directories of them.")
        List<Path> paths;

        @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: standard output).")
        Path outFile;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (System.getProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2") == null) {
                // HAPI logs parse trouble with the segment text it could not read: keep it out of the terminal.
                System.setProperty("org.slf4j.simpleLogger.log.ca.uhn.hl7v2", "error");
            }
            try {
                AdtReader.ReadResult read;
                try (AdtReader reader = AdtReader.create()) {
                    read = reader.read(paths);
                }
                for (AdtProblem p : read.problems()) {
                    err.println("ferry hl7 merges: " + p);
                }
                if (read.events().isEmpty() && read.ignored() == 0) {
                    err.println("ferry hl7 merges: no HL7 message could be read from " + paths.size() + " path(s)");
                    return 1;
                }
                MergeGraph graph = MergeGraph.of(read.events());
                String report = format == Format.JSON ? json(graph, read) : csv(graph);
                if (outFile == null) {
                    out.print(report);
                    out.flush();
                } else {
                    Files.writeString(outFile, report, StandardCharsets.UTF_8);
                }
                long merged = graph.resolutions().stream().filter(r -> r.status() == Resolution.Status.MERGED).count();
                err.printf("ferry hl7 merges: %d message(s) in %d file(s): %d ADT event(s), %d not used, %d problem(s); "
                                + "%d identifier(s), %d merged, %d conflict(s)%s%n",
                        read.messages(), read.files(), read.events().size(), read.ignored(), read.problems().size(),
                        graph.resolutions().size(), merged, graph.conflicts().size(),
                        outFile == null ? "" : "; written to " + outFile);
                return 0;
            } catch (IOException e) {
                err.println("ferry hl7 merges: cannot write " + outFile + " (" + e.getClass().getSimpleName() + ")");
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        /** Conflict numbers, 1-based, in the graph's order. */
        private static Map<MergeConflict, Integer> numbers(MergeGraph graph) {
            Map<MergeConflict, Integer> n = new HashMap<>();
            for (MergeConflict c : graph.conflicts()) {
                n.put(c, n.size() + 1);
            }
            return n;
        }

        static String csv(MergeGraph graph) {
            Map<MergeConflict, Integer> numbers = numbers(graph);
            StringWriter w = new StringWriter();
            row(w, "id", "issuer", "status", "surviving_id", "surviving_issuer", "chain", "conflicts");
            for (Resolution r : graph.resolutions()) {
                List<String> chain = new ArrayList<>();
                for (MergeStep s : r.chain()) {
                    chain.add(s.event().describe());
                }
                List<String> conflicts = new ArrayList<>();
                for (MergeConflict c : r.conflicts()) {
                    conflicts.add(String.valueOf(numbers.get(c)));
                }
                row(w, r.identity().id(), r.identity().issuer(), r.status().name(),
                        r.survivor() == null ? "" : r.survivor().id(), r.survivor() == null ? "" : r.survivor().issuer(),
                        String.join(" > ", chain), String.join(" ", conflicts));
            }
            w.write("\n");
            row(w, "conflict", "kind", "identifiers", "events");
            for (MergeConflict c : graph.conflicts()) {
                List<String> ids = new ArrayList<>();
                for (PatientIdentity id : c.identifiers()) {
                    ids.add(cx(id));
                }
                List<String> events = new ArrayList<>();
                for (MergeStep s : c.steps()) {
                    events.add(cx(s.from()) + " into " + cx(s.to()) + " by " + s.event().describe());
                }
                row(w, String.valueOf(numbers.get(c)), c.kind().name(), String.join("; ", ids), String.join("; ", events));
            }
            return w.toString();
        }

        /** An identifier as HL7 writes it, {@code ID^^^ISSUER}. */
        private static String cx(PatientIdentity id) {
            return id.hasIssuer() ? id.id() + "^^^" + id.issuer() : id.id();
        }

        private static void row(Writer w, String... cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                sb.append(i == 0 ? "" : ",").append(cell(cells[i]));
            }
            try {
                w.write(sb.append('\n').toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * RFC 4180 quoting; a cell starting with {@code = + - @} gets a leading quote so that a spreadsheet
         * does not run it as a formula (identifiers come from outside).
         */
        static String cell(String v) {
            String s = v == null ? "" : v;
            if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
                s = "'" + s;
            }
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                return '"' + s.replace("\"", "\"\"") + '"';
            }
            return s;
        }

        static String json(MergeGraph graph, AdtReader.ReadResult read) throws IOException {
            Map<MergeConflict, Integer> numbers = numbers(graph);
            List<Object> identifiers = new ArrayList<>();
            for (Resolution r : graph.resolutions()) {
                Map<String, Object> m = identity(r.identity());
                m.put("status", r.status().name());
                m.put("survivor", r.survivor() == null ? null : identity(r.survivor()));
                List<Object> chain = new ArrayList<>();
                for (MergeStep s : r.chain()) {
                    chain.add(step(s));
                }
                m.put("chain", chain);
                m.put("conflicts", r.conflicts().stream().map(numbers::get).toList());
                identifiers.add(m);
            }
            List<Object> conflicts = new ArrayList<>();
            for (MergeConflict c : graph.conflicts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("conflict", numbers.get(c));
                m.put("kind", c.kind().name());
                m.put("identifiers", c.identifiers().stream().map(Merges::identity).toList());
                m.put("events", c.steps().stream().map(Merges::step).toList());
                conflicts.add(m);
            }
            List<Object> problems = new ArrayList<>();
            for (AdtProblem p : read.problems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", p.origin().source());
                m.put("line", p.origin().line());
                m.put("kind", p.kind().name());
                m.put("controlId", p.controlId());
                m.put("detail", p.detail());
                problems.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("identifiers", identifiers);
            root.put("conflicts", conflicts);
            root.put("problems", problems);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("files", read.files());
            summary.put("messages", read.messages());
            summary.put("adtEvents", read.events().size());
            summary.put("notUsed", read.ignored());
            summary.put("problems", read.problems().size());
            root.put("summary", summary);
            return JSON.writeValueAsString(root) + "\n";
        }

        private static Map<String, Object> identity(PatientIdentity id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id.id());
            m.put("issuer", id.issuer());
            return m;
        }

        private static Map<String, Object> step(MergeStep s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", identity(s.from()));
            m.put("to", identity(s.to()));
            m.put("kind", s.kind().name());
            m.put("type", s.event().type());
            m.put("controlId", s.event().controlId());
            m.put("time", s.event().time().toString());
            m.put("source", s.event().origin().source());
            m.put("line", s.event().origin().line());
            return m;
        }
    }
}
