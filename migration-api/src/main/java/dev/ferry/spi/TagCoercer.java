package dev.ferry.spi;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;

/**
 * Changes a header on its way to the destination (declarative rules, identity and accession
 * application, private-to-standard dose mapping, character-set fixes) and reports every change.
 * Run the testkit's {@code TagCoercerConformance} against an implementation.
 *
 * <p>Contract:
 * <ul>
 *   <li>changes the header in place and reports <em>every</em> change it made, and nothing it did
 *       not make: the conformance kit diffs the header before and after against the report;
 *   <li>deterministic: the same header and context give the same changes;
 *   <li>thread-safe: called concurrently for different headers (never for the same one);
 *   <li>touches only the header: pixel data is not its business;
 *   <li>never throws for bad data it can describe: it returns {@link CoercionOutcome.Rejected}.
 * </ul>
 */
@FunctionalInterface
public interface TagCoercer {

    CoercionOutcome coerce(Dataset header, CoercionContext context);

    /**
     * A stable name for reports and the custody log (results are grouped by it). Defaults to the
     * class's simple name, or its binary name for an anonymous class; a lambda has no stable class
     * name, so give it one with {@link #named(String, TagCoercer)}.
     */
    default String name() {
        return SpiNames.of(this, "TagCoercer");
    }

    /** Gives a coercer written as a lambda a stable name. */
    static TagCoercer named(String name, TagCoercer coercer) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(coercer, "coercer");
        return new TagCoercer() {
            @Override
            public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                return coercer.coerce(header, context);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
