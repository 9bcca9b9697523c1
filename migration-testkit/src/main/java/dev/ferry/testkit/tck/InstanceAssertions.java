package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Digest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.testkit.SyntheticInstance;
import java.util.List;
import java.util.Set;

/** Checks shared by the archive kits: a delivered instance against the recipe it was made from. Stateless. */
final class InstanceAssertions {
    private InstanceAssertions() {}

    /**
     * The delivered instance carries the recipe's UIDs (in its descriptor and header), transfer syntax,
     * every header value (elements may be added; those under {@code mayChange} may differ) and the
     * identical remainder, whose declared length, if any, is its real length.
     */
    static void assertDelivered(Received r, SyntheticInstance expected, Digest expectedSha256, Set<Integer> mayChange) {
        String sop = expected.sopInstanceUid();
        assertThat(r.descriptor().sopInstanceUid()).as("SOP Instance UID delivered").isEqualTo(sop);
        assertThat(r.descriptor().seriesInstanceUid()).as("Series Instance UID in the descriptor of %s", sop)
                .isEqualTo(expected.seriesInstanceUid());
        assertThat(r.descriptor().studyInstanceUid()).as("Study Instance UID in the descriptor of %s", sop)
                .isEqualTo(expected.studyInstanceUid());
        assertThat(r.descriptor().sopClassUid()).as("SOP Class UID in the descriptor of %s", sop)
                .isEqualTo(expected.sopClassUid());
        assertThat(r.header().getString(Tag.SOPInstanceUID)).as("(0008,0018) in the header of %s", sop).isEqualTo(sop);
        assertThat(r.header().getString(Tag.StudyInstanceUID)).as("(0020,000D) in the header of %s", sop)
                .isEqualTo(expected.studyInstanceUid());
        assertThat(r.transferSyntaxUid()).as("transfer syntax of %s", sop).isEqualTo(expected.transferSyntaxUid());
        assertThat(r.actualLength()).as("remainder length read for %s", sop).isEqualTo(expected.remainderLength());
        if (r.declaredLength() != StudyDescriptor.UNKNOWN) {
            assertThat(r.declaredLength()).as("remainderLength() declared for %s", sop).isEqualTo(r.actualLength());
        }
        assertThat(r.remainderSha256()).as("SHA-256 of the remainder of %s", sop).isEqualTo(expectedSha256);
        List<TagChange> lost = DatasetDiff.diff(expected.header(), r.header()).stream()
                .filter(c -> c.kind() != TagChange.Kind.ADDED)
                .filter(c -> !mayChange.contains(topLevelTag(c.path())))
                .toList();
        assertThat(lost).as("header elements of %s lost or changed (values redacted)", sop).isEmpty();
    }

    static int topLevelTag(TagPath path) {
        return path.isTopLevel() ? path.tag() : path.steps().get(0).sequenceTag();
    }
}
