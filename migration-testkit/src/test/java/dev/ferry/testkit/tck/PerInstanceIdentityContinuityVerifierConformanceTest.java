package dev.ferry.testkit.tck;

import dev.ferry.core.verify.IdentityContinuityVerifier;
import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/**
 * The verifier kit against the identity continuity verifier reading every instance back: it also
 * finds the one instance whose Patient ID differs, which the in-memory archive's study-level
 * description (taken from the first instance) hides.
 */
class PerInstanceIdentityContinuityVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return IdentityContinuityVerifier.builder().perInstance(true).build();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.PATIENT_ID_CHANGED, Damage.ACCESSION_CHANGED, Damage.ISSUER_CHANGED,
                Damage.PATIENT_ID_CHANGED_IN_ONE_INSTANCE);
    }
}
