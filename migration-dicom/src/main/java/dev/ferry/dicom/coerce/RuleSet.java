package dev.ferry.dicom.coerce;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered list of rules under a name: what a rules file holds and what {@link RuleCoercer} runs.
 *
 * @param name the coercer's name in reports and the custody log (as a plan names it: {@code site-rules})
 * @param rules in the order they run; names unique
 */
public record RuleSet(String name, List<Rule> rules) {
    public RuleSet {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rule set name must not be empty");
        }
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (Rule r : rules) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("rule '" + r.name() + "' is defined twice");
            }
        }
    }
}
