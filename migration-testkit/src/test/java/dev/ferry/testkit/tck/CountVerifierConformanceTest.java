package dev.ferry.testkit.tck;

import dev.ferry.core.verify.CountVerifier;
import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/** The verifier kit against the count verifier. */
class CountVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new CountVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.MISSING_INSTANCE, Damage.EXTRA_INSTANCE, Damage.REFERENCING_OBJECT_MISSING);
    }
}
