package dev.ferry.hl7.orders;

import dev.ferry.api.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Normalises accession numbers to the destination's format, as a pure function: surrounding blanks
 * removed, then upper case (optional), one known prefix and one known suffix stripped, characters
 * outside the allowed set refused or removed, the destination's prefix and suffix added, and the
 * maximum length enforced. The result says which steps changed the value; an accession that cannot be
 * normalised is {@link Outcome.Refused refused} with the rule that refused it, never passed on half-done.
 *
 * <p>Length is never cut silently: the default {@link OverLength#REFUSE} refuses a value that is too
 * long, and truncation must be asked for ({@link OverLength#TRUNCATE_LEFT} keeps the last characters,
 * {@link OverLength#TRUNCATE_RIGHT} the first), and even then the outcome names it as a step so that
 * the caller can record it. By default the rules give a DICOM SH value: at most 16 characters, printable
 * ASCII without backslash (PS3.5 Table 6.2-1).
 *
 * <p>Configuration file ({@link #read(Path)}): CSV, one {@code setting,value} per line, {@code #}
 * comments and blank lines ignored; settings {@code strip-prefix} and {@code strip-suffix} (repeatable),
 * {@code add-prefix}, {@code add-suffix}, {@code max-length}, {@code over-length}
 * ({@code refuse|truncate-left|truncate-right}), {@code allowed} (the body of a regular-expression
 * character class, such as {@code A-Z0-9-}), {@code disallowed} ({@code refuse|remove}),
 * {@code upper-case} ({@code true|false}). An error names {@code file:line}.
 *
 * <p>Immutable and thread-safe. Never puts an accession value in an exception message.
 */
public final class AccessionRules {
    /** DICOM SH's character repertoire in the default character set: printable ASCII except backslash. */
    public static final String DICOM_SH_CHARACTERS = "\\x20-\\x5B\\x5D-\\x7E";

    /** What to do with a value longer than the maximum. */
    public enum OverLength {
        /** Refuse it (the default). */
        REFUSE,
        /** Keep the last {@code maxLength} characters (the running number of most RIS formats). */
        TRUNCATE_LEFT,
        /** Keep the first {@code maxLength} characters. */
        TRUNCATE_RIGHT
    }

    /** What to do with a character outside the allowed set. */
    public enum Disallowed {
        /** Refuse the value (the default). */
        REFUSE,
        /** Remove the character (recorded as a step). */
        REMOVE
    }

    /** A normalisation step that changed the value. */
    public enum Step { TRIMMED, UPPER_CASED, PREFIX_STRIPPED, SUFFIX_STRIPPED, CHARACTERS_REMOVED, PREFIX_ADDED,
        SUFFIX_ADDED, TRUNCATED }

    /** The rule that refused a value. */
    public enum Refusal { EMPTY, DISALLOWED_CHARACTER, TOO_LONG }

    /** The answer for one value. */
    public sealed interface Outcome {
        /** The value to use, and the steps that changed it (empty when it was already in format). */
        record Normalised(String value, List<Step> steps) implements Outcome {
            public Normalised {
                Objects.requireNonNull(value, "value");
                steps = List.copyOf(steps);
            }

            @Override
            public String toString() {
                return "Normalised[" + steps + "]";
            }
        }

        /**
         * The value cannot be normalised.
         *
         * @param detail the rule and its parameter (the length, the character's position), never the value
         */
        record Refused(Refusal refusal, String detail) implements Outcome {
            public Refused {
                Objects.requireNonNull(refusal, "refusal");
                detail = detail == null ? "" : detail;
            }
        }
    }

    private final List<String> stripPrefixes;
    private final List<String> stripSuffixes;
    private final String addPrefix;
    private final String addSuffix;
    private final int maxLength;
    private final OverLength overLength;
    private final String allowed;
    private final Pattern allowedChar;
    private final Disallowed disallowed;
    private final boolean upperCase;

    private AccessionRules(Builder b) {
        this.stripPrefixes = List.copyOf(b.stripPrefixes);
        this.stripSuffixes = List.copyOf(b.stripSuffixes);
        this.addPrefix = b.addPrefix;
        this.addSuffix = b.addSuffix;
        this.maxLength = b.maxLength;
        this.overLength = b.overLength;
        this.allowed = b.allowed;
        this.allowedChar = Pattern.compile("[" + b.allowed + "]");
        this.disallowed = b.disallowed;
        this.upperCase = b.upperCase;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The DICOM SH defaults: trim, upper case, 16 characters refused beyond, SH characters refused outside. */
    public static AccessionRules dicomDefaults() {
        return builder().build();
    }

    /** Normalises one value; {@code null} is refused as empty. */
    public Outcome normalise(String raw) {
        List<Step> steps = new ArrayList<>(4);
        String v = raw == null ? "" : raw;
        String s = v.strip();
        if (!s.equals(v)) {
            steps.add(Step.TRIMMED);
        }
        if (upperCase) {
            String u = s.toUpperCase(Locale.ROOT);
            if (!u.equals(s)) {
                steps.add(Step.UPPER_CASED);
            }
            s = u;
        }
        for (String p : stripPrefixes) {
            if (s.length() > p.length() && s.startsWith(p)) {
                s = s.substring(p.length());
                steps.add(Step.PREFIX_STRIPPED);
                break;
            }
        }
        for (String x : stripSuffixes) {
            if (s.length() > x.length() && s.endsWith(x)) {
                s = s.substring(0, s.length() - x.length());
                steps.add(Step.SUFFIX_STRIPPED);
                break;
            }
        }
        if (s.isEmpty()) {
            return new Outcome.Refused(Refusal.EMPTY, "the accession number is empty");
        }
        StringBuilder kept = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String c = new String(Character.toChars(cp));
            if (allowedChar.matcher(c).matches()) {
                kept.append(c);
            } else if (disallowed == Disallowed.REFUSE) {
                return new Outcome.Refused(Refusal.DISALLOWED_CHARACTER, "character " + (kept.length() + 1)
                        + " (U+" + String.format(Locale.ROOT, "%04X", cp) + ") is outside the allowed set [" + allowed + "]");
            }
            i += Character.charCount(cp);
        }
        if (kept.length() != s.length()) {
            steps.add(Step.CHARACTERS_REMOVED);
            s = kept.toString();
            if (s.isEmpty()) {
                return new Outcome.Refused(Refusal.EMPTY, "no allowed character is left");
            }
        }
        if (!addPrefix.isEmpty() && !s.startsWith(addPrefix)) {
            s = addPrefix + s;
            steps.add(Step.PREFIX_ADDED);
        }
        if (!addSuffix.isEmpty() && !s.endsWith(addSuffix)) {
            s = s + addSuffix;
            steps.add(Step.SUFFIX_ADDED);
        }
        if (s.length() > maxLength) {
            switch (overLength) {
                case REFUSE -> {
                    return new Outcome.Refused(Refusal.TOO_LONG, s.length() + " characters, more than the maximum "
                            + maxLength);
                }
                case TRUNCATE_LEFT -> s = s.substring(s.length() - maxLength);
                case TRUNCATE_RIGHT -> s = s.substring(0, maxLength);
                default -> throw new AssertionError(overLength);
            }
            steps.add(Step.TRUNCATED);
        }
        return new Outcome.Normalised(s, steps);
    }

    /**
     * Reads rules from a CSV file (see the class comment).
     *
     * @throws ConfigurationException naming {@code file:line} and the setting when the file is wrong
     * @throws IOException when it cannot be read
     */
    public static AccessionRules read(Path file) throws IOException {
        Builder b = builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int comma = t.indexOf(',');
                if (comma < 0) {
                    throw new ConfigurationException(file + ":" + n + ": expected 'setting,value'");
                }
                String key = t.substring(0, comma).strip().toLowerCase(Locale.ROOT);
                String value = t.substring(comma + 1).strip();
                try {
                    apply(b, key, value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(file + ":" + n + ": " + e.getMessage());
                }
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(file + ": " + e.getMessage());
            }
        }
    }

    private static void apply(Builder b, String key, String value) {
        switch (key) {
            case "strip-prefix" -> b.stripPrefix(value);
            case "strip-suffix" -> b.stripSuffix(value);
            case "add-prefix" -> b.addPrefix(value);
            case "add-suffix" -> b.addSuffix(value);
            case "max-length" -> {
                try {
                    b.maxLength(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("max-length: not a number");
                }
            }
            case "over-length" -> b.overLength(switch (value.toLowerCase(Locale.ROOT)) {
                case "refuse" -> OverLength.REFUSE;
                case "truncate-left" -> OverLength.TRUNCATE_LEFT;
                case "truncate-right" -> OverLength.TRUNCATE_RIGHT;
                default -> throw new IllegalArgumentException("over-length: expected refuse, truncate-left or truncate-right");
            });
            case "allowed" -> b.allowedCharacters(value);
            case "disallowed" -> b.disallowed(switch (value.toLowerCase(Locale.ROOT)) {
                case "refuse" -> Disallowed.REFUSE;
                case "remove" -> Disallowed.REMOVE;
                default -> throw new IllegalArgumentException("disallowed: expected refuse or remove");
            });
            case "upper-case" -> b.upperCase(switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> true;
                case "false", "no" -> false;
                default -> throw new IllegalArgumentException("upper-case: expected true or false");
            });
            default -> throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
    }

    public int maxLength() {
        return maxLength;
    }

    public OverLength overLength() {
        return overLength;
    }

    @Override
    public String toString() {
        return "AccessionRules[stripPrefixes=" + stripPrefixes.size() + ", stripSuffixes=" + stripSuffixes.size()
                + ", addPrefix=" + !addPrefix.isEmpty() + ", addSuffix=" + !addSuffix.isEmpty() + ", maxLength="
                + maxLength + ", overLength=" + overLength + ", allowed=[" + allowed + "], disallowed=" + disallowed
                + ", upperCase=" + upperCase + "]";
    }

    /** Builds {@link AccessionRules}; {@link #build()} checks the whole. */
    public static final class Builder {
        private final List<String> stripPrefixes = new ArrayList<>();
        private final List<String> stripSuffixes = new ArrayList<>();
        private String addPrefix = "";
        private String addSuffix = "";
        private int maxLength = 16;
        private OverLength overLength = OverLength.REFUSE;
        private String allowed = DICOM_SH_CHARACTERS;
        private Disallowed disallowed = Disallowed.REFUSE;
        private boolean upperCase = true;

        private Builder() {}

        /** A prefix to remove when present (the first that matches is removed); may be given several times. */
        public Builder stripPrefix(String prefix) {
            stripPrefixes.add(nonEmpty(prefix, "strip-prefix"));
            return this;
        }

        /** A suffix to remove when present (the first that matches); may be given several times. */
        public Builder stripSuffix(String suffix) {
            stripSuffixes.add(nonEmpty(suffix, "strip-suffix"));
            return this;
        }

        /** The destination's prefix, added unless the value already starts with it. */
        public Builder addPrefix(String prefix) {
            addPrefix = Objects.requireNonNull(prefix, "add-prefix");
            return this;
        }

        /** The destination's suffix, added unless the value already ends with it. */
        public Builder addSuffix(String suffix) {
            addSuffix = Objects.requireNonNull(suffix, "add-suffix");
            return this;
        }

        /** The longest value the destination takes; default 16 (DICOM SH). */
        public Builder maxLength(int maxLength) {
            if (maxLength < 1 || maxLength > 64) {
                throw new IllegalArgumentException("max-length: must be 1..64, was " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /** What to do beyond the maximum length; default {@link OverLength#REFUSE}. */
        public Builder overLength(OverLength overLength) {
            this.overLength = Objects.requireNonNull(overLength, "over-length");
            return this;
        }

        /** The allowed characters, as the body of a regular-expression character class; default DICOM SH's. */
        public Builder allowedCharacters(String characterClass) {
            String c = nonEmpty(characterClass, "allowed");
            try {
                Pattern.compile("[" + c + "]");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("allowed: not a character class body (" + e.getDescription() + ")");
            }
            this.allowed = c;
            return this;
        }

        /** What to do with a character outside the allowed set; default {@link Disallowed#REFUSE}. */
        public Builder disallowed(Disallowed disallowed) {
            this.disallowed = Objects.requireNonNull(disallowed, "disallowed");
            return this;
        }

        /** Whether to upper-case (in the root locale); default true. */
        public Builder upperCase(boolean upperCase) {
            this.upperCase = upperCase;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that cannot work */
        public AccessionRules build() {
            Pattern p = Pattern.compile("[" + allowed + "]");
            for (String s : List.of(addPrefix, addSuffix)) {
                for (int i = 0; i < s.length(); i++) {
                    if (!p.matcher(String.valueOf(s.charAt(i))).matches()) {
                        throw new IllegalArgumentException((s == addPrefix ? "add-prefix" : "add-suffix")
                                + ": has a character outside the allowed set");
                    }
                }
            }
            if (addPrefix.length() + addSuffix.length() >= maxLength) {
                throw new IllegalArgumentException("max-length: " + maxLength
                        + " leaves no room beside add-prefix and add-suffix");
            }
            return new AccessionRules(this);
        }

        private static String nonEmpty(String v, String name) {
            Objects.requireNonNull(v, name);
            if (v.isEmpty()) {
                throw new IllegalArgumentException(name + ": empty");
            }
            return v;
        }
    }
}
