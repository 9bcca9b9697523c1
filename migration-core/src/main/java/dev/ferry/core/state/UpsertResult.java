package dev.ferry.core.state;

import java.util.List;

/**
 * What {@link StateStore#upsertDiscovered} did with a batch.
 *
 * @param added studies not known before
 * @param changed known studies whose instance count or size changed at the source; a DONE or
 *     SKIPPED one among them went back to PENDING
 * @param unchanged known studies found as they were
 * @param addedUids the Study Instance UIDs added, in the batch's order, for the custody log's QUEUED
 *     records; {@link #plus} keeps counts only, so that totals over a large inventory stay small
 * @param changedUids the Study Instance UIDs that changed, likewise
 */
public record UpsertResult(int added, int changed, int unchanged, List<String> addedUids, List<String> changedUids) {
    public static final UpsertResult NONE = new UpsertResult(0, 0, 0);

    public UpsertResult {
        addedUids = List.copyOf(addedUids);
        changedUids = List.copyOf(changedUids);
    }

    /** Counts only. */
    public UpsertResult(int added, int changed, int unchanged) {
        this(added, changed, unchanged, List.of(), List.of());
    }

    /** The sum of the counts; the UIDs are not kept. */
    public UpsertResult plus(UpsertResult o) {
        return new UpsertResult(added + o.added, changed + o.changed, unchanged + o.unchanged);
    }
}
