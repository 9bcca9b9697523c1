package dev.ferry.testkit.tck;

import dev.ferry.core.verify.ReferencedObjectsVerifier;
import dev.ferry.spi.Verifier;
import java.util.EnumSet;
import java.util.Set;

/**
 * The verifier kit against the referenced objects verifier: the fixture's SR references the three CT
 * instances (so a missing CT instance is a dangling reference) and one instance of another study
 * (which must not fail an exact copy).
 */
class ReferencedObjectsVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new ReferencedObjectsVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.MISSING_INSTANCE, Damage.REFERENCING_OBJECT_MISSING);
    }
}
