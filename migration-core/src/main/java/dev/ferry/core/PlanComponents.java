package dev.ferry.core;

import dev.ferry.spi.CustodyLog;
import dev.ferry.spi.IdentityResolver;
import dev.ferry.spi.TagCoercer;
import dev.ferry.spi.Verifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity resolvers, tag coercers, verifiers and custody logs a plan file may name, each under
 * a name the caller chooses: the file says {@code verifiers: [counts, pixels]}, the caller registered
 * {@code verifier("counts", …)} and {@code verifier("pixels", …)}. The file chooses among them and
 * orders them; a name that is not registered is an error naming the line and the registered names.
 *
 * <pre>{@code
 * PlanComponents components = PlanComponents.builder()
 *         .identityResolver("merge-history", mergeHistory)
 *         .identityResolver("mpi", mpi)
 *         .coercer("site-rules", siteRules)
 *         .verifier("counts", counts)
 *         .custodyLog("default", custodyLog)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The components stay the caller's: a {@link LoadedPlan} does not
 * close them.
 */
public final class PlanComponents {
    /** No components: a plan file using this may name none. */
    public static final PlanComponents NONE = builder().build();

    private final Map<String, IdentityResolver> identityResolvers;
    private final Map<String, TagCoercer> coercers;
    private final Map<String, Verifier> verifiers;
    private final Map<String, CustodyLog> custodyLogs;

    private PlanComponents(Builder b) {
        identityResolvers = Collections.unmodifiableMap(new LinkedHashMap<>(b.identityResolvers));
        coercers = Collections.unmodifiableMap(new LinkedHashMap<>(b.coercers));
        verifiers = Collections.unmodifiableMap(new LinkedHashMap<>(b.verifiers));
        custodyLogs = Collections.unmodifiableMap(new LinkedHashMap<>(b.custodyLogs));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** By name, in the order registered. */
    public Map<String, IdentityResolver> identityResolvers() {
        return identityResolvers;
    }

    public Map<String, TagCoercer> coercers() {
        return coercers;
    }

    public Map<String, Verifier> verifiers() {
        return verifiers;
    }

    public Map<String, CustodyLog> custodyLogs() {
        return custodyLogs;
    }

    @Override
    public String toString() {
        return "PlanComponents[identityResolvers=" + identityResolvers.keySet() + ", coercers=" + coercers.keySet()
                + ", verifiers=" + verifiers.keySet() + ", custodyLogs=" + custodyLogs.keySet() + "]";
    }

    /** Not thread-safe. Each kind has its own names; a name registered twice for one kind is an error. */
    public static final class Builder {
        private final Map<String, IdentityResolver> identityResolvers = new LinkedHashMap<>();
        private final Map<String, TagCoercer> coercers = new LinkedHashMap<>();
        private final Map<String, Verifier> verifiers = new LinkedHashMap<>();
        private final Map<String, CustodyLog> custodyLogs = new LinkedHashMap<>();

        private Builder() {}

        public Builder identityResolver(String name, IdentityResolver resolver) {
            put(identityResolvers, "identity resolver", name, resolver);
            return this;
        }

        public Builder coercer(String name, TagCoercer coercer) {
            put(coercers, "coercer", name, coercer);
            return this;
        }

        public Builder verifier(String name, Verifier verifier) {
            put(verifiers, "verifier", name, verifier);
            return this;
        }

        public Builder custodyLog(String name, CustodyLog log) {
            put(custodyLogs, "custody log", name, log);
            return this;
        }

        public PlanComponents build() {
            return new PlanComponents(this);
        }

        private static <T> void put(Map<String, T> map, String kind, String name, T component) {
            Objects.requireNonNull(component, kind);
            if (name == null || name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalArgumentException(kind + " name must be non-empty without surrounding spaces, not '"
                        + name + "'");
            }
            if (map.putIfAbsent(name, component) != null) {
                throw new IllegalArgumentException(kind + " '" + name + "' is registered twice");
            }
        }
    }
}
