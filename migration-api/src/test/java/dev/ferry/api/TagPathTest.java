package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagPathTest {

    @Test
    void topLevelPath() {
        TagPath p = TagPath.of(Tag.PatientID);
        assertThat(p.isTopLevel()).isTrue();
        assertThat(p.steps()).isEmpty();
        assertThat(p.toString()).isEqualTo("(0010,0020)");
    }

    @Test
    void childDescendsIntoAnItem() {
        TagPath p = TagPath.of(Tag.OriginalAttributesSequence).child(0, Tag.ModifiedAttributesSequence)
                .child(2, Tag.PatientID);
        assertThat(p.isTopLevel()).isFalse();
        assertThat(p.tag()).isEqualTo(Tag.PatientID);
        assertThat(p.steps()).containsExactly(new TagPath.Step(Tag.OriginalAttributesSequence, 0),
                new TagPath.Step(Tag.ModifiedAttributesSequence, 2));
        assertThat(p.toString()).isEqualTo("(0400,0561)[0].(0400,0550)[2].(0010,0020)");
    }

    @Test
    void stepsAreADefensiveCopyAndItemIndexesAreNotNegative() {
        List<TagPath.Step> steps = new ArrayList<>(List.of(new TagPath.Step(Tag.OriginalAttributesSequence, 0)));
        TagPath p = new TagPath(steps, Tag.PatientID);
        steps.clear();
        assertThat(p.steps()).hasSize(1);
        assertThatThrownBy(() -> new TagPath.Step(Tag.OriginalAttributesSequence, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containerFindsTheDataSetThatHoldsTheElement() {
        Dataset root = new Dataset();
        Dataset.Sequence outer = root.newSequence(Tag.OriginalAttributesSequence);
        outer.addItem();
        Dataset second = outer.addItem();
        Dataset inner = second.newSequence(Tag.ModifiedAttributesSequence).addItem();

        assertThat(TagPath.of(Tag.PatientID).container(root)).isSameAs(root);
        assertThat(TagPath.of(Tag.OriginalAttributesSequence).child(1, Tag.PatientID).container(root)).isSameAs(second);
        assertThat(TagPath.of(Tag.OriginalAttributesSequence).child(1, Tag.ModifiedAttributesSequence)
                .child(0, Tag.PatientID).container(root)).isSameAs(inner);
    }

    @Test
    void containerIsNullWhenTheWayIsMissing() {
        Dataset root = new Dataset();
        root.newSequence(Tag.OriginalAttributesSequence).addItem();
        root.setString(Tag.PatientID, VR.LO, "MRN-1");

        assertThat(TagPath.of(Tag.OriginalAttributesSequence).child(1, Tag.PatientID).container(root)).isNull();
        assertThat(TagPath.of(Tag.ReferencedSeriesSequence).child(0, Tag.PatientID).container(root)).isNull();
        assertThat(TagPath.of(Tag.PatientID).child(0, Tag.PatientName).container(root)).as("not a sequence").isNull();
        assertThatThrownBy(() -> TagPath.of(Tag.PatientID).container(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parseReadsWhatToStringWrites() {
        TagPath top = TagPath.of(Tag.PatientID);
        TagPath nested = TagPath.of(Tag.ReferencedSeriesSequence).child(2, Tag.ReferencedImageSequence)
                .child(0, Tag.ReferencedSOPInstanceUID);
        assertThat(TagPath.parse(top.toString())).isEqualTo(top);
        assertThat(TagPath.parse(nested.toString())).isEqualTo(nested);
        assertThat(TagPath.parse("ReferencedSeriesSequence[2].ReferencedImageSequence[0].00081155")).isEqualTo(nested);
        for (String bad : List.of("", "(0008,1115)[x].(0008,1155)", "(0008,1115)[0](0008,1155)", "(0008,1115)[-1].(0008,1155)",
                "(0008,1115)[0].", "NotAKeyword")) {
            assertThatThrownBy(() -> TagPath.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
