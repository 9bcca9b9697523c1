package dev.ferry.testkit.generator;

import dev.ferry.testkit.TestInstances;
import java.util.List;

/**
 * A small deterministic random source (SplitMix64), so that the generator's output is a function of
 * its settings only and does not depend on the JDK's {@code Random} or {@code SplittableRandom}
 * implementation. Each part of the generation takes its own stream, derived from the seed and a
 * label ({@link #of}), so adding a draw in one part does not shift every other part.
 *
 * <p>Not thread-safe.
 */
final class Rng {
    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A stream derived from the seed and the labels (SHA-256 of both). */
    static Rng of(long seed, Object... labels) {
        Object[] parts = new Object[labels.length + 2];
        parts[0] = "ferry-generator";
        parts[1] = seed;
        System.arraycopy(labels, 0, parts, 2, labels.length);
        return new Rng(TestInstances.seedOf(parts));
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Uniform in [min, max], both included. */
    int between(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return p > 0 && nextDouble() < p;
    }

    <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[nextInt(options.length)];
    }

    /** An index drawn with the given weights. */
    int weighted(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A value in [min, max] in steps of 0.25: exact in DS, FL and FD alike. */
    double quarterSteps(double min, double max) {
        int steps = (int) Math.round((max - min) * 4);
        return min + nextInt(steps + 1) / 4.0;
    }
}
