package dev.ferry.hl7.identity;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.StudyDescriptor;
import java.util.Set;

/** Identity contexts for the tests. */
final class Contexts {
    private Contexts() {}

    static IdentityContext of(String id, String issuer) {
        return of("legacy", id, issuer, Demographics.UNKNOWN);
    }

    static IdentityContext of(String source, String id, String issuer) {
        return of(source, id, issuer, Demographics.UNKNOWN);
    }

    static IdentityContext of(String id, String issuer, Demographics d) {
        return of("legacy", id, issuer, d);
    }

    static IdentityContext of(String source, String id, String issuer, Demographics d) {
        PatientIdentity p = id == null ? null : PatientIdentity.of(id, issuer);
        return new IdentityContext(source, new StudyDescriptor("1.2.826.0.1.3680043.2.1143." + Math.abs((id + issuer).hashCode()),
                p, d, new Accession("ACC-" + Math.abs((id + "").hashCode() % 100000), ""), null, null, Set.of("CT"),
                -1, -1, -1));
    }
}
