package dev.ferry.cli;

import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StateStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ferry exceptions}: the exception list, and an operator's action on one entry. */
@Command(name = "exceptions",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Lists a migration's exceptions, or retries, skips or resolves one.",
        description = {
            "Without an action, lists the open exceptions (--all: every exception, with what was done about it): "
                    + "id, when, reason, study and instance UID, and the detail.",
            "--retry ID puts the study back in the queue (run ferry migrate again to migrate it); --skip ID "
                    + "leaves it out of the migration; --resolve ID counts it as done by an override. Each needs "
                    + "--reason, and is recorded with --actor (default: the user name) and the time.",
            "Exit status: 0, 1 when the store cannot be read or the action is refused (no such exception, or "
                    + "not open), 2 for a wrong command line."
        })
final class ExceptionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "The migration (needed when the store holds several).")
    String name;

    @Option(names = "--all", description = "List every exception, not only the open ones.")
    boolean all;

    static final class Action {
        @Option(names = "--retry", paramLabel = "ID", description = "Retry the study of exception ID.")
        Long retry;

        @Option(names = "--skip", paramLabel = "ID", description = "Skip the study of exception ID.")
        Long skip;

        @Option(names = "--resolve", paramLabel = "ID", description = "Resolve exception ID with an override.")
        Long resolve;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Action action;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required with an action; never patient data).")
    String reason;

    @Option(names = "--actor", paramLabel = "WHO", description = "Who acts (default: the user name).")
    String actor;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (action != null && (reason == null || reason.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--reason is required with --retry, --skip or --resolve");
        }
        try (StateStore store = state.openExisting()) {
            String id = state.migration(store, name, "ferry exceptions", err);
            if (id == null) {
                return 1;
            }
            if (action != null) {
                OperatorAction.Kind kind = action.retry != null ? OperatorAction.Kind.RETRY
                        : action.skip != null ? OperatorAction.Kind.SKIP : OperatorAction.Kind.RESOLVE;
                long target = action.retry != null ? action.retry : action.skip != null ? action.skip : action.resolve;
                String who = actor != null ? actor : System.getProperty("user.name", "operator");
                store.act(id, target, new OperatorAction(kind, who, reason, Instant.now()));
                out.println("exception #" + target + ": " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + " recorded for " + who);
                return 0;
            }
            Set<ExceptionRecord.Status> statuses = all ? EnumSet.noneOf(ExceptionRecord.Status.class)
                    : EnumSet.of(ExceptionRecord.Status.OPEN);
            List<ExceptionRecord> list = store.exceptions(id, statuses);
            for (ExceptionRecord e : list) {
                out.println("#" + e.id() + " " + e.raisedAt() + " " + e.status() + " " + e.reason() + " "
                        + (e.studyInstanceUid() == null ? "(migration)" : e.studyInstanceUid())
                        + (e.sopInstanceUid() == null ? "" : " " + e.sopInstanceUid()) + ": " + e.detail());
            }
            out.println(list.size() + (all ? " exceptions" : " open exceptions") + " in migration " + id);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("ferry exceptions: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
