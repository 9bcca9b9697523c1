package dev.ferry.spi;

import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyManifest;
import java.util.Map;
import java.util.Objects;

/**
 * What a verifier is given for one study.
 *
 * @param source the study as the source holds it, down to instances
 * @param expectedIdentity the identity the study must carry in the destination, or {@code null} if
 *     identity was not resolved (then the source's own identity is expected)
 * @param evidence what was observed of each instance on its way out, by SOP Instance UID
 * @param destination the destination, to describe and read back
 */
public record VerificationContext(StudyManifest source, ResolvedIdentity expectedIdentity,
                                  Map<String, InstanceEvidence> evidence, DestinationArchive destination) {
    public VerificationContext {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        evidence = Map.copyOf(evidence);
    }
}
