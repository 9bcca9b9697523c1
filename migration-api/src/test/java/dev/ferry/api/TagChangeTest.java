package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagChangeTest {
    private static final TagPath PATH = TagPath.of(Tag.PatientID);

    @Test
    void kindFollowsFromWhichValuesArePresent() {
        assertThat(new TagChange(PATH, VR.LO, null, "MRN-1", "r").kind()).isEqualTo(TagChange.Kind.ADDED);
        assertThat(new TagChange(PATH, VR.LO, "MRN-0", null, "r").kind()).isEqualTo(TagChange.Kind.REMOVED);
        assertThat(new TagChange(PATH, VR.LO, "MRN-0", "MRN-1", "r").kind()).isEqualTo(TagChange.Kind.CHANGED);
        assertThat(new TagChange(PATH, VR.LO, "", "MRN-1", "r").kind()).as("empty is a value").isEqualTo(TagChange.Kind.CHANGED);
    }

    @Test
    void aChangeWithoutBeforeAndAfterIsRejectedNamingThePath() {
        assertThatThrownBy(() -> new TagChange(PATH, VR.LO, null, null, "rule-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0010,0020)");
    }

    @Test
    void pathVrAndRuleAreRequired() {
        assertThatThrownBy(() -> new TagChange(null, VR.LO, "a", "b", "r")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TagChange(PATH, null, "a", "b", "r")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TagChange(PATH, VR.LO, "a", "b", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringRedactsBothValues() {
        TagChange c = new TagChange(TagPath.of(Tag.OriginalAttributesSequence).child(0, Tag.PatientName), VR.PN,
                "DOE^JANE", "MRN-987654", "identity");
        assertThat(c.toString())
                .doesNotContain("DOE^JANE").doesNotContain("JANE").doesNotContain("MRN-987654")
                .contains("CHANGED").contains("(0400,0561)[0].(0010,0010)").contains("PN").contains("identity")
                .contains(Redaction.token("DOE^JANE")).contains(Redaction.token("MRN-987654"));
    }
}
