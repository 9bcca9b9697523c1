package dev.ferry.core.verify;

import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dose retention: the radiation dose a study documents survives the migration. Destinations that
 * drop "unknown" attributes, and coercers that rebuild headers, lose dose data silently; a hospital
 * must still be able to report a patient's cumulative dose after the legacy archive is gone.
 *
 * <p>Two checks:
 * <ol>
 *   <li><b>Dose attributes.</b> For every instance whose source header held a dose attribute (CT
 *   instances above all: the CT Image module, PS3.3 C.8.2.1, and the CT Exposure macro), each such
 *   attribute must be present in the destination's copy with the same value. The source values come
 *   from {@link InstanceEvidence#attributes()}, which the engine captures before coercion at the paths
 *   this verifier names in {@link #evidenceAttributes()} ({@link #DEFAULT_ATTRIBUTES}, plus those the
 *   builder adds); the destination's are read back (headers only) for just those instances. Values
 *   compare as text, or as numbers when both are numbers (a DS re-encoded as FD passes).</li>
 *   <li><b>Dose reports.</b> Every dose SR of the source (X-Ray, Enhanced X-Ray, Radiopharmaceutical
 *   and Patient Radiation Dose SR Storage) must be in the destination, by the destination's
 *   {@code describe}.</li>
 * </ol>
 *
 * <p>Standard attributes that a coercer adds from private dose elements (a vendor's private CTDIvol
 * copied to (0018,9345)) are not in the source evidence, which is taken before coercion. Declare
 * them with {@link Builder#coercedFrom(TagPath, TagPath)}: where the source held the private element,
 * the destination must hold the standard one, non-empty (its value is not compared: the coercer may
 * have converted units or VR).
 *
 * <p>Verdicts: FAILED when an attribute is missing or differs ({@link ReasonCode#VERIFICATION_FAILED},
 * naming the instance and the tag, never the value), or an instance to check or a dose SR is not in
 * the destination ({@link ReasonCode#MISSING_INSTANCE}). INCONCLUSIVE when the destination cannot be
 * read back, an instance to check is listed but not delivered, or a CT instance has no source
 * evidence (the study was resumed after a crash, or the engine did not capture this verifier's
 * attributes: the evidence lacks SOP Instance UID, which this verifier always asks for). PASSED, with
 * no findings, when there was nothing to retain: a study with no dose data at the source passes
 * silently (a result that passes carries no findings; the engine logs the study as verified).
 *
 * <p>Immutable and thread-safe.
 */
public final class DoseRetentionVerifier implements Verifier {
    /** The name results carry. */
    public static final String NAME = "dose-retention";

    private static final Logger LOG = LoggerFactory.getLogger(DoseRetentionVerifier.class);

    /**
     * The dose attributes compared by default: the CT Image module's exposure and dose attributes
     * (KVP, tube current and exposure in each of their units, exposure time, exposure modulation,
     * estimated dose saving, CTDIvol and its phantom type, first item, code and scheme) and the
     * projection X-ray dose attributes (entrance dose, organ dose, area dose product, exposure index).
     */
    public static final Set<TagPath> DEFAULT_ATTRIBUTES = defaults();

    /** CT Image, Enhanced CT and Legacy Converted Enhanced CT Image Storage. */
    private static final Set<String> CT_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1",
            "1.2.840.10008.5.1.4.1.1.2.2");
    /** X-Ray, Radiopharmaceutical, Patient and Enhanced X-Ray Radiation Dose SR Storage. */
    private static final Set<String> DOSE_SR_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.88.67",
            "1.2.840.10008.5.1.4.1.1.88.68", "1.2.840.10008.5.1.4.1.1.88.73", "1.2.840.10008.5.1.4.1.1.88.76");
    /** Always captured: it tells evidence that holds this verifier's attributes from evidence that does not. */
    private static final TagPath SENTINEL = TagPath.of(Tag.SOPInstanceUID);

    private final Set<TagPath> attributes;
    private final List<Coercion> coerced;
    private final Set<TagPath> requested;

    /** A standard attribute a coercer writes from a private element. */
    private record Coercion(TagPath standard, TagPath privateSource) {}

    private DoseRetentionVerifier(Builder b) {
        this.attributes = Collections.unmodifiableSet(new LinkedHashSet<>(b.attributes));
        this.coerced = List.copyOf(b.coerced);
        Set<TagPath> all = new LinkedHashSet<>(attributes);
        coerced.forEach(c -> all.add(c.privateSource()));
        all.add(SENTINEL);
        this.requested = Collections.unmodifiableSet(all);
    }

    /** The {@link #DEFAULT_ATTRIBUTES}, no coerced attributes. */
    public DoseRetentionVerifier() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Set<TagPath> defaults() {
        Set<TagPath> s = new LinkedHashSet<>();
        for (int tag : new int[] {Tag.KVP, Tag.ExposureTime, Tag.XRayTubeCurrent, Tag.Exposure, Tag.ExposureInuAs,
                Tag.XRayTubeCurrentInuA, Tag.ExposureModulationType, Tag.EstimatedDoseSaving, Tag.ExposureTimeInms,
                Tag.XRayTubeCurrentInmA, Tag.ExposureInmAs, Tag.CTDIvol, Tag.ImageAndFluoroscopyAreaDoseProduct,
                Tag.ExposureIndex, Tag.EntranceDose, Tag.OrganDose, Tag.EntranceDoseInmGy}) {
            s.add(TagPath.of(tag));
        }
        TagPath phantom = TagPath.of(Tag.CTDIPhantomTypeCodeSequence);
        s.add(phantom.child(0, Tag.CodeValue));
        s.add(phantom.child(0, Tag.CodingSchemeDesignator));
        return Collections.unmodifiableSet(s);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The dose attributes, the private elements of {@link Builder#coercedFrom}, and SOP Instance UID. */
    @Override
    public Set<TagPath> evidenceAttributes() {
        return requested;
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        List<Finding> failed = new ArrayList<>();
        List<Finding> undecided = new ArrayList<>();
        Map<String, InstanceDescriptor> toCheck = new LinkedHashMap<>();
        List<InstanceDescriptor> doseReports = new ArrayList<>();
        int withoutEvidence = 0;
        for (InstanceDescriptor i : source.instances()) {
            if (DOSE_SR_CLASSES.contains(i.sopClassUid().strip())) {
                doseReports.add(i);
            }
            InstanceEvidence e = context.evidence().get(i.sopInstanceUid());
            if (e == null || !e.attributes().containsKey(SENTINEL)) {
                if (CT_CLASSES.contains(i.sopClassUid().strip())) {
                    withoutEvidence++;
                }
            } else if (hasDoseData(e)) {
                toCheck.put(i.sopInstanceUid(), i);
            }
        }
        if (withoutEvidence > 0) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, withoutEvidence
                    + " CT instances have no source header evidence: their dose attributes were not compared"));
        }
        if (!doseReports.isEmpty()) {
            doseReportsPresent(context, doseReports, failed);
        }
        if (!toCheck.isEmpty()) {
            if (!context.destination().supportsReadBack()) {
                undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED,
                        "the destination cannot be read back: the dose attributes of " + toCheck.size()
                                + " instances were not compared"));
            } else {
                compareReadBack(context, toCheck, failed, undecided);
            }
        } else if (doseReports.isEmpty() && withoutEvidence == 0) {
            LOG.debug("study {}: no dose data at the source, nothing to retain", study);
        }
        if (!failed.isEmpty()) {
            return VerificationResult.failed(NAME, failed);
        }
        return undecided.isEmpty() ? VerificationResult.passed(NAME) : VerificationResult.inconclusive(NAME, undecided);
    }

    private boolean hasDoseData(InstanceEvidence e) {
        for (TagPath p : attributes) {
            if (!Headers.isBlank(e.attributes().get(p))) {
                return true;
            }
        }
        for (Coercion c : coerced) {
            if (!Headers.isBlank(e.attributes().get(c.privateSource()))) {
                return true;
            }
        }
        return false;
    }

    private static void doseReportsPresent(VerificationContext context, List<InstanceDescriptor> reports,
                                           List<Finding> failed) throws IOException {
        Optional<StudyManifest> held = context.destination().describe(context.source().study().studyInstanceUid());
        Set<String> there = new HashSet<>();
        held.ifPresent(m -> m.instances().forEach(i -> there.add(i.sopInstanceUid())));
        for (InstanceDescriptor r : reports) {
            if (!there.contains(r.sopInstanceUid())) {
                failed.add(new Finding(r.ref(), ReasonCode.MISSING_INSTANCE, "radiation dose SR not in the destination"));
            }
        }
    }

    private void compareReadBack(VerificationContext context, Map<String, InstanceDescriptor> toCheck,
                                 List<Finding> failed, List<Finding> undecided) throws IOException {
        String study = context.source().study().studyInstanceUid();
        List<Finding> found = new CopyOnWriteArrayList<>();
        boolean wholeStudy = toCheck.size() == context.source().instanceCount();
        ReadBack.Outcome outcome = ReadBack.headers(context.destination(), study, toCheck.values(), wholeStudy,
                (instance, header) -> compare(instance, context.evidence().get(instance.sopInstanceUid()), header,
                        found));
        failed.addAll(found);
        for (String sop : outcome.missing()) {
            failed.add(new Finding(toCheck.get(sop).ref(), ReasonCode.MISSING_INSTANCE,
                    "not in the destination: its dose attributes are not retained"));
        }
        if (!outcome.undelivered().isEmpty()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, outcome.undelivered().size()
                    + " instances with dose attributes were not read back from the destination"));
        }
    }

    private void compare(InstanceDescriptor instance, InstanceEvidence evidence, Dataset header, List<Finding> out) {
        Map<TagPath, String> had = evidence.attributes();
        for (TagPath p : attributes) {
            String expected = had.get(p);
            if (Headers.isBlank(expected)) {
                continue;
            }
            String found = Headers.valueAt(header, p);
            if (Headers.isBlank(found)) {
                out.add(new Finding(instance.ref(), ReasonCode.VERIFICATION_FAILED,
                        Headers.describe(p) + " is missing in the destination"));
            } else if (!Headers.sameValue(expected, found)) {
                out.add(new Finding(instance.ref(), ReasonCode.VERIFICATION_FAILED,
                        Headers.describe(p) + " differs in the destination"));
            }
        }
        for (Coercion c : coerced) {
            if (!Headers.isBlank(had.get(c.privateSource()))
                    && Headers.isBlank(Headers.valueAt(header, c.standard()))) {
                out.add(new Finding(instance.ref(), ReasonCode.VERIFICATION_FAILED, Headers.describe(c.standard())
                        + ", coerced from private " + c.privateSource() + ", is missing in the destination"));
            }
        }
    }

    @Override
    public String toString() {
        return "DoseRetentionVerifier[" + attributes.size() + " attributes, " + coerced.size() + " coerced]";
    }

    /** Builder of {@link DoseRetentionVerifier}; not thread-safe. */
    public static final class Builder {
        private final Set<TagPath> attributes = new LinkedHashSet<>(DEFAULT_ATTRIBUTES);
        private final List<Coercion> coerced = new ArrayList<>();

        private Builder() {}

        /** Also compares the attribute at {@code path} (a site's own dose-relevant attribute). */
        public Builder attribute(TagPath path) {
            attributes.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        /** Compares only these attributes instead of {@link #DEFAULT_ATTRIBUTES}. */
        public Builder onlyAttributes(Set<TagPath> paths) {
            Objects.requireNonNull(paths, "paths");
            attributes.clear();
            paths.forEach(this::attribute);
            return this;
        }

        /**
         * Declares that the plan's coercers write {@code standard} from the private element at
         * {@code privateSource} (addressed by the block the source uses, e.g. {@code (0045,1032)}):
         * where the source held it, the destination must hold {@code standard}, non-empty.
         *
         * @throws IllegalArgumentException if {@code privateSource} is not a private data element
         */
        public Builder coercedFrom(TagPath standard, TagPath privateSource) {
            Objects.requireNonNull(standard, "standard");
            Objects.requireNonNull(privateSource, "privateSource");
            if (!dev.ferry.api.Tags.isPrivate(privateSource.tag())
                    || dev.ferry.api.Tags.isPrivateCreator(privateSource.tag())) {
                throw new IllegalArgumentException("coercedFrom: privateSource " + privateSource
                        + " is not a private data element");
            }
            coerced.add(new Coercion(standard, privateSource));
            return this;
        }

        public DoseRetentionVerifier build() {
            return new DoseRetentionVerifier(this);
        }
    }
}
