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
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plan's identity resolvers in order: the first that resolves decides, one that refuses stops
 * the study with its reason, and when all abstain (or there are none) the study keeps the identity
 * its headers carry, untouched. A resolved identity is written into every instance's header
 * (Patient ID, Issuer of Patient ID, Accession Number), each change reported like a coercer's.
 *
 * <p>The identity change goes through the same mechanism as the coercion rules (issue 8): the
 * values it replaces are kept in a new item of the Original Attributes Sequence (0400,0561), PS3.3
 * section C.12.1.1.9, with Reason for the Attribute Modification {@code COERCE}, in the same shape as
 * {@code dev.ferry.dicom.coerce.RuleCoercer} writes (migration-core cannot depend on the codec
 * module, so the few lines that write the item are repeated here; a test in migration-cli holds the
 * two to the same shape): the Modified Attributes Sequence (0400,0550) with one item holding each
 * replaced element as it was (one that was absent, empty), Attribute Modification DateTime
 * (0400,0562), Modifying System (0400,0563) {@value #MODIFYING_SYSTEM}, Source of Previous Values
 * (0400,0564) the source's name (at most 64 characters), and the reason. A header whose identity
 * already is the resolved one gets no item.
 */
public final class IdentityChain {
    static final String RULE = "identity";
    /** Modifying System (0400,0563), as the coercion rules write it. */
    static final String MODIFYING_SYSTEM = "FERRY";
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSxx");
    private static final int LO_MAX = 64;

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

    /**
     * Writes a resolved identity into a header ({@code null}: nothing to write); returns what changed.
     * The Original Attributes Sequence item has an empty Source of Previous Values and the system
     * clock's time: callers that know the source should use {@link #stamp(Dataset, ResolvedIdentity,
     * String, Clock)}.
     */
    public static List<TagChange> stamp(Dataset header, ResolvedIdentity identity) {
        return stamp(header, identity, "", Clock.systemUTC());
    }

    /**
     * Writes a resolved identity into a header ({@code null}: nothing to write) and keeps the values it
     * replaces in the Original Attributes Sequence; returns what changed, the sequence included.
     *
     * @param sourceName Source of Previous Values (0400,0564): the source archive's name
     * @param clock the time of Attribute Modification DateTime (0400,0562), written in UTC
     */
    public static List<TagChange> stamp(Dataset header, ResolvedIdentity identity, String sourceName, Clock clock) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(clock, "clock");
        List<TagChange> changes = new ArrayList<>();
        if (identity == null) {
            return changes;
        }
        List<Original> originals = new ArrayList<>(3);
        PatientIdentity p = identity.patient();
        if (p != null) {
            set(header, Tag.PatientID, VR.LO, p.id(), changes, originals);
            if (p.hasIssuer()) {
                set(header, Tag.IssuerOfPatientID, VR.LO, p.issuer(), changes, originals);
            }
        }
        Accession a = identity.accession();
        if (a != null && !a.isEmpty()) {
            set(header, Tag.AccessionNumber, VR.SH, a.number(), changes, originals);
        }
        if (!originals.isEmpty()) {
            changes.add(keepOriginals(header, originals, sourceName, clock));
        }
        return changes;
    }

    /** An element as it was before the identity was written: {@code value} null if it was absent. */
    private record Original(int tag, VR vr, String value) {}

    private static void set(Dataset header, int tag, VR vr, String value, List<TagChange> changes,
                            List<Original> originals) {
        String before = header.contains(tag) ? header.getString(tag, "") : null;
        if (Objects.equals(before, value)) {
            return;
        }
        VR vrBefore = header.vr(tag);
        originals.add(new Original(tag, vrBefore == null ? vr : vrBefore, before));
        header.setString(tag, vr, value);
        changes.add(new TagChange(TagPath.of(tag), vr, before, value, RULE));
    }

    /** Adds the item of the Original Attributes Sequence for {@code originals}; returns the sequence's change. */
    private static TagChange keepOriginals(Dataset header, List<Original> originals, String sourceName, Clock clock) {
        String before = header.contains(Tag.OriginalAttributesSequence)
                ? header.valueAsText(Tag.OriginalAttributesSequence) : null;
        Dataset.Sequence oas = header.getSequence(Tag.OriginalAttributesSequence);
        if (oas == null) {
            oas = header.newSequence(Tag.OriginalAttributesSequence);
        }
        Dataset item = oas.addItem();
        Dataset modified = item.newSequence(Tag.ModifiedAttributesSequence).addItem();
        for (Original o : originals) {
            if (o.value() == null) {
                modified.setEmpty(o.tag(), o.vr()); // absent before: recorded empty, so the item says it was added
            } else {
                modified.setString(o.tag(), o.vr(), o.value());
            }
        }
        item.setString(Tag.AttributeModificationDateTime, VR.DT, DT.format(clock.instant().atOffset(ZoneOffset.UTC)));
        item.setString(Tag.ModifyingSystem, VR.LO, MODIFYING_SYSTEM);
        item.setString(Tag.SourceOfPreviousValues, VR.LO,
                sourceName.length() <= LO_MAX ? sourceName : sourceName.substring(0, LO_MAX));
        item.setString(Tag.ReasonForTheAttributeModification, VR.CS, "COERCE");
        return new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, before,
                header.valueAsText(Tag.OriginalAttributesSequence), RULE);
    }
}
