package dev.ferry.testkit.generator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link ArchiveGenerator} generates. The same settings always give the same archive, byte for
 * byte: nothing depends on the clock, the locale or the platform.
 *
 * <pre>{@code
 * GeneratorSettings settings = GeneratorSettings.builder()
 *         .seed(42).studies(100)
 *         .sizes(Sizes.COMPACT)
 *         .dirt(DirtProfile.FIELD)
 *         .deltaStudies(10)
 *         .asOf(LocalDate.of(2026, 1, 1))
 *         .build();
 * }</pre>
 *
 * @param seed what every UID, name, date, fault and pixel derives from
 * @param studies studies in the main archive, at least 1
 * @param deltaStudies studies that "arrive later" (dated after the main archive's newest), 0 or more
 * @param sizes matrices and counts
 * @param dirt the faults and their rates
 * @param asOf the archive's "today": main study dates spread over about ten years before it, delta
 *     studies on and after it
 *
 * <p>Immutable and thread-safe.
 */
public record GeneratorSettings(long seed, int studies, int deltaStudies, Sizes sizes, DirtProfile dirt,
                                LocalDate asOf) {
    /** The default "today": fixed, never the clock. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 1, 1);
    /** The most studies one generation takes (main plus delta), which keeps keys and numbers in range. */
    public static final int MAX_STUDIES = 1_000_000;

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public GeneratorSettings {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(dirt, "dirt");
        Objects.requireNonNull(asOf, "asOf");
        if (studies < 1 || studies > MAX_STUDIES) {
            throw new IllegalArgumentException("studies must be 1.." + MAX_STUDIES + ": " + studies);
        }
        if (deltaStudies < 0 || deltaStudies > MAX_STUDIES - studies) {
            throw new IllegalArgumentException("deltaStudies must be 0.." + (MAX_STUDIES - studies) + ": "
                    + deltaStudies);
        }
        if (asOf.getYear() < 1920 || asOf.getYear() > 9000) {
            throw new IllegalArgumentException("asOf must be a date between 1920 and 9000: " + asOf);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link GeneratorSettings}: seed 0, 100 studies, no delta, COMPACT, FIELD, 2026-01-01. Not thread-safe. */
    public static final class Builder {
        private long seed;
        private int studies = 100;
        private int deltaStudies;
        private Sizes sizes = Sizes.COMPACT;
        private DirtProfile dirt = DirtProfile.FIELD;
        private LocalDate asOf = DEFAULT_AS_OF;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder studies(int studies) {
            this.studies = studies;
            return this;
        }

        public Builder deltaStudies(int deltaStudies) {
            this.deltaStudies = deltaStudies;
            return this;
        }

        public Builder sizes(Sizes sizes) {
            this.sizes = sizes;
            return this;
        }

        public Builder dirt(DirtProfile dirt) {
            this.dirt = dirt;
            return this;
        }

        public Builder asOf(LocalDate asOf) {
            this.asOf = asOf;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public GeneratorSettings build() {
            return new GeneratorSettings(seed, studies, deltaStudies, sizes, dirt, asOf);
        }
    }
}
