package dev.ferry.core;

/** The phases of a migration, in the order they are normally run; each runs alone and leaves a report. */
public enum Phase {
    /** Sweep the source and record every study in scope. */
    INVENTORY,
    /** What the identity resolvers and coercers would change over a sample, changing nothing. */
    DRY_RUN,
    /** Migrate a representative sample: a few chosen days, and every modality. */
    TEST_MIGRATION,
    /** Migrate everything in scope, by lane. */
    PRODUCTION,
    /** Compare what the destination holds with what the source has, study by study. */
    VALIDATION,
    /** Whether the legacy archive can be retired: the KPIs against their targets. */
    READINESS,
    /** Sweep the source again for studies that arrived or changed since. */
    DELTA;

    /** The phase's name in reports and on the command line: lower case with dashes. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
