package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

    @Test
    void hexIsLowerCased() {
        Digest d = new Digest("SHA-256", "ABCDEF01");
        assertThat(d.hex()).isEqualTo("abcdef01");
        assertThat(d).isEqualTo(new Digest("SHA-256", "abcdef01"));
        assertThat(d.toString()).isEqualTo("SHA-256:abcdef01");
    }

    @Test
    void ofFormatsBytes() {
        assertThat(Digest.of("MD5", new byte[] {0, 15, (byte) 0xFF}).hex()).isEqualTo("000fff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "zz", "ab cd", "0x12"})
    void rejectsWhatIsNotAnEvenLengthHexString(String hex) {
        assertThatThrownBy(() -> new Digest("SHA-256", hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bothPartsAreRequired() {
        assertThatThrownBy(() -> new Digest(null, "ab")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Digest("SHA-256", null)).isInstanceOf(NullPointerException.class);
    }
}
