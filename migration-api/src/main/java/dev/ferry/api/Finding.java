package dev.ferry.api;

import java.util.Objects;

/**
 * One thing wrong with one item: an instance a source could not deliver, a destination lacks, or a
 * verifier found altered. The building block of the exception list.
 *
 * @param item the item, as precisely as known (a C-MOVE failure count without a Failed SOP Instance
 *     UID List names only the study)
 * @param reason the reason code
 * @param detail free text without patient data (statuses, tags, counts, digests); never null
 */
public record Finding(ItemRef item, ReasonCode reason, String detail) {
    public Finding {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    public static Finding of(MigrationException e) {
        return new Finding(e.item(), e.reason(), e.getMessage());
    }
}
