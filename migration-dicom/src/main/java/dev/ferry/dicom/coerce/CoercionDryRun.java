package dev.ferry.dicom.coerce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.StudyQuery;
import dev.ferry.api.Tag;
import dev.ferry.api.Tags;
import dev.ferry.spi.SourceArchive;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs a {@link RuleCoercer} over a sample of a source's studies without storing anything, and
 * reports which rules fire, how often, on which modality and manufacturer, which elements they
 * change, what they could not fix and what they reject, with a few example studies per rule (by
 * Study Instance UID; never a value). Output as JSON or CSV.
 *
 * <pre>{@code
 * CoercionDryRun.Report r = CoercionDryRun.run(source, coercer, 50);
 * r.writeJson(writer);
 * }</pre>
 *
 * <p>Retrieves each sampled study's instances and coerces their headers (the archive's own copies;
 * pixel data is never read). Thread-safe: every run is its own; one run works on the calling thread.
 */
public final class CoercionDryRun {
    /** Example studies kept per rule. */
    public static final int EXAMPLES = 3;

    private CoercionDryRun() {}

    /**
     * Runs the rules over {@code sample} studies of the source ({@link StudySampler}; 0 for all).
     *
     * @throws IOException if the source fails
     */
    public static Report run(SourceArchive source, RuleCoercer coercer, int sample) throws IOException {
        Objects.requireNonNull(coercer, "coercer");
        Tally tally = new Tally(coercer);
        for (StudyDescriptor study : StudySampler.sample(source, StudyQuery.ALL, sample)) {
            tally.studies++;
            source.retrieve(RetrieveRequest.study(study.studyInstanceUid()), instance -> {
                tally.instance(instance.header(),
                        new CoercionContext(source.name(), study, instance.descriptor(), null));
            });
        }
        return tally.report();
    }

    /** What one rule did over the sample. */
    public record RuleStats(String rule, int matched, int changedInstances, Map<String, Integer> changedTags,
                            Map<String, Integer> unfixableTags, int rejected, Map<String, Integer> byModality,
                            Map<String, Integer> byManufacturer, List<String> exampleStudies) {
        public RuleStats {
            changedTags = Map.copyOf(changedTags);
            unfixableTags = Map.copyOf(unfixableTags);
            byModality = Map.copyOf(byModality);
            byManufacturer = Map.copyOf(byManufacturer);
            exampleStudies = List.copyOf(exampleStudies);
        }
    }

    /**
     * The dry run's result.
     *
     * @param coercer the rule set's name
     * @param studies studies sampled
     * @param instances instances coerced
     * @param changedInstances instances at least one rule changed
     * @param rejectedInstances instances a rule rejected
     * @param rules per rule, in the rule set's order
     */
    public record Report(String coercer, int studies, int instances, int changedInstances, int rejectedInstances,
                         List<RuleStats> rules) {
        public Report {
            rules = List.copyOf(rules);
        }

        /** The report as one JSON object. */
        public void writeJson(Writer out) throws IOException {
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("coercer", coercer);
                g.writeNumberField("studies", studies);
                g.writeNumberField("instances", instances);
                g.writeNumberField("changedInstances", changedInstances);
                g.writeNumberField("rejectedInstances", rejectedInstances);
                g.writeArrayFieldStart("rules");
                for (RuleStats r : rules) {
                    g.writeStartObject();
                    g.writeStringField("rule", r.rule());
                    g.writeNumberField("matched", r.matched());
                    g.writeNumberField("changedInstances", r.changedInstances());
                    g.writeNumberField("rejected", r.rejected());
                    counts(g, "changedTags", r.changedTags());
                    counts(g, "unfixableTags", r.unfixableTags());
                    counts(g, "byModality", r.byModality());
                    counts(g, "byManufacturer", r.byManufacturer());
                    g.writeArrayFieldStart("exampleStudies");
                    for (String s : r.exampleStudies()) {
                        g.writeString(s);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        }

        private static void counts(JsonGenerator g, String name, Map<String, Integer> counts) throws IOException {
            g.writeObjectFieldStart(name);
            for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }

        /**
         * One line per rule: {@code rule,matched,changedInstances,rejected,changedTags,unfixableTags,
         * modalities,manufacturers,exampleStudies}, lists as {@code key=count} joined by {@code ;}.
         */
        public void writeCsv(Writer out) throws IOException {
            out.write("rule,matched,changedInstances,rejected,changedTags,unfixableTags,modalities,manufacturers,"
                    + "exampleStudies\n");
            for (RuleStats r : rules) {
                out.write(String.join(",", csv(r.rule()), Integer.toString(r.matched()),
                        Integer.toString(r.changedInstances()), Integer.toString(r.rejected()),
                        csv(joined(r.changedTags())), csv(joined(r.unfixableTags())), csv(joined(r.byModality())),
                        csv(joined(r.byManufacturer())), csv(String.join(";", r.exampleStudies()))));
                out.write('\n');
            }
        }

        private static String joined(Map<String, Integer> counts) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
                sb.append(sb.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        }
    }

    /** A CSV cell, quoted when it holds a comma, quote or line break. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Counts over one run; not thread-safe. */
    private static final class Tally {
        private final RuleCoercer coercer;
        private final Map<String, Stats> byRule = new LinkedHashMap<>();
        int studies;
        int instances;
        int changed;
        int rejected;

        Tally(RuleCoercer coercer) {
            this.coercer = coercer;
            for (Rule r : coercer.rules().rules()) {
                byRule.put(r.name(), new Stats());
            }
        }

        void instance(Dataset header, CoercionContext context) {
            instances++;
            String modality = header.getString(Tag.Modality, "").strip();
            String manufacturer = header.getString(Tag.Manufacturer, "").strip();
            String study = context.study().studyInstanceUid();
            Map<Rule, Boolean> changedBy = new LinkedHashMap<>();
            CoercionOutcome outcome = coercer.coerce(header, context, new RuleListener() {
                @Override
                public void matched(Rule rule) {
                    Stats s = byRule.get(rule.name());
                    s.matched++;
                    s.byModality.merge(modality.isEmpty() ? "(none)" : modality, 1, Integer::sum);
                    s.byManufacturer.merge(manufacturer.isEmpty() ? "(none)" : manufacturer, 1, Integer::sum);
                    if (s.examples.size() < EXAMPLES && !s.examples.contains(study)) {
                        s.examples.add(study);
                    }
                }

                @Override
                public void changed(Rule rule, int tag) {
                    Stats s = byRule.get(rule.name());
                    s.changedTags.merge(Tags.describe(tag), 1, Integer::sum);
                    changedBy.put(rule, Boolean.TRUE);
                }

                @Override
                public void unfixable(Rule rule, int tag) {
                    byRule.get(rule.name()).unfixableTags.merge(Tags.describe(tag), 1, Integer::sum);
                }

                @Override
                public void rejected(Rule rule) {
                    byRule.get(rule.name()).rejected++;
                }
            });
            for (Rule r : changedBy.keySet()) {
                byRule.get(r.name()).changedInstances++;
            }
            if (outcome instanceof CoercionOutcome.Rejected) {
                rejected++;
            } else if (!((CoercionOutcome.Applied) outcome).changes().isEmpty()) {
                changed++;
            }
        }

        Report report() {
            List<RuleStats> rules = new ArrayList<>();
            for (Map.Entry<String, Stats> e : byRule.entrySet()) {
                Stats s = e.getValue();
                rules.add(new RuleStats(e.getKey(), s.matched, s.changedInstances, s.changedTags, s.unfixableTags,
                        s.rejected, s.byModality, s.byManufacturer, s.examples));
            }
            return new Report(coercer.name(), studies, instances, changed, rejected, rules);
        }
    }

    private static final class Stats {
        int matched;
        int changedInstances;
        int rejected;
        final Map<String, Integer> changedTags = new TreeMap<>();
        final Map<String, Integer> unfixableTags = new TreeMap<>();
        final Map<String, Integer> byModality = new TreeMap<>();
        final Map<String, Integer> byManufacturer = new TreeMap<>();
        final List<String> examples = new ArrayList<>();
    }
}
