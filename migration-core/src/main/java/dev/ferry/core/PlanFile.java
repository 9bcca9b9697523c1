package dev.ferry.core;

import dev.ferry.api.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One plan file being read: its display name, the settings read from it so far, and the errors
 * that name a line of it. Not thread-safe; one per {@link PlanReader#read} call.
 */
final class PlanFile {
    /** Which part of the plan a message of {@link MigrationPlan.Builder#build()} is about. */
    private static final String[][] MODEL_SUBJECTS = {
        {"throttle window", "throttle.windows"},
        {"modality group", "modalityGroups"},
        {"tier", "tiers"},
        {"plan name", "name"},
        {"maxStudies", "concurrency.maxStudies"},
        {"leaseDuration", "lease"},
        {"sample days", "sample.days"},
    };
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private final String name;
    private final List<PlanNode> settings = new ArrayList<>();
    private Node root;

    PlanFile(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void root(Node root) {
        this.root = root;
    }

    void record(PlanNode setting) {
        settings.add(setting);
    }

    /** {@code plan.yaml:14:17: message}, with SnakeYAML's 0-based line and column made 1-based. */
    ConfigurationException error(Mark at, String message, Throwable cause) {
        return new ConfigurationException(where(at) + ": " + message, cause);
    }

    ConfigurationException error(Node at, String message) {
        return error(at == null ? null : at.getStartMark(), message, null);
    }

    String where(Mark at) {
        return at == null ? name : name + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
    }

    /**
     * An {@link IllegalArgumentException} of {@link MigrationPlan.Builder#build()} as an error at the
     * setting it is about: the part of the plan the message names ("throttle window", "tier"…), and
     * within it the entry the message quotes ('mammography'), else the part itself, else the file.
     */
    ConfigurationException fromModel(IllegalArgumentException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        PlanNode at = null;
        for (String[] subject : MODEL_SUBJECTS) {
            if (message.contains(subject[0])) {
                at = locate(subject[1], message);
                if (at != null) {
                    break;
                }
            }
        }
        if (at == null) {
            return error(root == null ? null : root.getStartMark(), message, e);
        }
        return error(at.node().getStartMark(), at.path() + ": " + message, e);
    }

    private PlanNode locate(String prefix, String message) {
        List<PlanNode> within = new ArrayList<>();
        for (PlanNode s : settings) {
            if (s.path().equals(prefix) || s.path().startsWith(prefix + ".") || s.path().startsWith(prefix + "[")) {
                within.add(s);
            }
        }
        if (within.isEmpty()) {
            return null;
        }
        Matcher quoted = QUOTED.matcher(message);
        if (quoted.find()) {
            String name = quoted.group(1);
            PlanNode byKey = null;
            PlanNode byName = null;
            for (PlanNode s : within) {
                if (s.path().endsWith("." + name)) {
                    byKey = s;
                }
                if (s.path().endsWith(".name") && s.node() instanceof ScalarNode n && n.getValue().strip().equals(name)) {
                    byName = s; // the last one: "used twice" is about the second
                }
            }
            if (byKey != null) {
                return byKey;
            }
            if (byName != null) {
                return byName;
            }
        }
        return within.get(0);
    }
}
