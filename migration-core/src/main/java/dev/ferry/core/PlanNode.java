package dev.ferry.core;

import dev.ferry.api.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a plan file as the setting it is ({@code throttle.windows[0].from}): read as text, a
 * list or a mapping, each checked, every error naming the file, line, column and setting.
 *
 * <p>Scalars are read from the text as written, never through YAML's implicit types: {@code 07:00}
 * is a time here, not YAML 1.1's sexagesimal 420, and {@code NO} is not {@code false}.
 */
final class PlanNode {
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private final PlanFile file;
    private final String path;
    private final Node node;

    PlanNode(PlanFile file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        file.record(this);
    }

    /** The setting's name, e.g. {@code retry.maxAttempts}; empty for the whole file. */
    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    PlanFile file() {
        return file;
    }

    /** An error at this node: {@code plan.yaml:14:17: retry.maxAttempts <message>}. */
    ConfigurationException error(String message) {
        return file.error(node, (path.isEmpty() ? "the plan" : path) + " " + message);
    }

    ConfigurationException error(String message, Throwable cause) {
        return file.error(node.getStartMark(), (path.isEmpty() ? "the plan" : path) + " " + message, cause);
    }

    /** Whether the value is YAML's null ({@code ~}, {@code null} or nothing): an absent setting. */
    boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** The text of a single value, stripped, not empty. */
    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not " + kind(node));
        }
        checkTag(SCALAR_TAGS);
        String text = scalar.getValue().strip();
        if (text.isEmpty() || isNull()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** The text parsed by {@code parser}, whose {@link IllegalArgumentException} becomes an error here. */
    <T> T parse(Function<String, T> parser) {
        String text = text();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), e);
        }
    }

    int integer(int min) {
        return (int) integer(min, Integer.MAX_VALUE);
    }

    long integer(long min, long max) {
        return parse(t -> PlanValues.integer(t, min, max));
    }

    List<PlanNode> list() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("must be a list, not " + kind(node));
        }
        checkTag(Set.of(Tag.SEQ));
        List<PlanNode> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
            items.add(new PlanNode(file, path + "[" + items.size() + "]", item));
        }
        return items;
    }

    /** A mapping of the known settings {@code known}; any other key is an error naming the known ones. */
    PlanMap map(Collection<String> known) {
        PlanMap map = freeMap();
        for (Map.Entry<String, Node> key : map.keyNodes().entrySet()) {
            if (!known.contains(key.getKey())) {
                throw file.error(key.getValue(), "unknown setting '" + key.getKey() + "'"
                        + (path.isEmpty() ? "" : " in " + path) + "; known settings: " + String.join(", ", known));
            }
        }
        return map;
    }

    /** A mapping whose keys are names the file chooses (archive options, modality groups). */
    PlanMap freeMap() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping (key: value), not " + kind(node));
        }
        checkTag(Set.of(Tag.MAP));
        Map<String, Node> keys = new LinkedHashMap<>();
        Map<String, PlanNode> values = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                throw file.error(k, "merge keys (<<) are not supported in a plan; repeat the settings instead");
            }
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL) || ks.getValue().isBlank()) {
                throw file.error(k, (path.isEmpty() ? "a" : path + " has a") + " key that is not a name: "
                        + (k instanceof ScalarNode ? "an empty one" : kind(k)));
            }
            String key = ks.getValue().strip();
            Node first = keys.putIfAbsent(key, k);
            if (first != null) {
                throw file.error(k, "'" + key + "' is given twice" + (path.isEmpty() ? "" : " in " + path)
                        + " (first on line " + (first.getStartMark().getLine() + 1) + ")");
            }
            values.put(key, new PlanNode(file, path.isEmpty() ? key : path + "." + key, t.getValueNode()));
        }
        return new PlanMap(this, keys, values);
    }

    private void checkTag(Set<Tag> allowed) {
        if (!allowed.contains(node.getTag())) {
            String tag = node.getTag().getValue();
            if (tag.startsWith(Tag.PREFIX)) {
                tag = "!!" + tag.substring(Tag.PREFIX.length());
            }
            throw error("has the tag " + tag + ", which a plan does not use");
        }
    }

    private static String kind(Node n) {
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        return "a single value";
    }
}
