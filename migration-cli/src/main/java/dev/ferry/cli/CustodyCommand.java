package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.core.state.StateStore;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry custody verify|export}: checks a migration's chain-of-custody log link by link, or
 * writes it out as JSON lines.
 */
@Command(name = "custody",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Verifies or exports a migration's chain-of-custody log.",
        description = {
            "Every instance a migration moves has records on a hash-chained log in the state store: retrieved "
                    + "(with the SHA-256 of what was read), coerced (with the changes), stored (with the "
                    + "destination's status), verified, exceptions raised and resolved, and each operator action "
                    + "(who, when, why). Each record holds the hash of the one before.",
            "verify re-reads the whole log and checks every link: a record modified, deleted, inserted or "
                    + "reordered in the database breaks the chain, and the first broken record is named. It prints "
                    + "the number of records and the head hash (keep it: rows deleted from the end can only be "
                    + "caught against a head hash kept elsewhere).",
            "export writes the log as JSON lines, one record a line, in sequence order, to --out (default: "
                    + "standard output). Records may hold patient data (a coerced tag's old and new values).",
            "Without --name, the store's only migration is used. Exit status: 0 when the chain is intact (verify) or "
                    + "was written (export), 1 when it is broken or cannot be read, 2 for a wrong command line."
        })
final class CustodyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "verify or export.")
    String action;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration.")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "export: the file to write (default: standard output).")
    Path outFile;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!action.equals("verify") && !action.equals("export")) {
            err.println("ferry custody: the action is verify or export, not " + action);
            return 2;
        }
        if (outFile != null && action.equals("verify")) {
            err.println("ferry custody: --out is for export");
            return 2;
        }
        try (StateStore store = state.openExisting()) {
            String id = state.migration(store, name, "ferry custody", err);
            if (id == null) {
                return 1;
            }
            try (CustodyLog log = store.custodyLog(id)) {
                return action.equals("verify") ? verify(log, id, out, err) : export(log, out);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("ferry custody: " + NetworkCommand.message(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("ferry custody: " + NetworkCommand.message(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int verify(CustodyLog log, String id, PrintWriter out, PrintWriter err) {
        ChainVerification v = log.verifyChain();
        if (v instanceof ChainVerification.Intact ok) {
            out.printf("custody chain of %s: intact, %,d records, head %s%n", id, ok.records(), ok.headHash());
            return 0;
        }
        ChainVerification.Broken b = (ChainVerification.Broken) v;
        err.printf("ferry custody: the custody chain of %s is broken at record %d (%s): %s%n", id, b.sequence(),
                b.problem(), b.detail());
        return 1;
    }

    private int export(CustodyLog log, PrintWriter out) throws IOException {
        long[] n = {0};
        if (outFile == null) {
            log.read(CustodyQuery.ALL, r -> {
                out.println(line(r));
                n[0]++;
            });
            return 0;
        }
        try (OutputStream file = Files.newOutputStream(outFile)) {
            log.read(CustodyQuery.ALL, r -> {
                try {
                    file.write((line(r) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                n[0]++;
            });
        }
        spec.commandLine().getErr().printf("ferry custody: %,d records written to %s%n", n[0], outFile);
        return 0;
    }

    /** One record as a JSON object, fields in a fixed order. */
    static String line(CustodyRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", r.sequence());
        m.put("time", r.event().time().toString());
        m.put("type", r.event().type().name());
        m.put("actor", r.event().actor());
        m.put("study", r.event().item().studyInstanceUid());
        m.put("series", r.event().item().seriesInstanceUid());
        m.put("sop", r.event().item().sopInstanceUid());
        m.put("details", r.event().details());
        m.put("previousHash", r.previousHash());
        m.put("hash", r.hash());
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a custody record holds only strings and numbers", e);
        }
    }
}
