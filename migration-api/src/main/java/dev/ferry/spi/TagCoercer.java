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

    /** A name for reports and the custody log; defaults to the class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
