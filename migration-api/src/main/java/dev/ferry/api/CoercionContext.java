package dev.ferry.api;

import java.util.Objects;

/**
 * The context of one header a coercer is asked to change.
 *
 * @param sourceName the source archive's name (rules can depend on it, like a source AE title)
 * @param study the study as the source describes it
 * @param instance the instance whose header this is
 * @param identity the identity the resolvers decided on, or {@code null} when no resolver ran
 */
public record CoercionContext(String sourceName, StudyDescriptor study, InstanceDescriptor instance, ResolvedIdentity identity) {
    public CoercionContext {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(instance, "instance");
    }
}
