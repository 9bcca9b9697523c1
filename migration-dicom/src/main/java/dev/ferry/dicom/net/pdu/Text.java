package dev.ferry.dicom.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The strings of the PDUs, one byte a character (ISO 8859-1), so that any bytes a peer sends decode
 * to a string that encodes back to the same bytes. Normalising here, in the records' constructors,
 * makes a decoded value and a constructed one compare equal.
 */
final class Text {
    /** The fixed width of an AE title field (PS3.8 Table 9-11). */
    static final int AE_TITLE_LENGTH = 16;

    private Text() {}

    /** The bytes as characters, one each. */
    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** The characters as bytes, one each; the string has been checked by {@link #requireLatin1}. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A UID field's value: trailing NULs and spaces removed, as some implementations pad UIDs to an
     * even length (PS3.8 says they are not padded). The syntax of PS3.5 9.1 is not checked: whether
     * a UID is acceptable is the association layer's decision (a rejected presentation context, not
     * an aborted association).
     */
    static String uid(String value, String what) {
        requireLatin1(value, what);
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == 0 || value.charAt(end - 1) == ' ')) {
            end--;
        }
        return value.substring(0, end);
    }

    /**
     * An AE title's value: leading and trailing spaces are not significant (PS3.8 Table 9-11) and
     * are removed, and so are trailing NULs, which some implementations pad with.
     */
    static String aeTitle(String value, String what) {
        requireLatin1(value, what);
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == 0 || value.charAt(end - 1) == ' ')) {
            end--;
        }
        int start = 0;
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        String s = value.substring(start, end);
        if (s.length() > AE_TITLE_LENGTH) {
            throw new IllegalArgumentException(what + " has " + s.length() + " characters, more than 16");
        }
        return s;
    }

    /**
     * What is wrong with a normalised AE title of an A-ASSOCIATE-RQ, or {@code null}: PS3.8 Table 9-11
     * wants 1 to 16 characters of the ISO 646 basic G0 set, not all spaces; like PS3.5's AE value
     * representation, no control characters and no backslash.
     */
    static String aeTitleProblem(String normalized) {
        if (normalized.isEmpty()) {
            return "is blank (16 spaces mean no application name, which PS3.8 does not allow)";
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return String.format("has character %02XH at %d, outside the ISO 646 basic G0 set", (int) c, i);
            }
            if (c == '\\') {
                return "has a backslash at " + i;
            }
        }
        return null;
    }

    /** Refuses {@code null} and characters that do not fit one byte. */
    static String requireLatin1(String value, String what) {
        Objects.requireNonNull(value, what);
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                throw new IllegalArgumentException(what + " has character U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at " + i + ", which one byte cannot hold");
            }
        }
        return value;
    }

    /** Refuses a length that a 2-byte item-length field cannot hold. */
    static void requireItemLength(long length, String what) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(what + " would be " + length + " bytes long, more than the 65535 an"
                    + " item-length field holds");
        }
    }

    /** Refuses a presentation context ID that is not an odd integer from 1 to 255 (PS3.8 Table 9-13). */
    static void requirePresentationContextId(int id) {
        if (id < 1 || id > 255 || (id & 1) == 0) {
            throw new IllegalArgumentException("presentation context ID " + id
                    + " is not an odd integer from 1 to 255");
        }
    }
}
