package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextCodecTest {

    @Test
    void defaultDecodesEveryByteAndEncodesItBack() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = TextCodec.DEFAULT.decode(all, 0, 256, VR.LO);
        assertThat(s).hasSize(256);
        assertThat(TextCodec.DEFAULT.encode(s, VR.LO)).isEqualTo(all);
        assertThat(TextCodec.DEFAULT.decode(all, 65, 3, VR.LO)).isEqualTo("ABC");
    }

    @Test
    void defaultRefusesCharactersBeyondLatin1NamingTheVrNotTheValue() {
        assertThatThrownBy(() -> TextCodec.DEFAULT.encode("李^雷", VR.PN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PN")
                .hasMessageContaining("(0008,0005)")
                .hasMessageNotContaining("李");
    }

    @Test
    void defaultIsTheEmptyCharacterSet() {
        assertThat(TextCodec.DEFAULT.specificCharacterSet()).isEmpty();
        assertThat(TextCodec.DEFAULT.toString()).contains("default");
    }
}
