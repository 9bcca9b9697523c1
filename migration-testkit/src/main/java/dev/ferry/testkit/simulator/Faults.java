package dev.ferry.testkit.simulator;

import dev.ferry.api.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The faults a {@link LegacyPacsSimulator} injects, as legacy archives show them. Immutable and
 * thread-safe; {@link #NONE} injects nothing. A compact text form, as a command line takes it, is
 * read by {@link #parse(String)} and written by {@link #toString()}:
 *
 * <pre>{@code
 * find-cap=500,delay=200ms,bandwidth=2MB/s,max-associations=2,abort-after=50,drop=0.05,seed=7
 * }</pre>
 *
 * <ul>
 *   <li>{@code find-cap}: C-FIND and QIDO-RS answer at most this many matches, then Success, without
 *       a warning;
 *   <li>{@code delay}: each C-FIND, C-MOVE, C-GET, QIDO-RS and WADO-RS request is answered only after
 *       this long ({@code ms}, {@code s} or {@code m});
 *   <li>{@code bandwidth}: the rate, in bytes per second across all associations and connections,
 *       at which instances are sent ({@code B/s}, {@code KB/s}, {@code MB/s}, {@code GB/s}; powers of
 *       1024);
 *   <li>{@code max-associations}: associations beyond this many are rejected (A-ASSOCIATE-RJ,
 *       transient), HTTP requests beyond this many at once are answered 503;
 *   <li>{@code abort-after}: every k-th instance sent (one count across the simulator) aborts the
 *       association or cuts the connection that carried it, just after it;
 *   <li>{@code drop} and {@code seed}: this fraction of a retrieval's instances is left out
 *       (deterministically, by seed and SOP Instance UID) and the retrieval still reports Success.
 * </ul>
 */
public final class Faults {
    /** No faults. */
    public static final Faults NONE = builder().build();

    private final int findCap;
    private final Duration responseDelay;
    private final long bandwidth;
    private final int maxAssociations;
    private final int abortAfter;
    private final double drop;
    private final long seed;

    private Faults(Builder b) {
        this.findCap = b.findCap;
        this.responseDelay = b.responseDelay;
        this.bandwidth = b.bandwidth;
        this.maxAssociations = b.maxAssociations;
        this.abortAfter = b.abortAfter;
        this.drop = b.drop;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these faults, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.findCap = findCap;
        b.responseDelay = responseDelay;
        b.bandwidth = bandwidth;
        b.maxAssociations = maxAssociations;
        b.abortAfter = abortAfter;
        b.drop = drop;
        b.seed = seed;
        return b;
    }

    /** The C-FIND / QIDO-RS result cap; 0 for none. */
    public int findCap() {
        return findCap;
    }

    /** The delay before each request is answered; zero for none. */
    public Duration responseDelay() {
        return responseDelay;
    }

    /** The rate instances are sent at, bytes per second; 0 for unlimited. */
    public long bandwidth() {
        return bandwidth;
    }

    /** The most associations (and concurrent HTTP requests) served at once; 0 for the simulator's default. */
    public int maxAssociations() {
        return maxAssociations;
    }

    /** Every this many instances sent, the carrying association is aborted; 0 for never. */
    public int abortAfter() {
        return abortAfter;
    }

    /** The fraction of each retrieval's instances left out, 0 to 1. */
    public double drop() {
        return drop;
    }

    /** The seed that picks which instances {@link #drop()} leaves out. */
    public long seed() {
        return seed;
    }

    /** Whether this SOP Instance is among those {@link #drop()} leaves out: the same answer every time. */
    public boolean drops(String sopInstanceUid) {
        if (drop <= 0) {
            return false;
        }
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < sopInstanceUid.length(); i++) {
            h = (h ^ sopInstanceUid.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        double u = (h >>> 11) * 0x1.0p-53;
        return u < drop;
    }

    /**
     * Reads the compact form (see the class comment): {@code key=value} pairs separated by commas,
     * keys in any order, each at most once; empty or {@code none} for {@link #NONE}.
     *
     * @throws ConfigurationException naming the key and what it accepts when the spec cannot be read
     */
    public static Faults parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        Builder b = builder();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return b.build();
        }
        List<String> seen = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new ConfigurationException("faults: \"" + p + "\" is not key=value (e.g. find-cap=500)");
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).strip();
            if (seen.contains(key)) {
                throw new ConfigurationException("faults: " + key + " is given twice");
            }
            seen.add(key);
            try {
                switch (key) {
                    case "find-cap" -> b.findCap(integer(key, value));
                    case "delay" -> b.responseDelay(duration(key, value));
                    case "bandwidth" -> b.bandwidth(rate(key, value));
                    case "max-associations" -> b.maxAssociations(integer(key, value));
                    case "abort-after" -> b.abortAfter(integer(key, value));
                    case "drop" -> b.drop(fraction(key, value));
                    case "seed" -> b.seed(longValue(key, value));
                    default -> throw new ConfigurationException("faults: unknown key " + key + " (known: find-cap,"
                            + " delay, bandwidth, max-associations, abort-after, drop, seed)");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("faults: " + e.getMessage());
            }
        }
        return b.build();
    }

    private static int integer(String key, String value) {
        long v = longValue(key, value);
        if (v > Integer.MAX_VALUE) {
            throw new ConfigurationException("faults: " + key + " must be at most " + Integer.MAX_VALUE + ": " + value);
        }
        return (int) v;
    }

    private static long longValue(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("faults: " + key + " must be a whole number: \"" + value + "\"");
        }
    }

    private static double fraction(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("faults: " + key + " must be a fraction 0 to 1 (e.g. 0.05): \"" + value
                    + "\"");
        }
    }

    private static Duration duration(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String digits;
        long unitMillis;
        if (v.endsWith("ms")) {
            digits = v.substring(0, v.length() - 2);
            unitMillis = 1;
        } else if (v.endsWith("s")) {
            digits = v.substring(0, v.length() - 1);
            unitMillis = 1000;
        } else if (v.endsWith("m")) {
            digits = v.substring(0, v.length() - 1);
            unitMillis = 60_000;
        } else {
            throw new ConfigurationException("faults: " + key + " needs a unit, ms, s or m (e.g. 200ms): \"" + value
                    + "\"");
        }
        return Duration.ofMillis(Math.multiplyExact(longValue(key, digits.strip()), unitMillis));
    }

    private static long rate(String key, String value) {
        String v = value.toUpperCase(Locale.ROOT).replace(" ", "");
        if (!v.endsWith("B/S")) {
            throw new ConfigurationException("faults: " + key + " needs a unit, B/s, KB/s, MB/s or GB/s (e.g. 2MB/s): \""
                    + value + "\"");
        }
        v = v.substring(0, v.length() - 3);
        long unit = 1;
        if (v.endsWith("K")) {
            unit = 1L << 10;
        } else if (v.endsWith("M")) {
            unit = 1L << 20;
        } else if (v.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit > 1) {
            v = v.substring(0, v.length() - 1);
        }
        return Math.multiplyExact(longValue(key, v), unit);
    }

    /** The compact form {@link #parse(String)} reads; {@code none} for no faults. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (findCap > 0) {
            parts.add("find-cap=" + findCap);
        }
        if (!responseDelay.isZero()) {
            long ms = responseDelay.toMillis();
            parts.add("delay=" + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms"));
        }
        if (bandwidth > 0) {
            parts.add("bandwidth=" + rateText(bandwidth));
        }
        if (maxAssociations > 0) {
            parts.add("max-associations=" + maxAssociations);
        }
        if (abortAfter > 0) {
            parts.add("abort-after=" + abortAfter);
        }
        if (drop > 0) {
            parts.add("drop=" + drop);
        }
        if (seed != 0) {
            parts.add("seed=" + seed);
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    private static String rateText(long bytesPerSecond) {
        String[] units = {"B/s", "KB/s", "MB/s", "GB/s"};
        long v = bytesPerSecond;
        int u = 0;
        while (u < 3 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Faults f && f.findCap == findCap && f.responseDelay.equals(responseDelay)
                && f.bandwidth == bandwidth && f.maxAssociations == maxAssociations && f.abortAfter == abortAfter
                && Double.compare(f.drop, drop) == 0 && f.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(findCap, responseDelay, bandwidth, maxAssociations, abortAfter, drop, seed);
    }

    /** Builds {@link Faults}; every fault off by default. Not thread-safe. */
    public static final class Builder {
        private int findCap;
        private Duration responseDelay = Duration.ZERO;
        private long bandwidth;
        private int maxAssociations;
        private int abortAfter;
        private double drop;
        private long seed;

        private Builder() {}

        /** C-FIND and QIDO-RS answer at most {@code n} matches; 0 for no cap. */
        public Builder findCap(int n) {
            this.findCap = nonNegative("find-cap", n);
            return this;
        }

        /** Each request is answered after {@code delay}; zero for none. */
        public Builder responseDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new ConfigurationException("faults: delay must not be negative: " + delay);
            }
            this.responseDelay = delay;
            return this;
        }

        /** Instances are sent at most at {@code bytesPerSecond} in all; 0 for unlimited. */
        public Builder bandwidth(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new ConfigurationException("faults: bandwidth must not be negative: " + bytesPerSecond);
            }
            this.bandwidth = bytesPerSecond;
            return this;
        }

        /** At most {@code n} associations (and HTTP requests) at once; 0 for the simulator's default. */
        public Builder maxAssociations(int n) {
            this.maxAssociations = nonNegative("max-associations", n);
            if (n > 4096) {
                throw new ConfigurationException("faults: max-associations must be at most 4096: " + n);
            }
            return this;
        }

        /** Every {@code k}-th instance sent aborts its association just after it; 0 for never. */
        public Builder abortAfter(int k) {
            this.abortAfter = nonNegative("abort-after", k);
            return this;
        }

        /** Leaves out this fraction (0 to 1) of each retrieval's instances; see {@link #seed(long)}. */
        public Builder drop(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new ConfigurationException("faults: drop must be a fraction 0 to 1: " + rate);
            }
            this.drop = rate;
            return this;
        }

        /** The seed that picks the dropped instances; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Faults build() {
            return new Faults(this);
        }

        private static int nonNegative(String key, int n) {
            if (n < 0) {
                throw new ConfigurationException("faults: " + key + " must not be negative: " + n);
            }
            return n;
        }
    }
}
