package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.spi.IdentityResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * MRN format rules as an identity resolver: normalises a study's Patient ID to the destination's
 * format by the {@link MrnRule rules} of its issuer (and source), e.g. "issuer HOSP_A: strip leading
 * zeros, then pad to 8", "site B: remove the prefix {@code B-}", "issuer OLD_LAB becomes LAB".
 *
 * <p>Decisions: the most specific rule that matches the study's source and issuer applies (this source
 * and this issuer, then this source and any issuer, then any source and this issuer, then any source
 * and any issuer). With no rule, no Patient ID, or an identifier the rule leaves unchanged, it
 * abstains. An identifier matching none of the rule's accepted formats is refused
 * ({@link ReasonCode#IDENTITY_UNRESOLVED}) when the rule rejects unmatched identifiers, else left alone
 * (abstain); so is one the rule makes empty or not a valid LO (over 64 characters, a backslash, a
 * control character). An identifier a rule changes resolves to the new identity, with the study's accession,
 * {@link Demographics#UNKNOWN} demographics (the header's stay) and the rule's step names as evidence.
 *
 * <p>In an {@link IdentityPipeline} it is a normaliser: what it resolves to is what the later resolvers
 * are asked about.
 *
 * <p>Configuration from a CSV file ({@link #fromCsv(Path)}), one step a line, in order:
 * <pre>
 * source,issuer,operation,argument,replacement
 * *,HOSP_A,accept,"\d{1,8}",
 * *,HOSP_A,reject-unmatched,,
 * *,HOSP_A,strip-leading-zeros,,
 * *,HOSP_A,pad,8,0
 * site-b,,remove-prefix,B-,
 * site-b,,issuer,HOSP_B,
 * *,OLD_LAB,replace,"^L(\d+)$",LAB$1
 * *,OLD_LAB,issuer,LAB,
 * </pre>
 * {@code source}: a source name, or {@code *} or empty for every source. {@code issuer}: an issuer,
 * {@code *} for every issuer, empty for studies without one. Operations: {@code accept} (argument: a
 * regular expression the whole identifier must match), {@code reject-unmatched},
 * {@code strip-leading-zeros}, {@code pad} (argument: width; replacement: the pad character, {@code 0}
 * by default), {@code add-prefix}, {@code remove-prefix} (argument: the prefix), {@code replace}
 * (argument: a regular expression; replacement: its replacement), {@code upper-case}, {@code issuer}
 * (argument: the new issuer). The lines of one (source, issuer) pair make one rule. Fields may be quoted
 * ({@code "..."}, a doubled quote inside); blank lines and lines starting with {@code #} are ignored.
 * Errors are {@link ConfigurationException}s naming {@code file:line}.
 *
 * <p>Immutable, thread-safe and deterministic. Never logs and never puts an identifier in a message.
 */
public final class MrnFormatResolver implements IdentityResolver {
    /** The most lines a rules file may have. */
    static final int MAX_RULE_LINES = 10_000;

    private final List<MrnRule> rules;

    private MrnFormatResolver(List<MrnRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the rules from a CSV file in the format the class documentation gives. */
    public static MrnFormatResolver fromCsv(Path file) {
        Objects.requireNonNull(file, "file");
        List<CsvFile.Row> rows = CsvFile.read(file, Set.of("source", "issuer", "operation"),
                Set.of("argument", "replacement"), MAX_RULE_LINES);
        String where = file.toString();
        Map<List<String>, MrnRule.Builder> byKey = new LinkedHashMap<>();
        for (CsvFile.Row row : rows) {
            String source = row.get("source").isEmpty() ? MrnRule.ANY : row.get("source");
            String issuer = row.get("issuer");
            MrnRule.Builder b = byKey.computeIfAbsent(List.of(source, issuer),
                    k -> MrnRule.forIssuer(issuer).atSource(source));
            try {
                step(b, row, where);
            } catch (ConfigurationException e) {
                if (e.getMessage().contains(where + ":")) {
                    throw e;
                }
                throw CsvFile.error(where, row.line(), detail(e));
            }
        }
        Builder builder = builder();
        for (Map.Entry<List<String>, MrnRule.Builder> e : byKey.entrySet()) {
            try {
                builder.rule(e.getValue().build());
            } catch (ConfigurationException ex) {
                int line = firstLine(rows, e.getKey());
                throw CsvFile.error(where, line, detail(ex));
            }
        }
        return builder.build();
    }

    private static int firstLine(List<CsvFile.Row> rows, List<String> key) {
        for (CsvFile.Row r : rows) {
            String source = r.get("source").isEmpty() ? MrnRule.ANY : r.get("source");
            if (source.equals(key.get(0)) && r.get("issuer").equals(key.get(1))) {
                return r.line();
            }
        }
        return 0;
    }

    private static String detail(ConfigurationException e) {
        String m = e.getMessage();
        String prefix = ReasonCode.CONFIGURATION + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static void step(MrnRule.Builder b, CsvFile.Row row, String where) {
        String op = row.get("operation").toLowerCase(Locale.ROOT);
        String arg = row.get("argument");
        String replacement = row.fields().getOrDefault("replacement", "");
        switch (op) {
            case "accept" -> b.accept(requireArg(arg, op, row, where));
            case "reject-unmatched" -> b.rejectUnmatched();
            case "strip-leading-zeros" -> b.stripLeadingZeros();
            case "pad" -> {
                int width;
                try {
                    width = Integer.parseInt(requireArg(arg, op, row, where));
                } catch (NumberFormatException e) {
                    throw CsvFile.error(where, row.line(), "pad: the argument is not a whole number");
                }
                if (replacement.length() > 1) {
                    throw CsvFile.error(where, row.line(), "pad: the replacement must be one character");
                }
                b.padTo(width, replacement.isEmpty() ? '0' : replacement.charAt(0));
            }
            case "add-prefix" -> b.addPrefix(requireArg(arg, op, row, where));
            case "remove-prefix" -> b.removePrefix(requireArg(arg, op, row, where));
            case "replace" -> b.replace(requireArg(arg, op, row, where), replacement);
            case "upper-case" -> b.upperCase();
            case "issuer" -> b.renameIssuer(requireArg(arg, op, row, where));
            default -> throw CsvFile.error(where, row.line(), "unknown operation '" + row.get("operation")
                    + "' (accept, reject-unmatched, strip-leading-zeros, pad, add-prefix, remove-prefix, replace,"
                    + " upper-case, issuer)");
        }
    }

    private static String requireArg(String arg, String op, CsvFile.Row row, String where) {
        if (arg.isEmpty()) {
            throw CsvFile.error(where, row.line(), op + " needs an argument");
        }
        return arg;
    }

    /** The rules, most specific first as they are tried. */
    public List<MrnRule> rules() {
        return rules;
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor study = context.study();
        PatientIdentity patient = study.patient();
        if (patient == null) {
            return IdentityDecision.abstain("the study has no patient identifier");
        }
        MrnRule rule = ruleFor(context.sourceName(), patient.issuer());
        if (rule == null) {
            return IdentityDecision.abstain("no MRN format rule for the study's issuer and source");
        }
        String id = patient.id();
        if (!rule.accepts(id)) {
            String what = "the identifier matches none of the " + rule.acceptedFormats()
                    + " accepted formats of the MRN rule for " + rule.describe();
            return rule.rejectsUnmatched()
                    ? IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED, what)
                    : IdentityDecision.abstain(what);
        }
        String[] out = rule.apply(id, patient.issuer());
        if (out[0].isBlank()) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED,
                    "the MRN rule for " + rule.describe() + " leaves an empty identifier");
        }
        if (out[0].length() > 64 || !validLo(out[0]) || out[1].length() > 64 || !validLo(out[1])) {
            return IdentityDecision.refused(ReasonCode.IDENTITY_UNRESOLVED, "the MRN rule for " + rule.describe()
                    + " makes an identifier or issuer that is not a valid LO (over 64 characters, a backslash or a"
                    + " control character)");
        }
        PatientIdentity normalised = PatientIdentity.of(out[0], out[1]);
        if (normalised.equals(patient)) {
            return IdentityDecision.abstain("the identifier is already in the format of the MRN rule for "
                    + rule.describe());
        }
        return IdentityDecision.resolved(new ResolvedIdentity(normalised, Demographics.UNKNOWN, study.accession(),
                List.of("MRN format rule for " + rule.describe() + ": " + String.join(", ", rule.stepNames()))));
    }

    /** An LO value: no backslash (the value separator), no control characters. */
    private static boolean validLo(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private MrnRule ruleFor(String sourceName, String issuer) {
        for (MrnRule r : rules) {
            if (r.appliesTo(sourceName, issuer)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "MrnFormatResolver";
    }

    @Override
    public String toString() {
        return "MrnFormatResolver[" + rules.size() + " rules]";
    }

    /** Collects rules; at most one per (source, issuer) pair. Not thread-safe. */
    public static final class Builder {
        private final List<MrnRule> rules = new ArrayList<>();

        private Builder() {}

        public Builder rule(MrnRule rule) {
            Objects.requireNonNull(rule, "rule");
            for (MrnRule r : rules) {
                if (r.source().equals(rule.source()) && r.issuer().equals(rule.issuer())) {
                    throw new ConfigurationException("two MRN rules for " + rule.describe());
                }
            }
            rules.add(rule);
            return this;
        }

        public MrnFormatResolver build() {
            List<MrnRule> sorted = new ArrayList<>(rules);
            // Stable sort: among equally specific rules (which never overlap) the order added is kept.
            sorted.sort((a, b) -> Integer.compare(b.specificity(), a.specificity()));
            return new MrnFormatResolver(sorted);
        }
    }
}
