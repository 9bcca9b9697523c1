package dev.ferry.core.internal;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.spi.IdentityResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan's identity resolvers in order: the first that resolves decides, one that refuses stops
 * the study with its reason, and when all abstain (or there are none) the study keeps the identity
 * its headers carry, untouched. A resolved identity is written into every instance's header
 * (Patient ID, Issuer of Patient ID, Accession Number), each change reported like a coercer's.
 */
public final class IdentityChain {
    static final String RULE = "identity";

    private final List<IdentityResolver> resolvers;

    public IdentityChain(List<IdentityResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    /**
     * @return the identity the first resolver decided on, or {@code null} when none decided: the
     *     headers then keep the identity they carry (which may be none at all)
     * @throws PermanentMigrationException with the refusing resolver's reason
     */
    public ResolvedIdentity resolve(String sourceName, StudyDescriptor study) {
        IdentityContext context = new IdentityContext(sourceName, study);
        for (IdentityResolver r : resolvers) {
            IdentityDecision d = r.resolve(context);
            if (d instanceof IdentityDecision.Resolved res) {
                return res.identity();
            }
            if (d instanceof IdentityDecision.Refused ref) {
                throw new PermanentMigrationException(ref.reason(), study.ref(),
                        "identity resolver " + r.name() + " refused: " + ref.detail());
            }
        }
        return null;
    }

    /** Writes a resolved identity into a header ({@code null}: nothing to write); returns what changed. */
    public static List<TagChange> stamp(Dataset header, ResolvedIdentity identity) {
        List<TagChange> changes = new ArrayList<>();
        if (identity == null) {
            return changes;
        }
        PatientIdentity p = identity.patient();
        if (p != null) {
            set(header, Tag.PatientID, VR.LO, p.id(), changes);
            if (p.hasIssuer()) {
                set(header, Tag.IssuerOfPatientID, VR.LO, p.issuer(), changes);
            }
        }
        Accession a = identity.accession();
        if (a != null && !a.isEmpty()) {
            set(header, Tag.AccessionNumber, VR.SH, a.number(), changes);
        }
        return changes;
    }

    private static void set(Dataset header, int tag, VR vr, String value, List<TagChange> changes) {
        String before = header.contains(tag) ? header.getString(tag, "") : null;
        if (Objects.equals(before, value)) {
            return;
        }
        header.setString(tag, vr, value);
        changes.add(new TagChange(TagPath.of(tag), vr, before, value, RULE));
    }
}
