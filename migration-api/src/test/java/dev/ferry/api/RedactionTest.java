package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void tokenIsStableWithinTheProcess() {
        assertThat(Redaction.token("MRN-987654")).isEqualTo(Redaction.token(new String("MRN-987654")));
    }

    @Test
    void tokenIsAShortHashThatDoesNotContainTheValue() {
        String token = Redaction.token("MRN-987654");
        assertThat(token).matches("#[0-9a-f]{8}").doesNotContain("987654");
    }

    @Test
    void differentValuesGetDifferentTokens() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(Redaction.token("MRN-" + i));
        }
        assertThat(tokens).hasSize(1000);
        assertThat(Redaction.token("DOE^JANE")).isNotEqualTo(Redaction.token("DOE^JANE "));
    }

    @Test
    void tokenIsSaltedNotAPlainHash() {
        // SHA-256("MRN-987654") starts with these bytes; a salted token must not.
        String unsalted = java.util.HexFormat.of().formatHex(sha256("MRN-987654"), 0, 4);
        assertThat(Redaction.token("MRN-987654")).isNotEqualTo("#" + unsalted);
    }

    @Test
    void nullAndEmptyAreADash() {
        assertThat(Redaction.token(null)).isEqualTo("-");
        assertThat(Redaction.token("")).isEqualTo("-");
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
