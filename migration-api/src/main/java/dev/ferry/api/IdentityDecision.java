package dev.ferry.api;

import java.util.Objects;

/**
 * An identity resolver's answer: resolved, no opinion (the next resolver in a chain decides), or
 * refused with a reason that becomes an exception-list entry. Refusing is how a resolver says "a
 * human must look at this": a demographics conflict is a refusal, never a silent overwrite.
 */
public sealed interface IdentityDecision {

    /** The resolver knows who this is. */
    record Resolved(ResolvedIdentity identity) implements IdentityDecision {
        public Resolved {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** The resolver has nothing to say about this study. */
    record Abstain(String why) implements IdentityDecision {
        public Abstain {
            why = why == null ? "" : why;
        }
    }

    /**
     * The resolver refuses to let the study move under any identity until a human decides.
     *
     * @param reason usually {@link ReasonCode#IDENTITY_CONFLICT} or {@link ReasonCode#IDENTITY_UNRESOLVED}
     * @param detail without patient data: which rule or source disagreed, on which field
     */
    record Refused(ReasonCode reason, String detail) implements IdentityDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }

    static IdentityDecision resolved(ResolvedIdentity identity) {
        return new Resolved(identity);
    }

    static IdentityDecision abstain(String why) {
        return new Abstain(why);
    }

    static IdentityDecision refused(ReasonCode reason, String detail) {
        return new Refused(reason, detail);
    }
}
