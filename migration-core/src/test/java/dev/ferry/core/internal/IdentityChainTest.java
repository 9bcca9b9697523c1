package dev.ferry.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity written into headers, the replaced values kept in the Original Attributes Sequence. */
class IdentityChainTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.123456Z"), ZoneOffset.UTC);

    private static Dataset header() {
        Dataset h = new Dataset();
        h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1.1");
        h.setString(Tag.PatientID, VR.LO, "OLD-7");
        h.setString(Tag.AccessionNumber, VR.SH, "A-OLD");
        return h;
    }

    private static ResolvedIdentity identity(String id, String issuer, String accession) {
        return new ResolvedIdentity(PatientIdentity.of(id, issuer), null,
                accession == null ? null : Accession.of(accession), List.of("test"));
    }

    @Test
    void keepsTheReplacedIdentityInANewOriginalAttributesItemWithReasonCoerce() {
        Dataset h = header();
        List<TagChange> changes = IdentityChain.stamp(h, identity("MRN-1", "HOSP_A", "ACC-9"), "dimse:LEGACY@pacs:104",
                CLOCK);

        assertThat(h.getString(Tag.PatientID)).isEqualTo("MRN-1");
        assertThat(h.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A");
        assertThat(h.getString(Tag.AccessionNumber)).isEqualTo("ACC-9");
        assertThat(changes).containsExactly(
                new TagChange(TagPath.of(Tag.PatientID), VR.LO, "OLD-7", "MRN-1", IdentityChain.RULE),
                new TagChange(TagPath.of(Tag.IssuerOfPatientID), VR.LO, null, "HOSP_A", IdentityChain.RULE),
                new TagChange(TagPath.of(Tag.AccessionNumber), VR.SH, "A-OLD", "ACC-9", IdentityChain.RULE),
                new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, null, "[1 item]", IdentityChain.RULE));

        Dataset.Sequence oas = h.getSequence(Tag.OriginalAttributesSequence);
        assertThat(oas).hasSize(1);
        Dataset item = oas.get(0);
        assertThat(item.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
        assertThat(item.getString(Tag.ModifyingSystem)).isEqualTo("FERRY");
        assertThat(item.getString(Tag.SourceOfPreviousValues)).isEqualTo("dimse:LEGACY@pacs:104");
        assertThat(item.getString(Tag.AttributeModificationDateTime)).isEqualTo("20260304050607.123456+0000");
        assertThat(item.vr(Tag.AttributeModificationDateTime)).isEqualTo(VR.DT);
        Dataset.Sequence modifiedSeq = item.getSequence(Tag.ModifiedAttributesSequence);
        assertThat(modifiedSeq).hasSize(1);
        Dataset modified = modifiedSeq.get(0);
        assertThat(modified.getString(Tag.PatientID)).isEqualTo("OLD-7");
        assertThat(modified.getString(Tag.AccessionNumber)).isEqualTo("A-OLD");
        // Absent before: recorded empty, so that the item says it was added.
        assertThat(modified.contains(Tag.IssuerOfPatientID)).isTrue();
        assertThat(modified.getString(Tag.IssuerOfPatientID)).isEmpty();
        assertThat(modified.size()).isEqualTo(3);
    }

    @Test
    void anUnchangedIdentityAddsNoItemAndAnEarlierItemIsKept() {
        Dataset h = header();
        assertThat(IdentityChain.stamp(h, identity("OLD-7", null, "A-OLD"), "src", CLOCK)).isEmpty();
        assertThat(h.contains(Tag.OriginalAttributesSequence)).isFalse();
        assertThat(IdentityChain.stamp(h, null, "src", CLOCK)).isEmpty();

        IdentityChain.stamp(h, identity("MRN-1", null, null), "src", CLOCK);
        List<TagChange> second = IdentityChain.stamp(h, identity("MRN-2", null, null), "src", CLOCK);
        assertThat(h.getSequence(Tag.OriginalAttributesSequence)).hasSize(2);
        assertThat(second).contains(new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, "[1 item]",
                "[2 items]", IdentityChain.RULE));
        assertThat(h.getSequence(Tag.OriginalAttributesSequence).get(1).getSequence(Tag.ModifiedAttributesSequence)
                .get(0).getString(Tag.PatientID)).isEqualTo("MRN-1");
    }

    @Test
    void theTwoArgumentStampLeavesTheSourceEmptyAndALongSourceNameIsCut() {
        Dataset h = header();
        IdentityChain.stamp(h, identity("MRN-1", null, null));
        assertThat(h.getSequence(Tag.OriginalAttributesSequence).get(0).getString(Tag.SourceOfPreviousValues))
                .isEmpty();

        Dataset g = header();
        IdentityChain.stamp(g, identity("MRN-1", null, null), "x".repeat(100), CLOCK);
        assertThat(g.getSequence(Tag.OriginalAttributesSequence).get(0).getString(Tag.SourceOfPreviousValues))
                .hasSize(64);
    }
}
