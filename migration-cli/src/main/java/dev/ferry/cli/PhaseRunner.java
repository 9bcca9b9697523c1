package dev.ferry.cli;

import dev.ferry.core.Migration;
import dev.ferry.core.MigrationListener;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.Phase;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a migration's phases in order from a command: a progress line when asked for, each phase's
 * report printed as it ends, and Ctrl-C or SIGTERM stopping the phase under way cleanly (the next
 * run resumes it). What {@code ferry migrate} and {@code ferry demo} share.
 */
final class PhaseRunner implements AutoCloseable {
    /** A step of a run: a phase, or something the command does between phases (the demo's delta). */
    @FunctionalInterface
    interface Step {
        PhaseReport run(Migration m) throws IOException, InterruptedException;
    }

    private final String command;
    private final MigrationPlan plan;
    private final StateStore store;
    private final Migration migration;
    private final CancelOnSignal signal;
    private final Thread watcher;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final List<PhaseReport> reports = new ArrayList<>();

    /**
     * @param command the command's name, for the lines on standard error
     * @param progress whether to show the progress line on {@code err}
     * @param json whether reports are printed as JSON rather than text
     */
    PhaseRunner(String command, MigrationPlan plan, StateStore store, boolean progress, boolean json,
                PrintWriter out, PrintWriter err) {
        this.command = command;
        this.plan = plan;
        this.store = store;
        this.out = out;
        this.err = err;
        this.json = json;
        MigrationListener listener = progress
                ? new ProgressLine(err, () -> store.counts(plan.name()).studies(StudyState.PENDING))
                : MigrationListener.NONE;
        this.migration = Migration.builder(plan, store).listener(listener).build();
        this.signal = new CancelOnSignal(command, 30_000);
        this.watcher = new Thread(() -> {
            try {
                if (signal.await(Long.MAX_VALUE)) {
                    migration.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, command + "-stop");
        watcher.setDaemon(true);
        watcher.start();
    }

    Migration migration() {
        return migration;
    }

    /** Whether Ctrl-C or SIGTERM asked the command to stop. */
    boolean stopped() {
        return signal.requested();
    }

    /** Runs {@code phase} as {@code ferry migrate --phases} names it, unless stopped; prints its report. */
    PhaseReport run(Phase phase, int dryRunStudies, boolean inventoryMeansDelta) throws IOException, InterruptedException {
        return run(m -> switch (phase) {
            case INVENTORY -> inventoryMeansDelta ? m.delta() : m.inventory();
            case DELTA -> m.delta();
            case DRY_RUN -> m.dryRun(dryRunStudies);
            case TEST_MIGRATION -> m.testMigration();
            case PRODUCTION -> m.production();
            case VALIDATION -> m.validation();
            case READINESS -> m.readiness();
        });
    }

    /** Runs {@code step} unless stopped, prints its report and returns it; {@code null} when stopped. */
    PhaseReport run(Step step) throws IOException, InterruptedException {
        if (signal.requested()) {
            return null;
        }
        PhaseReport r = step.run(migration);
        reports.add(r);
        out.println(json ? r.toJson() : r.toText());
        out.flush();
        return r;
    }

    /** The reports of the phases run so far, in order. */
    List<PhaseReport> reports() {
        return List.copyOf(reports);
    }

    /** Says, if the run was stopped, how to resume it. */
    void sayIfStopped(String resumeHint) {
        if (signal.requested()) {
            err.println(command + ": stopped; " + resumeHint);
            err.flush();
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
        signal.close();
    }

    MigrationPlan plan() {
        return plan;
    }

    StateStore store() {
        return store;
    }
}
