package dev.ferry.core.state;

import java.time.Instant;

/**
 * One inventory or delta sweep of the source, for the delta accumulation rate.
 *
 * @param at when it finished
 * @param from the earliest study date it covered ({@code null} for unbounded)
 * @param added, changed what {@link StateStore#upsertDiscovered} reported over the sweep
 * @param kind {@code "inventory"} or {@code "delta"}
 */
public record Sweep(Instant at, java.time.LocalDate from, int added, int changed, String kind) {}
