package dev.ferry.testkit.tck;

import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/** The verifier kit against the count-and-pixel verifier. */
class CountAndPixelVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new CountAndPixelVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.MISSING_INSTANCE, Damage.EXTRA_INSTANCE, Damage.PIXEL_DATA_ALTERED);
    }
}
