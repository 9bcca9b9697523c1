package dev.ferry.core.internal;

import dev.ferry.core.MigrationListener;
import dev.ferry.core.MigrationPlan;
import dev.ferry.core.state.StateStore;
import java.time.Clock;
import java.util.Objects;

/**
 * What every part of a running migration shares: the plan, the store, the owner id this process
 * leases under, time, the listener, metrics and the bandwidth bucket. Immutable.
 *
 * @param bucket the bandwidth cap, {@code null} for none
 */
public record EngineContext(MigrationPlan plan, StateStore store, String owner, Clock clock,
                            MigrationListener listener, EngineMetrics metrics, TokenBucket bucket,
                            dev.ferry.spi.CustodyLog custodyLog) {
    public EngineContext {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(custodyLog, "custodyLog");
    }

    public String migration() {
        return plan.name();
    }
}
