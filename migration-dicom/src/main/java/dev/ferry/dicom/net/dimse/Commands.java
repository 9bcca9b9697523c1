package dev.ferry.dicom.net.dimse;

import java.util.List;

/** Argument checks shared by the message records; each message names the field it checks. */
final class Commands {
    private Commands() {}

    /** A value that fits an unsigned short (US): message IDs, counts, type IDs. */
    static int requireUs(int value, String field) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " must be 0 to 65535: " + value);
        }
        return value;
    }

    /** An optional US value: {@code null} or 0 to 65535. */
    static Integer optionalUs(Integer value, String field) {
        return value == null ? null : requireUs(value, field);
    }

    /** A required UID or AE title: present and not blank. */
    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** An optional UID or AE title: {@code null} if absent; blank is not a value. */
    static String optionalText(String value, String field) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " is blank: pass null for absent");
        }
        return value;
    }

    static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A list of tags (AT values), copied; {@code null} is empty. */
    static List<Integer> tags(List<Integer> tags) {
        return tags == null ? List.of() : List.copyOf(tags);
    }
}
