package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateTagTest {

    @Test
    void inBlockPlacesTheOffsetInTheReservedBlock() {
        PrivateTag p = new PrivateTag("GEMS_ACQU_01", 0x0019, 0x23);
        assertThat(p.inBlock(0x10)).isEqualTo(0x00191023);
        assertThat(p.inBlock(0xA7)).isEqualTo(0x0019A723);
        assertThat(p.inBlock(0xFF)).isEqualTo(0x0019FF23);
        assertThat(new PrivateTag("X", 0xFFFD, 0).inBlock(0x10)).isEqualTo(0xFFFD1000);
    }

    @Test
    void creatorIsStrippedAndLimitedTo64Characters() {
        assertThat(new PrivateTag("  ACME 1.0  ", 0x0019, 0).creator()).isEqualTo("ACME 1.0");
        assertThat(new PrivateTag("C".repeat(64), 0x0019, 0).creator()).hasSize(64);
        assertThatThrownBy(() -> new PrivateTag("C".repeat(65), 0x0019, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("creator");
        assertThatThrownBy(() -> new PrivateTag("   ", 0x0019, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrivateTag(null, 0x0019, 0)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0001, 0x0003, 0x0005, 0x0007, 0x0008, 0x0010, 0xFFFF, 0x10001, -1, 0})
    void groupMustBeAnOddGroupAbove0007(int group) {
        assertThatThrownBy(() -> new PrivateTag("ACME", group, 0x10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a private group");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x100, 0x1000})
    void offsetMustBeOneByte(int offset) {
        assertThatThrownBy(() -> new PrivateTag("ACME", 0x0019, offset))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
    }

    @Test
    void toStringShowsTheBlockPlaceholder() {
        assertThat(new PrivateTag("GEMS_ACQU_01", 0x0019, 0x23).toString()).isEqualTo("(0019,xx23) GEMS_ACQU_01");
    }
}
