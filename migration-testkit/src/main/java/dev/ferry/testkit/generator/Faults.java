package dev.ferry.testkit.generator;

import dev.ferry.testkit.generator.GroundTruth.Copy;
import dev.ferry.testkit.generator.GroundTruth.Corruption;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which instances of a study carry its faults: the corrupt objects of a corrupt study (at
 * least one instance of the study stays readable, so the study is still found in a folder) and the
 * instance a failed transmission stored twice. {@link FaultWriter} then writes them.
 *
 * <p>Not thread-safe: one study per instance.
 */
final class Faults {
    private final StudyPlan s;
    private final Rng rng;

    Faults(StudyPlan s, long seed) {
        this.s = s;
        this.rng = Rng.of(seed, "faults", s.key);
    }

    void apply(List<InstancePlan> instances) {
        if (s.corrupt) {
            corrupt(instances);
        }
        if (s.duplicate) {
            duplicate(instances);
        }
    }

    private void corrupt(List<InstancePlan> instances) {
        int n = instances.size();
        int m = n == 1 ? 1 : Math.min(n - 1, 1 + rng.weighted(0.80, 0.15, 0.05));
        List<InstancePlan> pool = new ArrayList<>(instances);
        for (int k = 0; k < m; k++) {
            InstancePlan i = pool.remove(rng.nextInt(pool.size()));
            Corruption kind = n == 1 ? Corruption.TRUNCATED
                    : Corruption.values()[rng.weighted(0.45, 0.10, 0.25, 0.20)];
            if (kind == Corruption.TRUNCATED && !i.hasPixelData()) {
                kind = Corruption.TRUNCATED_HEADER;
            }
            i.corrupt = kind;
            i.faultSeed = rng.nextLong();
        }
    }

    private void duplicate(List<InstancePlan> instances) {
        List<InstancePlan> candidates = instances.stream().filter(i -> i.corrupt == null).toList();
        if (candidates.isEmpty()) {
            return;
        }
        InstancePlan i = rng.pick(candidates);
        i.duplicate = i.hasPixelData() && rng.chance(0.4) ? Copy.PARTIAL : Copy.IDENTICAL;
        int last = 0;
        for (InstancePlan o : instances) {
            if (o.seriesNumber == i.seriesNumber) {
                last = Math.max(last, o.instanceNumber);
            }
        }
        String dir = i.path.substring(0, i.path.lastIndexOf('/'));
        i.copyPath = String.format(Locale.ROOT, "%s/%04d.dcm", dir, last + 1);
        if (i.faultSeed == 0) {
            i.faultSeed = rng.nextLong();
        }
    }
}
