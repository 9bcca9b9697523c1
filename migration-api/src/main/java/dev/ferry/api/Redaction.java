package dev.ferry.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Stands in for patient data wherever text may reach a log: a salted hash that is stable within one
 * process (so two log lines about the same patient can be correlated) and useless outside it.
 * Records that hold patient data print this in {@code toString()}. Thread-safe.
 */
public final class Redaction {
    private static final byte[] SALT = new byte[16];

    static {
        new SecureRandom().nextBytes(SALT);
    }

    private Redaction() {}

    /** {@code "#3fa1c2d9"} for a non-empty value, {@code "-"} for null or empty. */
    public static String token(String sensitive) {
        if (sensitive == null || sensitive.isEmpty()) {
            return "-";
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(SALT);
            byte[] h = md.digest(sensitive.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
