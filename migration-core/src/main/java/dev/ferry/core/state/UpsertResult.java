package dev.ferry.core.state;

/**
 * What {@link StateStore#upsertDiscovered} did with a batch.
 *
 * @param added studies not known before
 * @param changed known studies whose instance count or size changed at the source; a DONE or
 *     SKIPPED one among them went back to PENDING
 * @param unchanged known studies found as they were
 */
public record UpsertResult(int added, int changed, int unchanged) {
    public UpsertResult plus(UpsertResult o) {
        return new UpsertResult(added + o.added, changed + o.changed, unchanged + o.unchanged);
    }

    public static final UpsertResult NONE = new UpsertResult(0, 0, 0);
}
