package dev.ferry.core.internal;

import dev.ferry.core.Lane;
import dev.ferry.core.MigrationListener;
import dev.ferry.core.Phase;
import dev.ferry.core.PhaseReport;
import dev.ferry.core.StudyOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a listener and keeps its failures from reaching the engine: listeners observe, never intervene. */
public final class SafeListener implements MigrationListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final MigrationListener delegate;

    public SafeListener(MigrationListener delegate) {
        this.delegate = delegate;
    }

    private void call(String event, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("migration listener failed on {}: {}", event, e.toString());
        }
    }

    @Override
    public void phaseStarted(String migration, Phase phase) {
        call("phaseStarted", () -> delegate.phaseStarted(migration, phase));
    }

    @Override
    public void phaseFinished(PhaseReport report) {
        call("phaseFinished", () -> delegate.phaseFinished(report));
    }

    @Override
    public void studyStarted(String studyInstanceUid, Lane lane, int attempt) {
        call("studyStarted", () -> delegate.studyStarted(studyInstanceUid, lane, attempt));
    }

    @Override
    public void studyFinished(StudyOutcome outcome) {
        call("studyFinished", () -> delegate.studyFinished(outcome));
    }

    @Override
    public void instanceStored(String studyInstanceUid, String sopInstanceUid, long bytes) {
        call("instanceStored", () -> delegate.instanceStored(studyInstanceUid, sopInstanceUid, bytes));
    }

    @Override
    public void lanePaused(Lane lane, String why, Instant until) {
        call("lanePaused", () -> delegate.lanePaused(lane, why, until));
    }

    @Override
    public void studiesDiscovered(long total) {
        call("studiesDiscovered", () -> delegate.studiesDiscovered(total));
    }
}
