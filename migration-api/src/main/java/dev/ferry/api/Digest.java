package dev.ferry.api;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A message digest value with its algorithm, e.g. SHA-256 of an instance's Pixel Data value bytes.
 *
 * @param algorithm a JDK MessageDigest name, e.g. {@code SHA-256}
 * @param hex the digest in lower-case hexadecimal
 */
public record Digest(String algorithm, String hex) {
    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a hexadecimal digest: " + hex);
        }
    }

    public static Digest of(String algorithm, byte[] value) {
        return new Digest(algorithm, HexFormat.of().formatHex(value));
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
