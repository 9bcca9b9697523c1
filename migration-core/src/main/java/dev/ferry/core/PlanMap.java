package dev.ferry.core;

import dev.ferry.api.ConfigurationException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A mapping of a plan file, its keys checked (no duplicates; for {@link PlanNode#map} no unknown
 * ones), in the file's order.
 */
final class PlanMap {
    private final PlanNode self;
    private final Map<String, Node> keys;
    private final Map<String, PlanNode> values;

    PlanMap(PlanNode self, Map<String, Node> keys, Map<String, PlanNode> values) {
        this.self = self;
        this.keys = Collections.unmodifiableMap(keys);
        this.values = Collections.unmodifiableMap(values);
    }

    PlanNode self() {
        return self;
    }

    /** The value of {@code key}; {@code null} when it is absent or null ({@code key: ~}). */
    PlanNode get(String key) {
        PlanNode v = values.get(key);
        return v == null || v.isNull() ? null : v;
    }

    PlanNode required(String key, String what) {
        PlanNode v = get(key);
        if (v == null) {
            String where = self.path().isEmpty() ? "" : " in " + self.path();
            Node at = keys.containsKey(key) ? keys.get(key) : self.node();
            throw self.file().error(at, key + " is required" + where + ": " + what);
        }
        return v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    Map<String, Node> keyNodes() {
        return keys;
    }

    /** The keys and values in the file's order, null values included (each {@link PlanNode#isNull()}). */
    Map<String, PlanNode> entries() {
        return values;
    }

    /**
     * Builds a model object from this mapping's settings; an {@link IllegalArgumentException} of
     * its constructor (a cross-field rule such as {@code maxDelay} below {@code initialDelay}) becomes
     * an error at the setting its message names first, else at this mapping.
     */
    <T> T construct(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw fromModel(e);
        }
    }

    ConfigurationException fromModel(IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        PlanNode at = null;
        int first = Integer.MAX_VALUE;
        for (Map.Entry<String, PlanNode> v : values.entrySet()) {
            int i = Math.min(indexOfWord(message, v.getKey()), indexOfWord(message, spaced(v.getKey())));
            if (i < first) {
                first = i;
                at = v.getValue();
            }
        }
        PlanNode where = at == null ? self : at;
        String name = where.path().isEmpty() ? "the plan" : where.path();
        return self.file().error(where.node().getStartMark(), name + ": " + message, e);
    }

    private static int indexOfWord(String message, String word) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(message);
        return m.find() ? m.start() : Integer.MAX_VALUE;
    }

    /** {@code maxDelay} as prose: {@code max delay}. */
    private static String spaced(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
