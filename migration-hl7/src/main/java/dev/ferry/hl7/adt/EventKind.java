package dev.ferry.hl7.adt;

import java.util.Locale;

/** What an ADT event does to patient identity, as the merge graph reads it. */
public enum EventKind {
    /**
     * A merge: the prior identifiers (MRG-1) are retired into the patient's (PID-3): A40 merge patient,
     * A34/A35 merge patient ID / account, A36 merge patient ID and account, A39 merge person, A41/A42
     * merge account / visit (which move identifiers only when MRG-1 names another patient).
     */
    MERGE,
    /** An identifier change (A47, and A46 of older versions): MRG-1 is replaced by PID-3. */
    CHANGE_ID,
    /** An unlink (A37): whatever merged the first PID's and the second PID's identifiers is undone. */
    UNLINK,
    /** A demographics update (A08, A31): identifiers and demographics, no change of identity. */
    UPDATE,
    /** Any other ADT event with a patient (registrations, admissions...): identifiers seen, nothing more. */
    OTHER;

    /** The kind of an ADT trigger event ({@code A40}); {@link #OTHER} for the rest. */
    public static EventKind ofTrigger(String trigger) {
        return switch (trigger == null ? "" : trigger.strip().toUpperCase(Locale.ROOT)) {
            case "A34", "A35", "A36", "A39", "A40", "A41", "A42" -> MERGE;
            case "A46", "A47" -> CHANGE_ID;
            case "A37" -> UNLINK;
            case "A08", "A31" -> UPDATE;
            default -> OTHER;
        };
    }

    /** Whether the event moves identifiers (needs MRG segments). */
    public boolean retiresIdentifiers() {
        return this == MERGE || this == CHANGE_ID;
    }
}
