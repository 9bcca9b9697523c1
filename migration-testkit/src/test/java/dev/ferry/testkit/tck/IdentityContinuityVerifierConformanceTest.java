package dev.ferry.testkit.tck;

import dev.ferry.core.verify.IdentityContinuityVerifier;
import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/** The verifier kit against the identity continuity verifier, comparing the study level only. */
class IdentityContinuityVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new IdentityContinuityVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.PATIENT_ID_CHANGED, Damage.ACCESSION_CHANGED, Damage.ISSUER_CHANGED);
    }
}
