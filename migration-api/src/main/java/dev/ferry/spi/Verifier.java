package dev.ferry.spi;

import dev.ferry.api.VerificationResult;
import java.io.IOException;

/**
 * Compares what the source had with what the destination holds, for one study: counts, pixel-data
 * hashes, identity and accession continuity, dose-tag retention, referenced objects. Run the
 * testkit's {@code VerifierConformance} against an implementation.
 *
 * <p>Contract: thread-safe; never returns {@code null}; passes an exact copy; fails (with a finding
 * per item) every damage it claims to detect; says {@code INCONCLUSIVE} rather than pass when it
 * cannot compare (e.g. the destination transcoded the pixel data); reads the destination only
 * through the context's archive.
 */
@FunctionalInterface
public interface Verifier {

    /**
     * @throws IOException when the destination cannot be read for now (retryable)
     */
    VerificationResult verify(VerificationContext context) throws IOException;

    /**
     * Evidence this verifier needs from each instance's remainder while it streams out of the
     * source (a Pixel Data digest), or empty. The engine taps each instance with the first tap its
     * verifiers offer and hands the result to every verifier in
     * {@link VerificationContext#evidence()}.
     */
    default java.util.Optional<EvidenceTap> evidenceTap() {
        return java.util.Optional.empty();
    }

    /**
     * Header values this verifier needs from the source, captured from each instance's header as it
     * left the source, before any coercion (e.g. dose attributes a destination must retain). The
     * engine records the union over its verifiers in {@link dev.ferry.api.InstanceEvidence#attributes()};
     * an absent element is not recorded.
     */
    default java.util.Set<dev.ferry.api.TagPath> evidenceAttributes() {
        return java.util.Set.of();
    }

    /**
     * A stable name for reports and the custody log (results are grouped by it). Defaults to the
     * class's simple name, or its binary name for an anonymous class; a lambda has no stable class
     * name, so give it one with {@link #named(String, Verifier)}.
     */
    default String name() {
        return SpiNames.of(this, "Verifier");
    }

    /** Gives a verifier written as a lambda a stable name. */
    static Verifier named(String name, Verifier verifier) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(verifier, "verifier");
        return new Verifier() {
            @Override
            public VerificationResult verify(VerificationContext context) throws IOException {
                return verifier.verify(context);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
