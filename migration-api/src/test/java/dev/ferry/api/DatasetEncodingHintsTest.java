package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The encoding hints and encapsulated values that let a codec write a header back byte for byte. */
class DatasetEncodingHintsTest {

    @Test
    void sequencesAndItemsDefaultToUndefinedLengthAndKeepTheirHintThroughCopy() {
        Dataset ds = new Dataset();
        Dataset.Sequence seq = ds.newSequence(Tag.ReferencedImageSequence);
        Dataset item = seq.addItem();
        assertThat(seq.undefinedLength()).isTrue();
        assertThat(item.undefinedLength()).isTrue();

        seq.setUndefinedLength(false);
        item.setUndefinedLength(false);
        Dataset copy = ds.copy();

        assertThat(copy.getSequence(Tag.ReferencedImageSequence).undefinedLength()).isFalse();
        assertThat(copy.getSequence(Tag.ReferencedImageSequence).get(0).undefinedLength()).isFalse();
    }

    @Test
    void hintsDoNotChangeEquality() {
        Dataset a = new Dataset();
        a.newSequence(Tag.ReferencedImageSequence).addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2");
        Dataset b = a.copy();
        b.getSequence(Tag.ReferencedImageSequence).setUndefinedLength(false);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void fragmentsAreHeldInOrderCopiedDeeplyAndCompared() {
        Dataset icon = new Dataset();
        Dataset.Fragments f = icon.newFragments(Tag.PixelData);
        f.add(new byte[0]); // empty Basic Offset Table
        f.add(new byte[] {1, 2, 3, 4});
        f.add(new byte[] {5, 6});

        assertThat(icon.vr(Tag.PixelData)).isEqualTo(VR.OB);
        assertThat(icon.getFragments(Tag.PixelData)).hasSize(3);
        assertThat(icon.getFragments(Tag.PixelData).totalLength()).isEqualTo(6);
        assertThat(icon.valueAsText(Tag.PixelData)).isEqualTo("[3 fragments, 6 bytes]");
        assertThat(icon.fragmentsAt(icon.indexOf(Tag.PixelData))).isSameAs(f);
        assertThat(icon.getSequence(Tag.PixelData)).isNull();

        Dataset copy = icon.copy();
        assertThat(copy).isEqualTo(icon);
        copy.getFragments(Tag.PixelData).get(1)[0] = 9;
        assertThat(icon.getFragments(Tag.PixelData).get(1)[0]).isEqualTo((byte) 1);
        assertThat(copy).isNotEqualTo(icon);
    }

    @Test
    void fragmentsAreNotBytesOrASequence() {
        Dataset icon = new Dataset();
        icon.newFragments(Tag.PixelData).add(new byte[0]);
        int i = icon.indexOf(Tag.PixelData);
        assertThatThrownBy(() -> icon.encodedValueAt(i)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(7FE0,0010)");
        assertThat(icon.sequenceAt(i)).isNull();
        assertThat(new Dataset().getFragments(Tag.PixelData)).isNull();
        assertThatThrownBy(() -> icon.getFragments(Tag.PixelData).add(null)).isInstanceOf(NullPointerException.class);
    }
}
