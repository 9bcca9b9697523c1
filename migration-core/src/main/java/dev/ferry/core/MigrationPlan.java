package dev.ferry.core;

import dev.ferry.api.StudyQuery;
import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.IdentityResolver;
import dev.ferry.spi.SourceArchive;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.Verifier;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a migration moves, from where to where, through what, and how fast: the whole description
 * of one migration, immutable. Built in Java with {@link #builder(String)} or read from YAML by
 * {@link PlanReader}; the same model either way.
 *
 * <p>The archives, resolvers, coercers, verifiers and custody log are the caller's: the plan holds
 * them, the {@link Migration} uses them, and whoever opened them closes them.
 */
public final class MigrationPlan {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;
    private final SourceArchive source;
    private final DestinationArchive destination;
    private final StudyQuery scope;
    private final List<Tier> tiers;
    private final Map<String, Set<String>> modalityGroups;
    private final List<IdentityResolver> identityResolvers;
    private final List<TagCoercer> coercers;
    private final List<Verifier> verifiers;
    private final CustodyLog custodyLog;
    private final int maxStudies;
    private final List<ThrottleWindow> throttleWindows;
    private final ZoneId zone;
    private final long bandwidthBytesPerSecond;
    private final RetryPolicy retry;
    private final CircuitBreakerPolicy circuitBreaker;
    private final Duration leaseDuration;
    private final int sampleDays;
    private final long sampleSeed;

    private MigrationPlan(Builder b) {
        name = b.name;
        source = b.source;
        destination = b.destination;
        scope = b.scope;
        tiers = List.copyOf(b.tiers);
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        b.modalityGroups.forEach((k, v) -> groups.put(k, Set.copyOf(v)));
        modalityGroups = java.util.Collections.unmodifiableMap(groups);
        identityResolvers = List.copyOf(b.identityResolvers);
        coercers = List.copyOf(b.coercers);
        verifiers = List.copyOf(b.verifiers);
        custodyLog = b.custodyLog;
        maxStudies = b.maxStudies;
        throttleWindows = List.copyOf(b.throttleWindows);
        zone = b.zone;
        bandwidthBytesPerSecond = b.bandwidthBytesPerSecond;
        retry = b.retry;
        circuitBreaker = b.circuitBreaker;
        leaseDuration = b.leaseDuration;
        sampleDays = b.sampleDays;
        sampleSeed = b.sampleSeed;
    }

    /** A plan named {@code name}: the migration's id in the state store, and in reports. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public SourceArchive source() {
        return source;
    }

    public DestinationArchive destination() {
        return destination;
    }

    /** Which studies of the source are migrated at all. */
    public StudyQuery scope() {
        return scope;
    }

    /** The tiers in order; the last always takes every study (a BACKGROUND tier is added if needed). */
    public List<Tier> tiers() {
        return tiers;
    }

    /** Modality groups for throttling, by name: e.g. {@code mammography → {MG}}. */
    public Map<String, Set<String>> modalityGroups() {
        return modalityGroups;
    }

    /** The group of a study with these modalities: the first group sharing one, or "" for none. */
    public String groupOf(Set<String> modalities) {
        for (Map.Entry<String, Set<String>> e : modalityGroups.entrySet()) {
            for (String m : modalities) {
                if (e.getValue().contains(m)) {
                    return e.getKey();
                }
            }
        }
        return "";
    }

    /** The first tier that takes a study of this date on {@code today}. */
    public Tier tierOf(java.time.LocalDate studyDate, java.time.LocalDate today) {
        for (Tier t : tiers) {
            if (t.takes(studyDate, today)) {
                return t;
            }
        }
        throw new IllegalStateException("the last tier takes every study");
    }

    public List<IdentityResolver> identityResolvers() {
        return identityResolvers;
    }

    public List<TagCoercer> coercers() {
        return coercers;
    }

    public List<Verifier> verifiers() {
        return verifiers;
    }

    public Optional<CustodyLog> custodyLog() {
        return Optional.ofNullable(custodyLog);
    }

    /** Studies worked on at once outside every throttle window. */
    public int maxStudies() {
        return maxStudies;
    }

    public List<ThrottleWindow> throttleWindows() {
        return throttleWindows;
    }

    /** The time zone of the throttle windows (the hospital's). */
    public ZoneId zone() {
        return zone;
    }

    /** Bytes per second the migration reads from the source at most; 0 for no cap. */
    public long bandwidthBytesPerSecond() {
        return bandwidthBytesPerSecond;
    }

    public RetryPolicy retry() {
        return retry;
    }

    public CircuitBreakerPolicy circuitBreaker() {
        return circuitBreaker;
    }

    /** How long a study's lease lasts unless renewed; a dead process's studies return after it. */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** Days of studies the test migration takes (besides one study of each modality they miss). */
    public int sampleDays() {
        return sampleDays;
    }

    public long sampleSeed() {
        return sampleSeed;
    }

    @Override
    public String toString() {
        return "MigrationPlan[" + name + ", " + source.name() + " -> " + destination.name() + ", scope=" + scope
                + ", tiers=" + tiers.size() + ", maxStudies=" + maxStudies + "]";
    }

    /** Not thread-safe. {@link #build()} validates, naming the field at fault. */
    public static final class Builder {
        private final String name;
        private SourceArchive source;
        private DestinationArchive destination;
        private StudyQuery scope = StudyQuery.ALL;
        private final List<Tier> tiers = new ArrayList<>();
        private final Map<String, Set<String>> modalityGroups = new LinkedHashMap<>();
        private final List<IdentityResolver> identityResolvers = new ArrayList<>();
        private final List<TagCoercer> coercers = new ArrayList<>();
        private final List<Verifier> verifiers = new ArrayList<>();
        private CustodyLog custodyLog;
        private int maxStudies = 2;
        private final List<ThrottleWindow> throttleWindows = new ArrayList<>();
        private ZoneId zone = ZoneId.systemDefault();
        private long bandwidthBytesPerSecond;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.DEFAULT;
        private Duration leaseDuration = Duration.ofMinutes(5);
        private int sampleDays = 3;
        private long sampleSeed = 1;

        private Builder(String name) {
            this.name = name;
        }

        public Builder source(SourceArchive source) {
            this.source = source;
            return this;
        }

        public Builder destination(DestinationArchive destination) {
            this.destination = destination;
            return this;
        }

        public Builder scope(StudyQuery scope) {
            this.scope = scope;
            return this;
        }

        /** Adds a tier after those added before. */
        public Builder tier(Tier tier) {
            tiers.add(Objects.requireNonNull(tier, "tier"));
            return this;
        }

        public Builder modalityGroup(String group, Set<String> modalities) {
            Set<String> upper = new LinkedHashSet<>();
            for (String m : modalities) {
                upper.add(m.strip().toUpperCase(Locale.ROOT));
            }
            modalityGroups.put(group, upper);
            return this;
        }

        public Builder identityResolver(IdentityResolver resolver) {
            identityResolvers.add(Objects.requireNonNull(resolver, "identityResolver"));
            return this;
        }

        public Builder coercer(TagCoercer coercer) {
            coercers.add(Objects.requireNonNull(coercer, "coercer"));
            return this;
        }

        public Builder verifier(Verifier verifier) {
            verifiers.add(Objects.requireNonNull(verifier, "verifier"));
            return this;
        }

        public Builder custodyLog(CustodyLog log) {
            this.custodyLog = log;
            return this;
        }

        public Builder maxStudies(int n) {
            this.maxStudies = n;
            return this;
        }

        public Builder throttleWindow(ThrottleWindow window) {
            throttleWindows.add(Objects.requireNonNull(window, "throttleWindow"));
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder bandwidthBytesPerSecond(long bytesPerSecond) {
            this.bandwidthBytesPerSecond = bytesPerSecond;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
            return this;
        }

        public Builder sample(int days, long seed) {
            this.sampleDays = days;
            this.sampleSeed = seed;
            return this;
        }

        public MigrationPlan build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("plan name must be 1 to 64 letters, digits, '.', '_' or '-'"
                        + " starting with a letter or digit, not " + (name == null ? "null" : "'" + name + "'"));
            }
            require(source != null, "source is required");
            require(destination != null, "destination is required");
            require(scope != null, "scope must not be null");
            require(maxStudies >= 1 && maxStudies <= 256, "maxStudies must be between 1 and 256, not " + maxStudies);
            require(zone != null, "zone must not be null");
            require(bandwidthBytesPerSecond >= 0, "bandwidthBytesPerSecond must not be negative");
            require(retry != null, "retry must not be null");
            require(circuitBreaker != null, "circuitBreaker must not be null");
            require(leaseDuration != null && leaseDuration.compareTo(Duration.ofSeconds(5)) >= 0,
                    "leaseDuration must be at least 5 seconds, not " + leaseDuration);
            require(sampleDays >= 1, "sample days must be at least 1, not " + sampleDays);
            Set<String> tierNames = new LinkedHashSet<>();
            for (Tier t : tiers) {
                require(tierNames.add(t.name()), "tier name '" + t.name() + "' is used twice");
            }
            if (tiers.isEmpty() || tiers.get(tiers.size() - 1).within() != null
                    || tiers.get(tiers.size() - 1).dates() != null) {
                String rest = tierNames.contains("background") ? "rest" : "background";
                tiers.add(Tier.all(rest, Lane.BACKGROUND));
            }
            for (Tier t : tiers) {
                require(t.lane() != Lane.PREFETCH, "tier '" + t.name()
                        + "' lane must be RECENT or BACKGROUND: PREFETCH is for promoted patients");
            }
            for (Map.Entry<String, Set<String>> g : modalityGroups.entrySet()) {
                require(!g.getKey().isBlank(), "modality group names must not be empty");
                require(!g.getValue().isEmpty(), "modality group '" + g.getKey() + "' has no modalities");
            }
            for (ThrottleWindow w : throttleWindows) {
                for (String group : w.groupLimits().keySet()) {
                    require(modalityGroups.containsKey(group), "throttle window limits group '" + group
                            + "', which is not a modality group of the plan");
                }
            }
            return new MigrationPlan(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
