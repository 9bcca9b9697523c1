package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemRefTest {

    @Test
    void toStringNamesTheKnownParts() {
        assertThat(ItemRef.NONE.toString()).isEqualTo("-");
        assertThat(ItemRef.study("1.2").toString()).isEqualTo("study 1.2");
        assertThat(ItemRef.instance("1.2", "1.2.3", "1.2.3.4").toString())
                .isEqualTo("study 1.2 series 1.2.3 instance 1.2.3.4");
        assertThat(new ItemRef(null, null, "1.2.3.4").toString()).isEqualTo("instance 1.2.3.4");
        assertThat(new ItemRef(null, "1.2.3", null).toString()).isEqualTo("series 1.2.3");
    }

    @Test
    void ofTakesTheUidsOfAnInstance() {
        InstanceDescriptor i = new InstanceDescriptor("1.2", "1.2.3", "1.2.3.4", "1.2.840", 1);
        assertThat(ItemRef.of(i)).isEqualTo(ItemRef.instance("1.2", "1.2.3", "1.2.3.4"));
        assertThat(ItemRef.NONE).isEqualTo(new ItemRef(null, null, null));
    }
}
