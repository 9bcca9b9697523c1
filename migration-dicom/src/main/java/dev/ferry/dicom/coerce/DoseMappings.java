package dev.ferry.dicom.coerce;

import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Private-to-standard dose mapping: tables of {@link DoseMapping}s, applied as coercion rules, and the
 * pairs a dose-retention check needs to know that the destination holds what the rules wrote.
 *
 * <p>Each entry becomes one {@link Rule} of a {@link RuleSet} named {@value #NAME}:
 * <pre>{@code
 * - name: CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE
 *   when: {all: [{matches: {tag: "(0019,xx10)@ORION_RAD_PRIVATE", pattern: "(?s).*\\S.*"}},
 *                {any: [{absent: CTDIvol}, {matches: {tag: CTDIvol, pattern: ""}}]}]}
 *   do:
 *     - copy: {from: "(0019,xx10)@ORION_RAD_PRIVATE", to: CTDIvol, sourceVr: DS}
 * }</pre>
 * so the standard attribute is written only where the header lacks it (or holds it empty, which says
 * no more), from a private value that is there; the private element stays. As with every rule, the
 * change is reported and the attribute's absence is recorded in the Original Attributes Sequence
 * (0400,0561) with the reason {@code COERCE}.
 *
 * <p>The built-in table ({@link #builtIn()}) holds only entries whose element is named in a public
 * private dictionary with a meaning that has a standard counterpart in an image header; see its
 * Javadoc for what the public dictionaries do not give. A site adds its own entries, each citing
 * its source (a vendor's conformance statement by name, version and section).
 *
 * <p>Immutable and thread-safe.
 */
public final class DoseMappings {
    /** The name of the coercer the mapping becomes, in change reports and the custody log. */
    public static final String NAME = "private-dose";

    private static final String DCMTK = "DCMTK private.dic (Debian libdcmtk17 3.6.7)";
    private static final String GDCM = "GDCM private dictionary, as in pydicom _private_dict.py"
            + " (Debian python3-pydicom 2.3.1)";

    /**
     * The built-in, cited entries.
     * <ul>
     *   <li>{@code TOSHIBA_MEC_CT3} (7005,xx23) "Pitch Factor", DS, to Spiral Pitch Factor
     *   (0018,9311): GDCM's dictionary. Both are the table feed per rotation over the total nominal
     *   collimation, a dimensionless ratio.</li>
     *   <li>{@code SIEMENS CT VA0  GEN} (0019,xx21) "ExposureCurrent", DS, to X-Ray Tube Current in mA
     *   (0018,9330): DCMTK's {@code private.dic}. The dictionary gives no unit; CT consoles state tube
     *   current in mA.</li>
     * </ul>
     * Neither dictionary names the block these creators reserve, so neither entry can be checked by the
     * dose-retention verifier (see {@link #retentionChecks(List)}).
     *
     * <p>What is not here, and why: no public dictionary on record names a vendor's private CTDIvol or
     * phantom type in a CT image header (vendors that report CTDIvol in the image write the standard
     * (0018,9345)); {@code TOSHIBA_MEC_CT3} (7005,xx40) "DLP Dose Length Product" (GDCM) has no standard
     * counterpart in an image header (DLP is reported in the CT Radiation Dose SR, TID 10011), so it is
     * kept as it is and flagged by the private tag audit instead; exposure elements without a stated
     * unit whose unit is not settled by practice (Siemens' "ExposureTime", seconds or milliseconds) are
     * left out rather than guessed.
     */
    public static List<DoseMapping> builtIn() {
        return BUILT_IN;
    }

    private static final List<DoseMapping> BUILT_IN = List.of(
            new DoseMapping("TOSHIBA_MEC_CT3", 0x7005, 0x23, VR.DS, Tag.SpiralPitchFactor, -1,
                    GDCM + ": TOSHIBA_MEC_CT3 7005xx23 Pitch Factor (DS)"),
            new DoseMapping("SIEMENS CT VA0  GEN", 0x0019, 0x21, VR.DS, Tag.XRayTubeCurrentInmA, -1,
                    DCMTK + ": (0019,\"SIEMENS CT VA0  GEN\",21) DS ExposureCurrent"));

    private DoseMappings() {}

    /**
     * The rules for {@code mappings}, one per entry, in their order.
     *
     * @throws IllegalArgumentException when two entries write the same attribute from the same element
     */
    public static RuleSet rules(List<DoseMapping> mappings) {
        Objects.requireNonNull(mappings, "mappings");
        List<Rule> rules = new ArrayList<>(mappings.size());
        for (DoseMapping m : mappings) {
            rules.add(rule(m));
        }
        return new RuleSet(NAME, rules);
    }

    /** The rule for one entry: copy the private value to the standard attribute where the header lacks it. */
    public static Rule rule(DoseMapping m) {
        TagRef from = m.privateRef();
        TagRef to = TagRef.of(m.standard());
        Condition hasValue = new Condition.Matches(from, "(?s).*\\S.*");
        Condition lacksStandard = new Condition.Any(List.of(new Condition.Not(new Condition.Present(to)),
                new Condition.Matches(to, "")));
        return new Rule(m.ruleName(), new Condition.All(List.of(hasValue, lacksStandard)),
                List.of(new Action.Copy(from, to, null, m.privateVr())), Rule.Reason.COERCE);
    }

    /** A coercer for {@code mappings}, named {@value #NAME}, on the system clock. */
    public static RuleCoercer coercer(List<DoseMapping> mappings) {
        return RuleCoercer.of(rules(mappings));
    }

    /** A coercer for {@code mappings} whose Attribute Modification DateTime comes from {@code clock}. */
    public static RuleCoercer coercer(List<DoseMapping> mappings, Clock clock) {
        return RuleCoercer.builder(rules(mappings)).clock(clock).build();
    }

    /**
     * A standard attribute a dose mapping writes and the private element it comes from, at the tag a
     * source holds it: what {@code DoseRetentionVerifier.Builder.coercedFrom(standard, privateSource)}
     * takes (migration-core), so that the destination is checked to hold the standard attribute
     * wherever the source held the private value.
     */
    public record RetentionCheck(TagPath standard, TagPath privateSource) {
        public RetentionCheck {
            Objects.requireNonNull(standard, "standard");
            Objects.requireNonNull(privateSource, "privateSource");
        }
    }

    /**
     * The retention checks for the entries whose block is known ({@link DoseMapping#block()} not -1).
     * An entry whose block is not known gets none: the verifier addresses a private element by its tag,
     * and the same tag in another block belongs to another creator (another vendor's element, or the
     * same vendor's other block), whose value would demand a standard attribute no rule writes.
     * {@link #unchecked(List)} lists those entries, so that a caller can say so.
     */
    public static List<RetentionCheck> retentionChecks(List<DoseMapping> mappings) {
        List<RetentionCheck> out = new ArrayList<>();
        for (DoseMapping m : mappings) {
            if (m.block() >= 0) {
                out.add(new RetentionCheck(m.standardPath(), m.privatePath()));
            }
        }
        return out;
    }

    /** The entries {@link #retentionChecks(List)} cannot check (their block is not known). */
    public static List<DoseMapping> unchecked(List<DoseMapping> mappings) {
        return mappings.stream().filter(m -> m.block() < 0).toList();
    }
}
