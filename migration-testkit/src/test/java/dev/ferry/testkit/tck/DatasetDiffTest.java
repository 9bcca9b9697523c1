package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetDiffTest {

    private static Dataset header() {
        Dataset h = new Dataset();
        h.setString(Tag.InstitutionName, VR.LO, "General Hospital");
        h.setString(Tag.PatientID, VR.LO, "MRN-1");
        h.setInts(Tag.Rows, VR.US, 64);
        Dataset item = h.newSequence(Tag.RequestAttributesSequence).addItem();
        item.setString(Tag.RequestedProcedureID, VR.SH, "RP1");
        item.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS1");
        return h;
    }

    @Test
    void identicalHeadersHaveNoChanges() {
        assertThat(DatasetDiff.diff(header(), header())).isEmpty();
        Dataset padded = header();
        padded.setBytes(Tag.PatientID, VR.LO, "MRN-1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(DatasetDiff.diff(header(), padded)).as("padding is not a change").isEmpty();
    }

    @Test
    void topLevelAddChangeAndRemove() {
        Dataset after = header();
        after.setString(Tag.InstitutionName, VR.LO, "GENERAL HOSPITAL");
        after.remove(Tag.PatientID);
        after.setString(Tag.StationName, VR.SH, "CT01");
        after.setInts(Tag.Rows, VR.UL, 64);
        assertThat(DatasetDiff.diff(header(), after)).containsExactly(
                new TagChange(TagPath.of(Tag.InstitutionName), VR.LO, "General Hospital", "GENERAL HOSPITAL", "diff"),
                new TagChange(TagPath.of(Tag.StationName), VR.SH, null, "CT01", "diff"),
                new TagChange(TagPath.of(Tag.PatientID), VR.LO, "MRN-1", null, "diff"),
                new TagChange(TagPath.of(Tag.Rows), VR.UL, "64", "64", "diff"));
    }

    @Test
    void changesInsideItemsHaveNestedPaths() {
        Dataset after = header();
        Dataset item = after.getSequence(Tag.RequestAttributesSequence).get(0);
        item.setString(Tag.RequestedProcedureID, VR.SH, "RP2");
        item.remove(Tag.ScheduledProcedureStepID);
        TagPath seq = TagPath.of(Tag.RequestAttributesSequence);
        assertThat(DatasetDiff.diff(header(), after)).containsExactly(
                new TagChange(seq.child(0, Tag.ScheduledProcedureStepID), VR.SH, "SPS1", null, "diff"),
                new TagChange(seq.child(0, Tag.RequestedProcedureID), VR.SH, "RP1", "RP2", "diff"));
    }

    @Test
    void itemCountChangesAreOneChangeOfTheSequence() {
        Dataset after = header();
        after.getSequence(Tag.RequestAttributesSequence).addItem().setString(Tag.RequestedProcedureID, VR.SH, "RP9");
        assertThat(DatasetDiff.diff(header(), after)).containsExactly(
                new TagChange(TagPath.of(Tag.RequestAttributesSequence), VR.SQ, "[1 item]", "[2 items]", "diff"));
    }

    @Test
    void aSequenceOnOneSideOnlyIsOneChange() {
        Dataset after = header();
        after.remove(Tag.RequestAttributesSequence);
        after.newSequence(Tag.OriginalAttributesSequence).addItem().setString(Tag.PatientID, VR.LO, "MRN-0");
        List<TagChange> changes = DatasetDiff.diff(header(), after);
        assertThat(changes).containsExactly(
                new TagChange(TagPath.of(Tag.RequestAttributesSequence), VR.SQ, "[1 item]", null, "diff"),
                new TagChange(TagPath.of(Tag.OriginalAttributesSequence), VR.SQ, null, "[1 item]", "diff"));
    }

    @Test
    void normalizedReplacesTheRuleOnly() {
        TagChange c = new TagChange(TagPath.of(Tag.PatientID), VR.LO, "a", "b", "some-rule");
        assertThat(DatasetDiff.normalized(c)).isEqualTo(new TagChange(c.path(), c.vr(), "a", "b", DatasetDiff.RULE));
    }
}
