package dev.ferry.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a phase did, as figures (counts, rates, KPIs) and notes in words. Never holds patient data:
 * studies are named by UID. Immutable.
 *
 * @param migration the plan's name
 * @param phase the phase
 * @param startedAt, finishedAt when it ran
 * @param figures named values (numbers, strings, nested maps and lists), in a stable order
 * @param notes what a reader should notice, in words
 */
public record PhaseReport(String migration, Phase phase, Instant startedAt, Instant finishedAt,
                          Map<String, Object> figures, List<String> notes) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public PhaseReport {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        notes = List.copyOf(notes);
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** A figure as a number, 0 if absent. */
    public double number(String name) {
        Object v = figures.get(name);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** The report as a JSON document. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("migration", migration);
        doc.put("phase", phase.label());
        doc.put("startedAt", startedAt.toString());
        doc.put("finishedAt", finishedAt.toString());
        doc.put("figures", figures);
        doc.put("notes", notes);
        try {
            return JSON.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report holds only plain values", e);
        }
    }

    /** Figures and notes, one per line, for a terminal. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(phase.label()).append(" of ").append(migration).append(" (")
                .append(duration().toMillis() / 1000.0).append(" s)\n");
        figures.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        for (String n : notes) {
            sb.append("  * ").append(n).append('\n');
        }
        return sb.toString();
    }
}
