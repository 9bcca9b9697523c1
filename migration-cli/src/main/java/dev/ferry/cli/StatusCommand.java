package dev.ferry.cli;

import dev.ferry.core.Lane;
import dev.ferry.core.Phase;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.StateCounts;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferry status}: where a migration stands, from its state store. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Shows where a migration stands: studies by state, queues, exceptions, phases run.",
        description = {
            "Reads the state store only (no archive is contacted): studies by state, pending studies by lane, "
                    + "instances and bytes stored, open exceptions by reason, and when each phase last ran. "
                    + "With --exceptions, lists the open exceptions (study UID, reason, detail).",
            "Without --name, the store's only migration is shown; when it holds several, their names are listed "
                    + "and the exit status is 1.",
            "Exit status: 0, or 1 when the store cannot be read or holds no such migration."
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration to show.")
    String name;

    @Option(names = "--exceptions", description = "List the open exceptions.")
    boolean exceptions;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StateStore store = state.openExisting()) {
            String id = state.migration(store, name, "ferry status", err);
            if (id == null) {
                return 1;
            }
            print(out, store, id);
            return 0;
        } catch (RuntimeException e) {
            err.println("ferry status: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void print(PrintWriter out, StateStore store, String id) {
        StateCounts c = store.counts(id);
        out.println("migration " + id);
        out.printf("  studies: %,d%n", c.totalStudies());
        for (StudyState s : StudyState.values()) {
            out.printf("    %-12s %,d%n", s.name().toLowerCase(java.util.Locale.ROOT), c.studies(s));
        }
        out.println("  pending by lane:");
        for (Lane lane : Lane.values()) {
            out.printf("    %-12s %,d%n", lane.name().toLowerCase(java.util.Locale.ROOT),
                    c.pendingByLane().getOrDefault(lane, 0L));
        }
        out.printf("  instances stored: %,d (%,.1f MB)%n", c.instancesStored(), c.bytesStored() / 1e6);
        List<ExceptionRecord> open = store.exceptions(id, Set.of(ExceptionRecord.Status.OPEN));
        Map<String, Integer> byReason = new TreeMap<>();
        open.forEach(e -> byReason.merge(e.reason().name(), 1, Integer::sum));
        out.printf("  open exceptions: %,d %s%n", open.size(), byReason.isEmpty() ? "" : byReason);
        for (Phase p : Phase.values()) {
            store.report(id, p.label()).ifPresent(json -> out.println("  last " + p.label() + ": "
                    + field(json, "finishedAt")));
        }
        if (exceptions) {
            for (ExceptionRecord e : open) {
                out.println("  #" + e.id() + " " + e.raisedAt() + " " + e.reason() + " "
                        + (e.studyInstanceUid() == null ? "(migration)" : e.studyInstanceUid())
                        + (e.sopInstanceUid() == null ? "" : " " + e.sopInstanceUid()) + ": " + e.detail());
            }
        }
    }

    private static String field(String json, String key) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(key).asText("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
