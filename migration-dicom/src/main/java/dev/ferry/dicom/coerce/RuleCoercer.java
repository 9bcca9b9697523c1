package dev.ferry.dicom.coerce;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.InvalidValueException;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.TagChange;
import dev.ferry.spi.TagCoercer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TagCoercer} that runs a {@link RuleSet}: each rule whose condition holds runs its actions
 * in order, the rules in the set's order, each seeing what the earlier ones did.
 *
 * <p>Every change is reported once, as the difference between the element before the first rule
 * touched it and after the last (so the report matches the testkit's {@code DatasetDiff}), named
 * after the last rule that wrote it. When anything changed, the originals are kept in a new item of
 * the Original Attributes Sequence (0400,0561), PS3.3 section C.12.1.1.9: the Modified Attributes
 * Sequence (0400,0550) holds the elements as they were (an element that was absent, empty; a private
 * one with its Private Creator), with Attribute Modification DateTime (0400,0562) from the clock,
 * Modifying System (0400,0563) {@code FERRY}, Source of Previous Values (0400,0564) the source's name,
 * and Reason for the Attribute Modification (0400,0565) {@code COERCE}; date and time fixes go in an
 * item of their own with {@code CORRECT}. A header no rule changes gets no item, so coercing an
 * already coerced header again changes nothing.
 *
 * <p>A rule that rejects stops the run: the outcome is {@link CoercionOutcome.Rejected} with
 * {@link ReasonCode#COERCION_REJECTED} and a detail naming the rule and its configured reason (no
 * values). Values the rules cannot work with (a date it cannot read, a number it cannot convert)
 * are left as they are and reported to the {@link RuleListener}; nothing is logged but tags and the
 * study's UID.
 *
 * <p>Deterministic: the same header, context and clock give the same changes and header. The
 * Attribute Modification DateTime is the one value that depends on the clock: give a fixed
 * {@link Clock} where byte-identical output matters (tests, re-runs).
 *
 * <p>Immutable and thread-safe: the rules are compiled once (patterns, tables, VRs); each call works
 * on its own header.
 */
public final class RuleCoercer implements TagCoercer {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCoercer.class);
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSxx");

    private final RuleSet rules;
    private final Compiled[] compiled;
    private final Clock clock;
    private final String modifyingSystem;

    private record Compiled(Rule rule, Checks.Check when, Steps.Step[] steps, Rule.Reason[] reasons) {}

    private RuleCoercer(Builder b) {
        this.rules = b.rules;
        this.clock = b.clock;
        this.modifyingSystem = b.modifyingSystem;
        List<Rule> list = rules.rules();
        this.compiled = new Compiled[list.size()];
        for (int r = 0; r < compiled.length; r++) {
            Rule rule = list.get(r);
            Steps.Step[] steps = new Steps.Step[rule.actions().size()];
            Rule.Reason[] reasons = new Rule.Reason[steps.length];
            for (int k = 0; k < steps.length; k++) {
                try {
                    steps[k] = Steps.compile(rule.actions().get(k));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("rule '" + rule.name() + "' action " + (k + 1) + ": "
                            + e.getMessage(), e);
                }
                reasons[k] = rule.reasonFor(rule.actions().get(k));
            }
            compiled[r] = new Compiled(rule, Checks.compile(rule.when()), steps, reasons);
        }
    }

    /** A coercer for {@code rules} with the system clock in UTC and Modifying System {@code FERRY}. */
    public static RuleCoercer of(RuleSet rules) {
        return builder(rules).build();
    }

    /**
     * Reads a rules file ({@link RuleReader}) and compiles it.
     *
     * @throws dev.ferry.api.ConfigurationException naming the file, line and field when it is wrong
     */
    public static RuleCoercer read(Path file) throws IOException {
        return of(RuleReader.read(file));
    }

    public static Builder builder(RuleSet rules) {
        return new Builder(rules);
    }

    public RuleSet rules() {
        return rules;
    }

    /** The rule set's name. */
    @Override
    public String name() {
        return rules.name();
    }

    String modifyingSystem() {
        return modifyingSystem;
    }

    String timestamp() {
        return DT.format(clock.instant().atOffset(ZoneOffset.UTC));
    }

    @Override
    public CoercionOutcome coerce(Dataset header, CoercionContext context) {
        return coerce(header, context, RuleListener.NONE);
    }

    /** Coerces as {@link #coerce(Dataset, CoercionContext)} does, telling {@code listener} what each rule did. */
    public CoercionOutcome coerce(Dataset header, CoercionContext context, RuleListener listener) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(listener, "listener");
        Run run = new Run(header, context, listener, this);
        for (Compiled c : compiled) {
            if (!c.when.test(header, context)) {
                continue;
            }
            listener.matched(c.rule);
            run.rule = c.rule;
            for (int k = 0; k < c.steps.length; k++) {
                Steps.Step step = c.steps[k];
                run.reason = c.reasons[k];
                if (step instanceof Steps.Reject reject) {
                    listener.rejected(c.rule);
                    return CoercionOutcome.rejected(ReasonCode.COERCION_REJECTED,
                            "rule '" + c.rule.name() + "' of " + name() + " rejects the instance: " + reject.reason());
                }
                try {
                    step.apply(run);
                } catch (InvalidValueException e) {
                    // A value the header holds breaks its VR: the rule cannot work with it, the instance may still move.
                    LOG.debug("rule '{}' of {}: {} in study {}", c.rule.name(), name(), e.getMessage(),
                            context.study().studyInstanceUid());
                    listener.unfixable(c.rule, e.tag());
                } catch (IllegalArgumentException e) {
                    return CoercionOutcome.rejected(ReasonCode.INVALID_VALUE, "rule '" + c.rule.name() + "' of "
                            + name() + " cannot change the header: " + e.getMessage());
                }
            }
        }
        List<TagChange> changes = run.finish();
        return CoercionOutcome.applied(changes);
    }

    @Override
    public String toString() {
        return "RuleCoercer[" + name() + ", " + compiled.length + " rules]";
    }

    /** Builds a {@link RuleCoercer}; not thread-safe. */
    public static final class Builder {
        private final RuleSet rules;
        private Clock clock = Clock.systemUTC();
        private String modifyingSystem = "FERRY";

        private Builder(RuleSet rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** The clock of Attribute Modification DateTime (0400,0562); default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Modifying System (0400,0563); default {@code FERRY}. */
        public Builder modifyingSystem(String name) {
            Objects.requireNonNull(name, "modifyingSystem");
            if (name.isBlank() || name.length() > 64) {
                throw new IllegalArgumentException("modifyingSystem must be 1 to 64 characters");
            }
            this.modifyingSystem = name;
            return this;
        }

        /**
         * Compiles the rules.
         *
         * @throws IllegalArgumentException naming the rule and action when one cannot be compiled
         */
        public RuleCoercer build() {
            return new RuleCoercer(this);
        }
    }
}
