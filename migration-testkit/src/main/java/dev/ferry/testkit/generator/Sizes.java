package dev.ferry.testkit.generator;

/**
 * How large the generated objects are. Every size keeps the same headers, modalities and series
 * structure; they differ in matrices (Rows × Columns, frames) and in how many instances a series
 * holds.
 *
 * <ul>
 *   <li>{@link #REALISTIC}: real matrices and counts (CT 512 × 512 × 16 bits with tens to hundreds of
 *       slices, digital mammography 3328 × 4096 × 16 bits ≈ 27 MB per view, XA 512 × 512 × 8 bits
 *       with 20–60 frames); a thousand studies are tens of gigabytes.
 *   <li>{@link #COMPACT}: matrices and counts scaled down so that a study averages about
 *       0.3–1.5 MB and a hundred studies generate in seconds. The default.
 *   <li>{@link #MINIMAL}: tiny matrices and one to three instances per series, for tests that count
 *       studies, patients and faults over hundreds of studies.
 * </ul>
 */
public enum Sizes {
    /** Tiny matrices, one to three instances per series. */
    MINIMAL,
    /** Scaled-down matrices and counts, about 0.3–1.5 MB per study; the default. */
    COMPACT,
    /** Real matrices and instance counts. */
    REALISTIC;

    /**
     * A matrix dimension for this size: the real one, or scaled down (never below 8).
     *
     * @param real the dimension a real modality produces
     * @param compact the dimension {@link #COMPACT} uses
     */
    int dimension(int real, int compact) {
        switch (this) {
            case REALISTIC: return real;
            case COMPACT: return compact;
            default: return Math.max(8, compact / 8);
        }
    }

    /**
     * An instance count for this size, drawn from the range this size uses.
     *
     * @param realMin fewest instances (or frames) in a real series
     * @param realMax most in a real series
     * @param compactMin fewest for {@link #COMPACT}
     * @param compactMax most for {@link #COMPACT}
     */
    int count(Rng rng, int realMin, int realMax, int compactMin, int compactMax) {
        switch (this) {
            case REALISTIC: return rng.between(realMin, realMax);
            case COMPACT: return rng.between(compactMin, compactMax);
            default: return rng.between(Math.min(1, compactMin), Math.min(3, compactMax));
        }
    }
}
