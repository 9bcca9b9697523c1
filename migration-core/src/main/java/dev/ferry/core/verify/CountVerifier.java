package dev.ferry.core.verify;

import dev.ferry.api.Finding;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.SeriesDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts: the destination holds exactly the study's series and instances, by SOP Instance UID, as
 * its own {@link dev.ferry.spi.DestinationArchive#describe describe} (an image-level query) reports
 * them, compared with the source's manifest.
 *
 * <p>FAILED, with one finding per item, when:
 * <ul>
 *   <li>the destination does not hold the study at all (a finding for the study);</li>
 *   <li>an instance of the source is not in the destination ({@link ReasonCode#MISSING_INSTANCE},
 *   which the reason codes define as "the destination lacks one");</li>
 *   <li>the destination holds an instance of the study the source did not list
 *   ({@link ReasonCode#VERIFICATION_FAILED}: "the destination holds something other than what was sent");</li>
 *   <li>an instance is filed under another series, or under another SOP class when both archives
 *   report one ({@link ReasonCode#VERIFICATION_FAILED});</li>
 *   <li>a series, or the study, reports an instance or series count of its own (Number of Series or
 *   Study Related Instances, a study- or series-level query) that differs from the source's, although
 *   every UID matched: the destination's index disagrees with what it lists. Counts the destination
 *   does not report ({@link StudyDescriptor#UNKNOWN}) are not compared.</li>
 * </ul>
 * Reads nothing back. A transport failure of {@code describe} propagates as {@link IOException}
 * (retryable). Immutable and thread-safe.
 */
public final class CountVerifier implements Verifier {
    /** The name results carry. */
    public static final String NAME = "counts";

    public CountVerifier() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VerificationResult verify(VerificationContext context) throws IOException {
        StudyManifest source = context.source();
        String study = source.study().studyInstanceUid();
        Optional<StudyManifest> described = context.destination().describe(study);
        if (described.isEmpty()) {
            return VerificationResult.failed(NAME, List.of(new Finding(ItemRef.study(study),
                    ReasonCode.MISSING_INSTANCE, "the destination does not hold the study (" + source.instanceCount()
                            + " instances expected)")));
        }
        StudyManifest held = described.get();
        List<Finding> findings = new ArrayList<>();
        Map<String, InstanceDescriptor> there = new HashMap<>();
        for (InstanceDescriptor i : held.instances()) {
            there.put(i.sopInstanceUid(), i);
        }
        Map<String, InstanceDescriptor> here = new LinkedHashMap<>();
        for (InstanceDescriptor i : source.instances()) {
            here.put(i.sopInstanceUid(), i);
            InstanceDescriptor d = there.get(i.sopInstanceUid());
            if (d == null) {
                findings.add(new Finding(i.ref(), ReasonCode.MISSING_INSTANCE, "not in the destination"));
            } else if (!d.seriesInstanceUid().equals(i.seriesInstanceUid())) {
                findings.add(new Finding(i.ref(), ReasonCode.VERIFICATION_FAILED,
                        "filed under series " + d.seriesInstanceUid() + " in the destination"));
            } else if (!d.sopClassUid().isBlank() && !i.sopClassUid().isBlank()
                    && !d.sopClassUid().strip().equals(i.sopClassUid().strip())) {
                findings.add(new Finding(i.ref(), ReasonCode.VERIFICATION_FAILED,
                        "held as SOP class " + d.sopClassUid() + ", sent as " + i.sopClassUid()));
            }
        }
        for (InstanceDescriptor d : held.instances()) {
            if (!here.containsKey(d.sopInstanceUid())) {
                findings.add(new Finding(d.ref(), ReasonCode.VERIFICATION_FAILED,
                        "in the destination but not listed by the source"));
            }
        }
        if (findings.isEmpty()) {
            countsOfTheIndex(source, held, findings);
        }
        return findings.isEmpty() ? VerificationResult.passed(NAME) : VerificationResult.failed(NAME, findings);
    }

    /** The destination's own study- and series-level counts, where it reports them, against the source's. */
    private static void countsOfTheIndex(StudyManifest source, StudyManifest held, List<Finding> findings) {
        String study = source.study().studyInstanceUid();
        Map<String, Integer> perSeries = new HashMap<>();
        for (InstanceDescriptor i : source.instances()) {
            perSeries.merge(i.seriesInstanceUid(), 1, Integer::sum);
        }
        StudyDescriptor d = held.study();
        if (d.instanceCount() != StudyDescriptor.UNKNOWN && d.instanceCount() != source.instanceCount()) {
            findings.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, "the destination reports "
                    + d.instanceCount() + " instances for the study, the source " + source.instanceCount()));
        }
        if (d.seriesCount() != StudyDescriptor.UNKNOWN && d.seriesCount() != perSeries.size()) {
            findings.add(new Finding(ItemRef.study(study), ReasonCode.VERIFICATION_FAILED, "the destination reports "
                    + d.seriesCount() + " series for the study, the source " + perSeries.size()));
        }
        for (SeriesDescriptor s : held.series()) {
            Integer expected = perSeries.get(s.seriesInstanceUid());
            int reported = s.instanceCount();
            if (reported != StudyDescriptor.UNKNOWN && expected != null && reported != expected) {
                findings.add(new Finding(new ItemRef(study, s.seriesInstanceUid(), null),
                        ReasonCode.VERIFICATION_FAILED, "the destination reports " + reported
                                + " instances for the series, the source " + expected));
            }
        }
    }
}
