package dev.ferry.dicom.coerce;

import dev.ferry.api.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A node of a rules file as the field it is ({@code rules[2].do[0].set.tag}), read as text, a list
 * or a mapping, every error naming the file, line, column and field (as migration-core's plan
 * reader does). Scalars are read as written, never through YAML 1.1's implicit types. Composed with
 * a {@link SafeConstructor}, with limits on size, aliases and depth. Not thread-safe.
 */
final class YamlNode {
    static final int MAX_CODE_POINTS = 1_000_000;
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    final String file;
    final String path;
    final Node node;

    YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static YamlNode compose(Reader reader, String file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(30);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            throw new ConfigurationException(where(file, e.getProblemMark()) + ": not valid YAML: "
                    + (e.getContext() == null ? "" : e.getContext().strip() + ", ") + e.getProblem(), e);
        } catch (YAMLException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new ConfigurationException(file + ": refused: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new ConfigurationException(file + ": is empty; a rules file needs rules:");
        }
        return new YamlNode(file, "", root);
    }

    private static String where(String file, Mark at) {
        return at == null ? file : file + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
    }

    ConfigurationException error(String message) {
        return error(message, null);
    }

    ConfigurationException error(String message, Throwable cause) {
        return new ConfigurationException(where(file, node.getStartMark()) + ": "
                + (path.isEmpty() ? "the file" : path) + " " + message, cause);
    }

    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    /** The text of a single value, stripped, not empty. */
    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not " + kind());
        }
        if (!SCALAR_TAGS.contains(node.getTag())) {
            throw error("has a tag a rules file does not use");
        }
        String text = scalar.getValue().strip();
        if (text.isEmpty() || isNull()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** The text of a single value as written (leading and trailing spaces kept); empty allowed. */
    String rawText() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not " + kind());
        }
        return isNull() ? "" : scalar.getValue();
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

    List<YamlNode> list() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("must be a list, not " + kind());
        }
        List<YamlNode> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
            items.add(new YamlNode(file, path + "[" + items.size() + "]", item));
        }
        return items;
    }

    /** One value or a list of them, as texts. */
    List<String> texts() {
        if (isList()) {
            List<String> out = new ArrayList<>();
            for (YamlNode n : list()) {
                out.add(n.text());
            }
            if (out.isEmpty()) {
                throw error("must not be an empty list");
            }
            return out;
        }
        return List.of(text());
    }

    /** A mapping with only the keys {@code known}; any other key is an error naming the known ones. */
    Map<String, YamlNode> map(Collection<String> known) {
        Map<String, YamlNode> map = freeMap();
        for (Map.Entry<String, YamlNode> e : map.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw e.getValue().keyError("unknown field '" + e.getKey() + "'" + (path.isEmpty() ? "" : " in " + path)
                        + "; known fields: " + String.join(", ", known));
            }
        }
        return map;
    }

    private Node keyNode;

    private ConfigurationException keyError(String message) {
        Mark at = keyNode != null ? keyNode.getStartMark() : node.getStartMark();
        return new ConfigurationException(where(file, at) + ": " + message);
    }

    /** A mapping in the file's order; keys checked to be names, each once. */
    Map<String, YamlNode> freeMap() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping (field: value), not " + kind());
        }
        Map<String, YamlNode> values = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL) || ks.getValue().isBlank()
                    || k.getTag().equals(Tag.MERGE)) {
                throw new ConfigurationException(where(file, k.getStartMark()) + ": " + (path.isEmpty() ? "a" : path
                        + " has a") + " key that is not a name");
            }
            String key = ks.getValue().strip();
            YamlNode v = new YamlNode(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
            v.keyNode = k;
            if (values.put(key, v) != null) {
                throw v.keyError("'" + key + "' is given twice" + (path.isEmpty() ? "" : " in " + path));
            }
        }
        return values;
    }

    /** A required field of a mapping. */
    static YamlNode required(YamlNode owner, Map<String, YamlNode> map, String key, String what) {
        YamlNode v = map.get(key);
        if (v == null || v.isNull()) {
            throw owner.error("needs " + key + ": " + what);
        }
        return v;
    }

    /** An optional field; {@code null} when absent or null. */
    static YamlNode optional(Map<String, YamlNode> map, String key) {
        YamlNode v = map.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String kind() {
        return node instanceof SequenceNode ? "a list" : node instanceof MappingNode ? "a mapping" : "a single value";
    }
}
