package dev.ferry.core.verify;

import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Referenced objects: the study's structured reports, key object selections and presentation states
 * are in the destination, and so is every instance of the study they reference. A report that
 * points at images the new archive lacks, or a key-image note whose images were dropped, is a loss a
 * count does not show when the images were never sent.
 *
 * <p>The referencing objects are the source's instances of an SR SOP class (PS3.4 B.5, {@code
 * 1.2.840.10008.5.1.4.1.1.88.*}, which includes Key Object Selection and the dose SRs), of a
 * presentation state class ({@code 1.2.840.10008.5.1.4.1.1.11.*}), or of a series whose modality is
 * SR, KO or PR. Each is read back from the destination (headers only) and every Referenced SOP
 * Instance UID (0008,1155) in it, in any sequence at any depth (to {@value #MAX_DEPTH} levels and
 * {@value #MAX_ITEMS} items per object), that names an instance of the source study must name an
 * instance the destination's {@code describe} lists. A reference outside the study (a prior, another
 * study's image) is not checked: it is counted and logged at debug level, never a failure.
 *
 * <p>FAILED with {@link ReasonCode#MISSING_INSTANCE} naming the referenced instance that is missing
 * (the detail names the referencing object), or the referencing object itself when it is missing.
 * INCONCLUSIVE when the destination cannot be read back, does not deliver a referencing object it
 * lists, or an object nests deeper or holds more items than the bounds. PASSED with no findings when
 * the study has no referencing objects. Immutable and thread-safe.
 */
public final class ReferencedObjectsVerifier implements Verifier {
    /** The name results carry. */
    public static final String NAME = "referenced-objects";
    /** Sequence nesting followed into; deeper means a malformed or hostile object. */
    public static final int MAX_DEPTH = 32;
    /** Sequence items visited in one object. */
    public static final int MAX_ITEMS = 200_000;

    private static final Logger LOG = LoggerFactory.getLogger(ReferencedObjectsVerifier.class);
    private static final String SR_CLASSES = "1.2.840.10008.5.1.4.1.1.88.";
    private static final String PR_CLASSES = "1.2.840.10008.5.1.4.1.1.11.";
    private static final Set<String> REFERENCING_MODALITIES = Set.of("SR", "KO", "PR");

    public ReferencedObjectsVerifier() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        List<InstanceDescriptor> referencing = referencing(source);
        if (referencing.isEmpty()) {
            return VerificationResult.passed(NAME);
        }
        Optional<StudyManifest> described = context.destination().describe(study);
        Set<String> there = new HashSet<>();
        described.ifPresent(m -> m.instances().forEach(i -> there.add(i.sopInstanceUid())));
        List<Finding> failed = new ArrayList<>();
        List<Finding> undecided = new ArrayList<>();
        List<InstanceDescriptor> present = new ArrayList<>();
        for (InstanceDescriptor r : referencing) {
            if (there.contains(r.sopInstanceUid())) {
                present.add(r);
            } else {
                failed.add(new Finding(r.ref(), ReasonCode.MISSING_INSTANCE,
                        "this referencing object (SOP class " + r.sopClassUid() + ") is not in the destination"));
            }
        }
        if (!present.isEmpty() && !context.destination().supportsReadBack()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED,
                    "the destination cannot be read back: the references of " + present.size()
                            + " objects were not checked"));
        } else if (!present.isEmpty()) {
            checkReferences(context, present, there, failed, undecided);
        }
        if (!failed.isEmpty()) {
            return VerificationResult.failed(NAME, failed);
        }
        return undecided.isEmpty() ? VerificationResult.passed(NAME) : VerificationResult.inconclusive(NAME, undecided);
    }

    /** The source's SR, KO and PR instances, by SOP class or by their series' modality. */
    private static List<InstanceDescriptor> referencing(StudyManifest source) {
        Set<String> seriesByModality = new HashSet<>();
        for (SeriesDescriptor s : source.series()) {
            if (REFERENCING_MODALITIES.contains(s.modality().toUpperCase(java.util.Locale.ROOT))) {
                seriesByModality.add(s.seriesInstanceUid());
            }
        }
        List<InstanceDescriptor> out = new ArrayList<>();
        for (InstanceDescriptor i : source.instances()) {
            String c = i.sopClassUid().strip();
            if (c.startsWith(SR_CLASSES) || c.startsWith(PR_CLASSES) || seriesByModality.contains(i.seriesInstanceUid())) {
                out.add(i);
            }
        }
        return out;
    }

    private static void checkReferences(VerificationContext context, List<InstanceDescriptor> present, Set<String> there,
                                        List<Finding> failed, List<Finding> undecided) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        Map<String, InstanceDescriptor> inStudy = new HashMap<>();
        source.instances().forEach(i -> inStudy.put(i.sopInstanceUid(), i));
        // Missing referenced instance -> the first object found referencing it; filled on the archive's thread.
        Map<String, String> missing = new ConcurrentHashMap<>();
        Set<String> tooDeep = ConcurrentHashMap.newKeySet();
        AtomicInteger outside = new AtomicInteger();
        ReadBack.Outcome outcome = ReadBack.headers(context.destination(), study, present, false, (referrer, header) -> {
            Set<String> refs = new LinkedHashSet<>();
            if (!collect(header, refs)) {
                tooDeep.add(referrer.sopInstanceUid());
            }
            for (String ref : refs) {
                if (!inStudy.containsKey(ref)) {
                    outside.incrementAndGet();
                } else if (!there.contains(ref)) {
                    missing.putIfAbsent(ref, referrer.sopInstanceUid());
                }
            }
        });
        for (InstanceDescriptor i : source.instances()) {
            String referrer = missing.get(i.sopInstanceUid());
            if (referrer != null) {
                failed.add(new Finding(i.ref(), ReasonCode.MISSING_INSTANCE,
                        "referenced by instance " + referrer + " but not in the destination"));
            }
        }
        Map<String, InstanceDescriptor> bySop = new LinkedHashMap<>();
        present.forEach(p -> bySop.put(p.sopInstanceUid(), p));
        for (String sop : outcome.missing()) {
            failed.add(new Finding(bySop.get(sop).ref(), ReasonCode.MISSING_INSTANCE,
                    "this referencing object is listed by the destination but reported missing on read-back"));
        }
        if (!outcome.undelivered().isEmpty()) {
            undecided.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, outcome.undelivered().size()
                    + " referencing objects were not read back from the destination: their references were not checked"));
        }
        for (String sop : tooDeep) {
            undecided.add(new Finding(bySop.get(sop).ref(), ReasonCode.VERIFICATION_FAILED, "nests sequences deeper than "
                    + MAX_DEPTH + " levels or holds more than " + MAX_ITEMS + " items: references not all checked"));
        }
        if (outside.get() > 0) {
            LOG.debug("study {}: {} references to objects outside the study were not checked", study, outside.get());
        }
    }

    /**
     * Adds every Referenced SOP Instance UID in {@code root} and its sequences to {@code out}.
     *
     * @return {@code false} if the walk stopped at the depth or item bound
     */
    static boolean collect(Dataset root, Set<String> out) {
        record Level(Dataset data, int depth) {}
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 0));
        int items = 0;
        boolean complete = true;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            Dataset d = level.data();
            for (String uid : d.getStrings(Tag.ReferencedSOPInstanceUID)) {
                if (!uid.isBlank()) {
                    out.add(uid.strip());
                }
            }
            for (int i = 0; i < d.size(); i++) {
                Dataset.Sequence seq = d.sequenceAt(i);
                if (seq == null || seq.isEmpty()) {
                    continue;
                }
                if (level.depth() + 1 > MAX_DEPTH || items + seq.size() > MAX_ITEMS) {
                    complete = false;
                    continue;
                }
                items += seq.size();
                for (Dataset item : seq) {
                    pending.push(new Level(item, level.depth() + 1));
                }
            }
        }
        return complete;
    }
}
