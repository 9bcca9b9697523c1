package dev.ferry.dicom.coerce;

/**
 * Observes what the rules of a {@link RuleCoercer} do to one header: for the dry-run report and
 * for callers that count. Receives rules and tags, never values. Called on the coercing thread;
 * an implementation shared between threads is the caller's to make thread-safe. Must not throw.
 */
public interface RuleListener {
    /** Observes nothing. */
    RuleListener NONE = new RuleListener() {};

    /** The rule's condition held for the header. */
    default void matched(Rule rule) {}

    /** The rule changed, added or removed the element with this (top-level) tag. */
    default void changed(Rule rule, int tag) {}

    /** The rule could not do its work on the element (a date it cannot read, a number it cannot convert): left as it was. */
    default void unfixable(Rule rule, int tag) {}

    /** The rule rejected the instance. */
    default void rejected(Rule rule) {}
}
