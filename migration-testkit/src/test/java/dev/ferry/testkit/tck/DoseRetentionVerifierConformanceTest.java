package dev.ferry.testkit.tck;

import dev.ferry.core.verify.DoseRetentionVerifier;
import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/** The verifier kit against the dose retention verifier. */
class DoseRetentionVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new DoseRetentionVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        // A CT instance the destination lacks has lost its dose attributes with it.
        return EnumSet.of(Damage.DOSE_TAG_REMOVED, Damage.DOSE_VALUE_ALTERED, Damage.MISSING_INSTANCE);
    }
}
