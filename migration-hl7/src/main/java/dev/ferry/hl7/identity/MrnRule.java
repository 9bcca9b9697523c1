package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The format rules of the patient identifiers of one issuer (optionally at one source, i.e. one site):
 * which formats are accepted, and the steps that turn an accepted identifier into the destination's
 * format, applied in the order they were added. Immutable and thread-safe.
 *
 * <p>Selection: {@link #issuer()} is an issuer of Patient ID (0010,0021), {@code ""} for studies with
 * no issuer, or {@link #ANY} for every issuer; {@link #source()} is an {@code IdentityContext} source
 * name or {@link #ANY}. {@link MrnFormatResolver} uses the most specific rule that matches a study.
 *
 * <p>Acceptance: with {@link Builder#accept(String) accepted formats}, an identifier (as the header
 * has it) that matches none of them is left alone, or refused when {@link Builder#rejectUnmatched()}
 * says so. Without accepted formats, every identifier is accepted.
 */
public final class MrnRule {
    /** Matches every issuer or every source. */
    public static final String ANY = "*";

    private final String source;
    private final String issuer;
    private final List<Pattern> accepted;
    private final boolean rejectUnmatched;
    private final List<Step> steps;

    private MrnRule(Builder b) {
        this.source = b.source;
        this.issuer = b.issuer;
        this.accepted = List.copyOf(b.accepted);
        this.rejectUnmatched = b.rejectUnmatched;
        this.steps = List.copyOf(b.steps);
    }

    /** Starts the rules of {@code issuer} ({@code ""}: studies without an issuer; {@link #ANY}: every issuer). */
    public static Builder forIssuer(String issuer) {
        return new Builder(Objects.requireNonNull(issuer, "issuer").strip());
    }

    public String source() {
        return source;
    }

    public String issuer() {
        return issuer;
    }

    /** Whether an identifier that matches no accepted format is refused rather than left alone. */
    public boolean rejectsUnmatched() {
        return rejectUnmatched;
    }

    /** The step names in order, for evidence and reports (no values). */
    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }

    boolean appliesTo(String sourceName, String studyIssuer) {
        return (source.equals(ANY) || source.equals(sourceName)) && (issuer.equals(ANY) || issuer.equals(studyIssuer));
    }

    /** 0 (any source, any issuer) to 3 (this source, this issuer): the most specific rule wins. */
    int specificity() {
        return (source.equals(ANY) ? 0 : 2) + (issuer.equals(ANY) ? 0 : 1);
    }

    boolean accepts(String id) {
        if (accepted.isEmpty()) {
            return true;
        }
        for (Pattern p : accepted) {
            if (p.matcher(id).matches()) {
                return true;
            }
        }
        return false;
    }

    int acceptedFormats() {
        return accepted.size();
    }

    /** Applies the steps to an identifier and its issuer; returns {id, issuer}. */
    String[] apply(String id, String studyIssuer) {
        String[] v = {id, studyIssuer};
        for (Step s : steps) {
            s.apply(v);
        }
        return v;
    }

    /** Describes the selector, without values: {@code "issuer HOSP_A at source *"}. */
    String describe() {
        return "issuer " + (issuer.isEmpty() ? "(none)" : issuer) + " at source " + source;
    }

    @Override
    public String toString() {
        return "MrnRule[" + describe() + ", accepted=" + accepted.size() + (rejectUnmatched ? " (others refused)" : "")
                + ", steps=" + stepNames() + "]";
    }

    /** One transformation of {id, issuer}. */
    private interface Step {
        String name();

        void apply(String[] idAndIssuer);
    }

    private record Named(String name, java.util.function.Consumer<String[]> f) implements Step {
        @Override
        public void apply(String[] v) {
            f.accept(v);
        }
    }

    /** Builds an {@link MrnRule}; steps run in the order they are added. Not thread-safe. */
    public static final class Builder {
        private final String issuer;
        private String source = ANY;
        private final List<Pattern> accepted = new ArrayList<>();
        private boolean rejectUnmatched;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String issuer) {
            this.issuer = issuer;
        }

        /** Restricts the rule to one source ({@code IdentityContext.sourceName()}); {@link #ANY} by default. */
        public Builder atSource(String sourceName) {
            Objects.requireNonNull(sourceName, "sourceName");
            if (sourceName.isBlank()) {
                throw new ConfigurationException("MRN rule for " + issuer + ": source is blank (use " + ANY + ")");
            }
            this.source = sourceName.strip();
            return this;
        }

        /** Adds an accepted format: a regular expression the whole identifier must match. */
        public Builder accept(String regex) {
            accepted.add(compile("accept", regex));
            return this;
        }

        /** Refuses (IDENTITY_UNRESOLVED) an identifier that matches none of the accepted formats. */
        public Builder rejectUnmatched() {
            this.rejectUnmatched = true;
            return this;
        }

        /** Removes leading zeros, keeping one zero if the identifier is all zeros. */
        public Builder stripLeadingZeros() {
            steps.add(new Named("strip-leading-zeros", v -> {
                int i = 0;
                while (i < v[0].length() - 1 && v[0].charAt(i) == '0') {
                    i++;
                }
                v[0] = v[0].substring(i);
            }));
            return this;
        }

        /** Left-pads to {@code width} with {@code pad}; a longer identifier is left as it is. */
        public Builder padTo(int width, char pad) {
            if (width < 1 || width > 64) {
                throw new ConfigurationException("MRN rule for " + issuer + ": pad width " + width
                        + " is outside 1..64 (a Patient ID is an LO of at most 64 characters)");
            }
            steps.add(new Named("pad-to-" + width, v -> {
                if (v[0].length() < width) {
                    v[0] = String.valueOf(pad).repeat(width - v[0].length()) + v[0];
                }
            }));
            return this;
        }

        /** Prepends {@code prefix} unless the identifier already starts with it. */
        public Builder addPrefix(String prefix) {
            requireText("add-prefix", prefix);
            steps.add(new Named("add-prefix", v -> {
                if (!v[0].startsWith(prefix)) {
                    v[0] = prefix + v[0];
                }
            }));
            return this;
        }

        /** Removes {@code prefix} when the identifier starts with it. */
        public Builder removePrefix(String prefix) {
            requireText("remove-prefix", prefix);
            steps.add(new Named("remove-prefix", v -> {
                if (v[0].startsWith(prefix)) {
                    v[0] = v[0].substring(prefix.length());
                }
            }));
            return this;
        }

        /** Replaces every match of {@code regex} with {@code replacement} ({@code $1} refers to groups). */
        public Builder replace(String regex, String replacement) {
            Pattern p = compile("replace", regex);
            Objects.requireNonNull(replacement, "replacement");
            try {
                p.matcher("").replaceAll(replacement);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new ConfigurationException("MRN rule for " + issuer + ": replace: bad replacement ("
                        + e.getMessage() + ")");
            }
            steps.add(new Named("replace", v -> v[0] = p.matcher(v[0]).replaceAll(replacement)));
            return this;
        }

        /** Upper-cases the identifier (locale-independent). */
        public Builder upperCase() {
            steps.add(new Named("upper-case", v -> v[0] = v[0].toUpperCase(Locale.ROOT)));
            return this;
        }

        /** Files the identifier under another issuer: an issuer mapping old → new. */
        public Builder renameIssuer(String newIssuer) {
            requireText("issuer", newIssuer);
            String n = newIssuer.strip();
            steps.add(new Named("issuer", v -> v[1] = n));
            return this;
        }

        public MrnRule build() {
            if (rejectUnmatched && accepted.isEmpty()) {
                throw new ConfigurationException("MRN rule for " + issuer
                        + ": reject-unmatched needs at least one accepted format");
            }
            return new MrnRule(this);
        }

        private Pattern compile(String op, String regex) {
            Objects.requireNonNull(regex, "regex");
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ConfigurationException("MRN rule for " + issuer + ": " + op + ": bad regular expression ("
                        + e.getDescription() + " at index " + e.getIndex() + ")");
            }
        }

        private void requireText(String op, String value) {
            Objects.requireNonNull(value, op);
            if (value.isEmpty()) {
                throw new ConfigurationException("MRN rule for " + issuer + ": " + op + " needs a value");
            }
        }
    }
}
