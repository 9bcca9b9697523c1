package dev.ferry.core;

import java.time.Instant;

/**
 * Observes a migration: for progress bars, dashboards and tests. Listeners observe only: they never
 * veto, and must return quickly (they are called on the engine's threads). An exception a listener
 * throws is logged and otherwise ignored. Events never carry patient data.
 */
public interface MigrationListener {
    MigrationListener NONE = new MigrationListener() {};

    default void phaseStarted(String migration, Phase phase) {}

    default void phaseFinished(PhaseReport report) {}

    /** A study was leased and work on it begins; {@code attempt} counts from 1. */
    default void studyStarted(String studyInstanceUid, Lane lane, int attempt) {}

    default void studyFinished(StudyOutcome outcome) {}

    default void instanceStored(String studyInstanceUid, String sopInstanceUid, long bytes) {}

    /** The circuit breaker paused a lane until {@code until}. */
    default void lanePaused(Lane lane, String why, Instant until) {}

    /** Studies found so far by the inventory or delta sweep. */
    default void studiesDiscovered(long total) {}
}
