package dev.ferry.spi;

import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;

/**
 * Decides the destination identity of a study: the surviving patient after merges (HL7 ADT history),
 * MRN format rules, an MPI lookup; the normalised accession number. Resolvers compose in a chain:
 * the first that does not {@link IdentityDecision.Abstain abstain} decides. Run the testkit's
 * {@code IdentityResolverConformance} against an implementation.
 *
 * <p>Contract: thread-safe and deterministic (the same context gives the same decision while the
 * resolver's data is unchanged, since a resumed migration must resolve as the first run did); never
 * returns {@code null}; refuses rather than guess when sources of identity disagree; does no I/O
 * that blocks for long without a timeout (an MPI lookup times out into a refusal or an exception).
 */
@FunctionalInterface
public interface IdentityResolver {

    /**
     * @return resolved, abstain, or refused with a reason
     * @throws dev.ferry.api.TransientMigrationException when a backing service (MPI) is unreachable
     *     for now; the study is retried later, not refused
     */
    IdentityDecision resolve(IdentityContext context);

    /**
     * A stable name for reports and the custody log (results are grouped by it). Defaults to the
     * class's simple name, or its binary name for an anonymous class; a lambda has no stable class
     * name, so give it one with {@link #named(String, IdentityResolver)}.
     */
    default String name() {
        return SpiNames.of(this, "IdentityResolver");
    }

    /** Gives a resolver written as a lambda a stable name. */
    static IdentityResolver named(String name, IdentityResolver resolver) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(resolver, "resolver");
        return new IdentityResolver() {
            @Override
            public IdentityDecision resolve(IdentityContext context) {
                return resolver.resolve(context);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
