package dev.ferry.api;

import java.util.Objects;

/**
 * One change a coercer made to a header: what the custody log records and the Original Attributes
 * Sequence keeps. Values are rendered as {@link Dataset#valueAsText(int)} renders them.
 *
 * <p>How changes are reported (the conformance kit's {@code DatasetDiff} is the yardstick):
 * <ul>
 *   <li>an element whose value or VR differs is one {@link Kind#CHANGED CHANGED} change (a VR-only
 *       change has equal before and after values); one that appears is {@link Kind#ADDED ADDED}, one
 *       that disappears {@link Kind#REMOVED REMOVED};
 *   <li>a sequence added or removed whole is one change at the sequence's path, valued
 *       {@code [n items]}; its items' contents are not listed;
 *   <li>changes inside items of a sequence present before and after are reported at their nested
 *       path; if the item count changed, the sequence is also one CHANGED change
 *       ({@code [1 item]} to {@code [2 items]}).
 * </ul>
 *
 * @param path where the element is
 * @param vr its VR (after the change; before it, for a removal)
 * @param before the old value, {@code null} if the element was added
 * @param after the new value, {@code null} if the element was removed
 * @param rule which rule or component made the change, for the report and the modification reason
 */
public record TagChange(TagPath path, VR vr, String before, String after, String rule) {
    public enum Kind { ADDED, CHANGED, REMOVED }

    public TagChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(vr, "vr");
        Objects.requireNonNull(rule, "rule");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change at " + path + " has neither a before nor an after value");
        }
    }

    public Kind kind() {
        return before == null ? Kind.ADDED : after == null ? Kind.REMOVED : Kind.CHANGED;
    }

    /** Values are redacted: they may be patient data. */
    @Override
    public String toString() {
        return "TagChange[" + kind() + " " + path + " " + vr + " by " + rule + ", before="
                + Redaction.token(before) + ", after=" + Redaction.token(after) + "]";
    }
}
