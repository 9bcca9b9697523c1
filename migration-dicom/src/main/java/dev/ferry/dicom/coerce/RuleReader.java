package dev.ferry.dicom.coerce;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.VR;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a {@link RuleSet} from YAML: the same model the records make in Java.
 *
 * <pre>{@code
 * name: site-rules                  # optional: the coercer's name (default: the file's name)
 * rules:                            # run in this order
 *   - name: institution-upper       # unique
 *     when: {modality: [CT, MR], manufacturer: "GE.*"}   # several fields: all must hold
 *     do:
 *       - trim: InstitutionName
 *       - upperCase: InstitutionName
 *   - name: station-rename
 *     when: {any: [{station: "CT0?1"}, {sourceAeTitle: LEGACY}]}
 *     do:
 *       - replace: {tag: StationName, pattern: "^CT0?", with: "CT-"}
 *       - map: {tag: InstitutionName, table: institutions.csv}   # CSV lines from,to; next to this file
 *   - name: dose-to-standard
 *     when: {privateCreator: ORION_RAD_PRIVATE, absent: CTDIvol}
 *     do:
 *       - copy: {from: "(0019,xx10)@ORION_RAD_PRIVATE", to: CTDIvol, sourceVr: DS}
 *   - name: legacy-dates
 *     when: {studyDate: 19900101-20051231, not: {modality: SR}}
 *     reason: CORRECT               # optional: COERCE or CORRECT (default per action)
 *     do:
 *       - fixDates: {order: DMY}    # or: - fixDates  (every DA, TM, DT; slashed dates day first)
 *       - convertToUtf8
 *       - set: {tag: "(0009,xx01)@SITE", vr: LO, value: "migrated"}
 *       - move: {from: OtherPatientIDs, to: "(0009,xx02)@SITE", vr: LO}
 *       - remove: "(0029,xx10)@SIEMENS MEDCOM HEADER"
 *   - name: no-anonymous
 *     when: {matches: {tag: PatientID, pattern: "(?i)anonymous|unknown"}}
 *     do: [{reject: "placeholder Patient ID"}]
 * }</pre>
 *
 * <p>Conditions: {@code modality}, {@code sourceAeTitle} (a value or a list); {@code manufacturer},
 * {@code model}, {@code station} (a regular expression, whole value, any case);
 * {@code privateCreator} (a name, or {@code {creator, group}}); {@code present}, {@code absent} (an
 * element); {@code matches} ({@code {tag, pattern}}); {@code studyDate} (a DICOM range:
 * {@code 20100101-20151231}, {@code 20100101-}, {@code -20151231}, or one date); {@code all},
 * {@code any} (lists of conditions) and {@code not} (a condition). Elements are written as
 * {@link TagRef#parse(String)} reads them.
 *
 * <p>Errors: every problem is a {@link ConfigurationException} naming the file, line, column and
 * field, e.g. {@code rules.yaml:7:14: rules[0].do[1].set.tag not a DICOM tag or keyword: 'Foo'}; a
 * CSV table's errors name the table's file and line. Thread-safe: every call reads on its own.
 */
public final class RuleReader {
    /** The most entries a mapping table may hold. */
    public static final int MAX_TABLE_ENTRIES = 1_000_000;
    private static final long MAX_TABLE_BYTES = 64L << 20;
    private static final List<String> ROOT = List.of("name", "rules");
    private static final List<String> RULE = List.of("name", "when", "do", "reason");
    private static final List<String> CONDITIONS = List.of("modality", "manufacturer", "model", "station",
            "sourceAeTitle", "privateCreator", "present", "absent", "matches", "studyDate", "all", "any", "not");
    private static final List<String> ACTIONS = List.of("set", "copy", "move", "remove", "replace", "map", "trim",
            "upperCase", "fixDates", "convertToUtf8", "reject");
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final Path baseDir;

    private RuleReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /**
     * Reads the rules in {@code file} (UTF-8); tables are read relative to its folder.
     *
     * @throws ConfigurationException naming the file, line and field when the rules are wrong
     * @throws IOException when the file cannot be read
     */
    public static RuleSet read(Path file) throws IOException {
        String name = file.toString();
        if (Files.size(file) > 4L * YamlNode.MAX_CODE_POINTS) {
            throw new ConfigurationException(name + ": is too large for a rules file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(name + ": is not UTF-8 text", e);
        }
        Path dir = file.toAbsolutePath().getParent();
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return read(new StringReader(text), name, dir, base);
    }

    /**
     * Reads rules from {@code reader}, naming it {@code displayName} in errors; tables are read
     * relative to {@code baseDir}. Does not close the reader.
     */
    public static RuleSet read(Reader reader, String displayName, Path baseDir) throws IOException {
        return read(reader, displayName, baseDir, displayName.replaceFirst("\\.ya?ml$", ""));
    }

    private static RuleSet read(Reader reader, String displayName, Path baseDir, String defaultName)
            throws IOException {
        YamlNode root = YamlNode.compose(Objects.requireNonNull(reader, "reader"),
                Objects.requireNonNull(displayName, "displayName"));
        return new RuleReader(baseDir).ruleSet(root, defaultName);
    }

    private RuleSet ruleSet(YamlNode root, String defaultName) throws IOException {
        Map<String, YamlNode> map = root.map(ROOT);
        YamlNode nameNode = YamlNode.optional(map, "name");
        String name = nameNode == null ? defaultName : nameNode.text();
        YamlNode rulesNode = YamlNode.required(root, map, "rules", "the list of rules");
        List<Rule> rules = new ArrayList<>();
        Map<String, YamlNode> names = new LinkedHashMap<>();
        for (YamlNode r : rulesNode.list()) {
            Rule rule = rule(r);
            YamlNode first = names.putIfAbsent(rule.name(), r);
            if (first != null) {
                throw r.error("uses the name '" + rule.name() + "' of the rule on line " + first.line());
            }
            rules.add(rule);
        }
        if (rules.isEmpty()) {
            throw rulesNode.error("holds no rules");
        }
        return new RuleSet(name, rules);
    }

    private Rule rule(YamlNode node) throws IOException {
        Map<String, YamlNode> map = node.map(RULE);
        YamlNode nameNode = YamlNode.required(node, map, "name", "the rule's name in reports");
        String name = nameNode.text();
        YamlNode when = YamlNode.optional(map, "when");
        Condition condition = when == null ? Condition.ALWAYS : condition(when);
        YamlNode reasonNode = YamlNode.optional(map, "reason");
        Rule.Reason reason = reasonNode == null ? null : reasonNode.parse(t -> {
            try {
                return Rule.Reason.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be COERCE or CORRECT, not '" + t + "'");
            }
        });
        YamlNode doNode = YamlNode.required(node, map, "do", "the list of actions");
        List<Action> actions = new ArrayList<>();
        for (YamlNode a : doNode.list()) {
            actions.add(action(a));
        }
        if (actions.isEmpty()) {
            throw doNode.error("holds no actions");
        }
        try {
            return new Rule(name, condition, actions, reason);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Conditions.

    private Condition condition(YamlNode node) {
        Map<String, YamlNode> map = node.map(CONDITIONS);
        if (map.isEmpty()) {
            throw node.error("names no condition; known conditions: " + String.join(", ", CONDITIONS));
        }
        List<Condition> all = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : map.entrySet()) {
            YamlNode v = e.getValue();
            if (v.isNull()) {
                throw v.error("must have a value");
            }
            all.add(build(v, () -> oneCondition(e.getKey(), v)));
        }
        return all.size() == 1 ? all.get(0) : new Condition.All(all);
    }

    private Condition oneCondition(String key, YamlNode v) {
        return switch (key) {
            case "modality" -> new Condition.Modality(new LinkedHashSet<>(v.texts()));
            case "manufacturer" -> new Condition.Manufacturer(v.text());
            case "model" -> new Condition.Model(v.text());
            case "station" -> new Condition.StationName(v.text());
            case "sourceAeTitle" -> new Condition.SourceAeTitle(new LinkedHashSet<>(v.texts()));
            case "privateCreator" -> privateCreator(v);
            case "present" -> new Condition.Present(tag(v));
            case "absent" -> new Condition.Not(new Condition.Present(tag(v)));
            case "matches" -> {
                Map<String, YamlNode> m = v.map(List.of("tag", "pattern"));
                yield new Condition.Matches(tag(YamlNode.required(v, m, "tag", "the element")),
                        YamlNode.required(v, m, "pattern", "a regular expression").rawText());
            }
            case "studyDate" -> v.parse(RuleReader::dateRange);
            case "all" -> new Condition.All(conditions(v));
            case "any" -> new Condition.Any(conditions(v));
            case "not" -> new Condition.Not(condition(v));
            default -> throw v.error("is not a condition");
        };
    }

    private List<Condition> conditions(YamlNode v) {
        List<Condition> out = new ArrayList<>();
        for (YamlNode n : v.list()) {
            out.add(condition(n));
        }
        return out;
    }

    private Condition privateCreator(YamlNode v) {
        if (v.isScalar()) {
            return new Condition.HasPrivateCreator(v.text(), 0);
        }
        Map<String, YamlNode> m = v.map(List.of("creator", "group"));
        String creator = YamlNode.required(v, m, "creator", "the Private Creator").text();
        YamlNode g = YamlNode.optional(m, "group");
        int group = g == null ? 0 : g.parse(t -> Integer.parseInt(t.replaceFirst("^0[xX]", ""), 16));
        return new Condition.HasPrivateCreator(creator, group);
    }

    /** A DICOM date range: {@code A-B}, {@code A-}, {@code -B} or one date {@code A}. */
    static Condition.StudyDateBetween dateRange(String text) {
        String t = text.strip();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                LocalDate d = LocalDate.parse(t, DA);
                return new Condition.StudyDateBetween(d, d);
            }
            String a = t.substring(0, dash).strip();
            String b = t.substring(dash + 1).strip();
            return new Condition.StudyDateBetween(a.isEmpty() ? null : LocalDate.parse(a, DA),
                    b.isEmpty() ? null : LocalDate.parse(b, DA));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a DICOM date range such as 20100101-20151231, not '" + t + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Actions.

    private Action action(YamlNode node) throws IOException {
        if (node.isScalar()) {
            String name = node.text();
            return switch (name) {
                case "convertToUtf8" -> new Action.ConvertToUtf8();
                case "fixDates" -> new Action.FixDates(List.of(), null);
                default -> throw node.error("'" + name + "' is not an action without arguments (convertToUtf8,"
                        + " fixDates); known actions: " + String.join(", ", ACTIONS));
            };
        }
        Map<String, YamlNode> map = node.map(ACTIONS);
        if (map.size() != 1) {
            throw node.error("must name exactly one action, not " + map.size() + "; known actions: "
                    + String.join(", ", ACTIONS));
        }
        Map.Entry<String, YamlNode> e = map.entrySet().iterator().next();
        YamlNode v = e.getValue();
        if (e.getKey().equals("map")) {
            return mapValues(v);
        }
        return build(v, () -> oneAction(e.getKey(), v));
    }

    private Action oneAction(String key, YamlNode v) {
        switch (key) {
            case "set" -> {
                Map<String, YamlNode> m = v.map(List.of("tag", "value", "vr"));
                return new Action.Set(tag(YamlNode.required(v, m, "tag", "the element")), vr(m),
                        YamlNode.required(v, m, "value", "the new value").rawText());
            }
            case "copy", "move" -> {
                Map<String, YamlNode> m = v.map(List.of("from", "to", "vr", "sourceVr"));
                TagRef from = tag(YamlNode.required(v, m, "from", "the source element"));
                TagRef to = tag(YamlNode.required(v, m, "to", "the target element"));
                YamlNode sv = YamlNode.optional(m, "sourceVr");
                VR sourceVr = sv == null ? null : sv.parse(RuleReader::parseVr);
                return key.equals("copy") ? new Action.Copy(from, to, vr(m), sourceVr)
                        : new Action.Move(from, to, vr(m), sourceVr);
            }
            case "remove" -> {
                return new Action.Remove(tag(v));
            }
            case "replace" -> {
                Map<String, YamlNode> m = v.map(List.of("tag", "pattern", "with"));
                YamlNode with = m.get("with");
                return new Action.Replace(tag(YamlNode.required(v, m, "tag", "the element")),
                        YamlNode.required(v, m, "pattern", "a regular expression").rawText(),
                        with == null ? "" : with.rawText());
            }
            case "trim" -> {
                return new Action.Trim(tag(v));
            }
            case "upperCase" -> {
                return new Action.UpperCase(tag(v));
            }
            case "fixDates" -> {
                if (v.isNull()) {
                    return new Action.FixDates(List.of(), null);
                }
                Map<String, YamlNode> m = v.map(List.of("tags", "order"));
                List<TagRef> tags = new ArrayList<>();
                YamlNode t = YamlNode.optional(m, "tags");
                if (t != null) {
                    for (YamlNode n : t.isList() ? t.list() : List.of(t)) {
                        tags.add(tag(n));
                    }
                }
                YamlNode o = YamlNode.optional(m, "order");
                Action.DateOrder order = o == null ? null : o.parse(s -> {
                    try {
                        return Action.DateOrder.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("must be DMY or MDY, not '" + s + "'");
                    }
                });
                return new Action.FixDates(tags, order);
            }
            case "convertToUtf8" -> {
                return new Action.ConvertToUtf8();
            }
            case "reject" -> {
                return new Action.Reject(v.text());
            }
            default -> throw v.error("is not an action");
        }
    }

    private Action mapValues(YamlNode v) throws IOException {
        Map<String, YamlNode> m = v.map(List.of("tag", "table"));
        TagRef tag = tag(YamlNode.required(v, m, "tag", "the element"));
        YamlNode tableNode = YamlNode.required(v, m, "table", "a CSV file of from,to lines");
        String name = tableNode.text();
        Path file = baseDir == null ? Path.of(name) : baseDir.resolve(name);
        Map<String, String> table;
        try {
            table = readTable(file, name);
        } catch (NoSuchFileException e) {
            throw tableNode.error("names a table that does not exist: " + file, e);
        }
        return build(v, () -> new Action.MapValues(tag, table, name));
    }

    /**
     * A table of {@code from,to} lines (UTF-8; a first line {@code from,to} is a header; values may be
     * quoted with {@code "}, a quote inside doubled; blank lines and lines starting with {@code #} skipped).
     *
     * @throws ConfigurationException naming the table and line when a line is wrong or a value repeats
     */
    static Map<String, String> readTable(Path file, String name) throws IOException {
        if (Files.size(file) > MAX_TABLE_BYTES) {
            throw new ConfigurationException(name + ": a mapping table may have at most " + MAX_TABLE_BYTES + " bytes");
        }
        Map<String, String> table = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#") || (number == 1 && line.strip().equals("from,to"))) {
                    continue;
                }
                List<String> cells = csv(line, name, number);
                if (cells.size() != 2) {
                    throw new ConfigurationException(name + ":" + number + ": must hold two values, from and to, not "
                            + cells.size());
                }
                if (table.put(cells.get(0), cells.get(1)) != null) {
                    throw new ConfigurationException(name + ":" + number + ": maps a value that an earlier line maps"
                            + " already");
                }
                if (table.size() > MAX_TABLE_ENTRIES) {
                    throw new ConfigurationException(name + ": holds more than " + MAX_TABLE_ENTRIES + " entries");
                }
            }
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(name + ": is not UTF-8 text", e);
        }
        return table;
    }

    private static List<String> csv(String line, String name, int number) {
        List<String> cells = new ArrayList<>(2);
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                cell.setLength(0);
                wasQuoted = false;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new ConfigurationException(name + ":" + number + ": a quoted value is not closed");
        }
        cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
        return cells;
    }

    // ---------------------------------------------------------------------------------------------
    // Values.

    private static TagRef tag(YamlNode v) {
        return v.parse(TagRef::parse);
    }

    private static VR vr(Map<String, YamlNode> m) {
        YamlNode v = YamlNode.optional(m, "vr");
        return v == null ? null : v.parse(RuleReader::parseVr);
    }

    static VR parseVr(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        VR vr = t.length() == 2 ? VR.of(t.charAt(0), t.charAt(1)) : null;
        if (vr == null) {
            throw new IllegalArgumentException("is not a VR: '" + text + "'");
        }
        return vr;
    }

    /** Runs a model constructor; its {@link IllegalArgumentException} becomes an error at {@code at}. */
    private static <T> T build(YamlNode at, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage(), e);
        }
    }
}
