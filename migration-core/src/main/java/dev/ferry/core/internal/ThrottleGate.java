package dev.ferry.core.internal;

import dev.ferry.core.MigrationPlan;
import dev.ferry.core.ThrottleWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * The limits in force at a moment: those of the first throttle window covering it, else the plan's
 * {@code maxStudies} with no group limits. Immutable.
 */
final class ThrottleGate {
    record Limits(int maxStudies, Map<String, Integer> groupLimits, ThrottleWindow window) {}

    private final MigrationPlan plan;

    ThrottleGate(MigrationPlan plan) {
        this.plan = plan;
    }

    Limits at(Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, plan.zone());
        for (ThrottleWindow w : plan.throttleWindows()) {
            if (w.covers(local)) {
                return new Limits(w.maxStudies(), w.groupLimits(), w);
            }
        }
        return new Limits(plan.maxStudies(), Map.of(), null);
    }

    /** The most studies any moment allows: the size of the worker pool. */
    int ceiling() {
        int max = plan.maxStudies();
        for (ThrottleWindow w : plan.throttleWindows()) {
            max = Math.max(max, w.maxStudies());
        }
        return Math.max(1, max);
    }
}
