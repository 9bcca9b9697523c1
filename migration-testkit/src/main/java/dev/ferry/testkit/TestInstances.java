package dev.ferry.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Entry point for synthetic but realistic DICOM test data: deterministic UIDs, single instances
 * ({@link SyntheticInstance}) and whole studies ({@link SyntheticStudy}). Everything generated is a
 * function of the seeds and values given, so a test that builds the same thing twice gets the same
 * UIDs, headers and pixel bytes, and can compare what an archive returns with what it was given
 * without keeping a copy.
 *
 * <pre>{@code
 * SyntheticStudy study = TestInstances.study(7)
 *         .patient("MRN000007", "HOSP_A")
 *         .studyDate(LocalDate.of(2024, 1, 15))
 *         .series("CT", 3)
 *         .series("SR", 1)
 *         .build();
 * for (DicomInstance i : study.newInstances()) {
 *     try (i) {
 *         archive.store(i);
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: only static, side-effect-free methods.
 */
public final class TestInstances {
    /** CT Image Storage, the default SOP class. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    /** MR Image Storage. */
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    /** Computed Radiography Image Storage. */
    public static final String CR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.1";
    /** Ultrasound Image Storage. */
    public static final String US_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    /** Secondary Capture Image Storage, for modalities without a class of their own here. */
    public static final String SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7";
    /** Basic Text SR Storage: no pixel data, so an empty remainder. */
    public static final String BASIC_TEXT_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.11";
    /** Explicit VR Little Endian, the transfer syntax of every synthetic instance. */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    private TestInstances() {}

    /**
     * A deterministic UID under the {@code 2.25} root (PS3.5 B.2: a UUID as a decimal integer),
     * derived from the parts: the same parts always give the same UID, different parts a different
     * one (128 bits of SHA-256).
     */
    public static String uid(Object... parts) {
        byte[] h = sha256(Arrays.deepToString(parts).getBytes(StandardCharsets.UTF_8));
        return "2.25." + new BigInteger(1, Arrays.copyOf(h, 16));
    }

    /** A long derived from the parts, for seeding pixel data and the like. */
    public static long seedOf(Object... parts) {
        byte[] h = sha256(Arrays.deepToString(parts).getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v;
    }

    /** A builder for one CT instance whose UIDs, patient and pixels all derive from {@code seed}. */
    public static SyntheticInstance.Builder instance(long seed) {
        return SyntheticInstance.builder(seed);
    }

    /** A builder for a study whose UIDs derive from {@code seed}. */
    public static SyntheticStudy.Builder study(long seed) {
        return SyntheticStudy.builder(seed);
    }

    /** The SOP class a synthetic instance of this modality gets unless one is set. */
    public static String sopClassFor(String modality) {
        switch (modality) {
            case "CT": return CT_IMAGE_STORAGE;
            case "MR": return MR_IMAGE_STORAGE;
            case "CR": return CR_IMAGE_STORAGE;
            case "US": return US_IMAGE_STORAGE;
            case "SR": return BASIC_TEXT_SR_STORAGE;
            default: return SECONDARY_CAPTURE_IMAGE_STORAGE;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
