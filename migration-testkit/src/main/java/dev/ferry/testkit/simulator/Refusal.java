package dev.ferry.testkit.simulator;

import dev.ferry.api.Tags;

/**
 * One instance a {@link StrictDestination} refused, and why.
 *
 * @param sopInstanceUid the Affected SOP Instance UID of the C-STORE
 * @param rule the rule it broke
 * @param tag the attribute that broke it
 * @param errorComment the Error Comment sent back: the attribute and the problem, never a value
 */
public record Refusal(String sopInstanceUid, StrictRule rule, int tag, String errorComment) {
    @Override
    public String toString() {
        return "Refusal[" + sopInstanceUid + " " + rule + " " + Tags.format(tag) + "]";
    }
}
