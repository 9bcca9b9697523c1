package dev.ferry.api;

import java.util.List;

/**
 * How a retrieval ended.
 *
 * @param delivered instances handed to the consumer
 * @param expected instances the archive said it would deliver (C-MOVE sub-operations, manifest
 *     size), or {@link StudyDescriptor#UNKNOWN}
 * @param failures instances the archive knows it did not deliver, with reasons; when
 *     {@code expected} exceeds {@code delivered + failures.size()}, the difference is unaccounted
 *     for and the caller must treat it as missing
 */
public record RetrieveResult(int delivered, int expected, List<Finding> failures) {
    public RetrieveResult {
        failures = List.copyOf(failures);
        if (delivered < 0 || expected < StudyDescriptor.UNKNOWN) {
            throw new IllegalArgumentException("negative counts in a retrieve result");
        }
    }

    public static RetrieveResult complete(int delivered) {
        return new RetrieveResult(delivered, delivered, List.of());
    }

    /** Expected instances neither delivered nor reported as failed; 0 when {@code expected} is unknown. */
    public int unaccounted() {
        return expected < 0 ? 0 : Math.max(0, expected - delivered - failures.size());
    }

    /** Everything expected arrived and nothing failed. */
    public boolean isComplete() {
        return failures.isEmpty() && unaccounted() == 0;
    }
}
