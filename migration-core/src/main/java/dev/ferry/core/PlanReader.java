package dev.ferry.core;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.DateRange;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyQuery;
import dev.ferry.spi.Archive;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.SourceArchive;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a {@link MigrationPlan} from a YAML file: the same plan {@link MigrationPlan#builder} makes,
 * with the archives opened through the caller's {@link ArchiveOpener} and the resolvers, coercers,
 * verifiers and custody log taken by name from the caller's {@link PlanComponents}.
 *
 * <pre>{@code
 * try (LoadedPlan loaded = PlanReader.read(Path.of("plan.yaml"), opener, components)) {
 *     MigrationPlan plan = loaded.plan();
 *     ...
 * }
 * }</pre>
 *
 * <h2>The file</h2>
 * Only {@code name}, {@code source} and {@code destination} are required; this example (also
 * {@code docs/plan.example.yaml}) gives every setting:
 *
 * <pre>{@code
 * name: st-elsewhere-2026              # required: the migration's id in the state store and reports
 *
 * # The archives: a URI (folder:PATH, dimse:AET@host:port, dicomweb:URL), or a mapping with uri:
 * # whose other keys are options for the archive, passed on as text. Credentials never go in a URI.
 * source:
 *   uri: dimse:LEGACY@10.1.2.3:104
 *   local: FERRY@0.0.0.0:11112         # Ferry's own AE, a C-MOVE destination the PACS knows
 *   maxAssociations: 4
 *   resultCap: 500                     # the PACS answers at most 500 C-FIND matches
 * destination:
 *   uri: dicomweb:https://vna.example.org/dicom-web
 *   maxConnections: 8
 *   readBack: true
 *
 * state: jdbc:postgresql://db.example.org/ferry   # the state store's JDBC URL; optional
 *
 * scope:                               # which studies move at all; absent: every study
 *   dates: 20100101-20251231           # a DICOM range: open ends (20100101-, -20151231) or one date
 *   modalities: [CT, MR, CR, MG]       # absent or empty: every modality
 *
 * tiers:                               # in order; a study belongs to the first tier that takes it
 *   - {name: recent, lane: recent, within: 2y}         # lanes: recent, background
 *   - {name: old, lane: background, dates: -20091231}
 *   # The last tier has bounds, so a BACKGROUND tier named "background" takes the rest.
 *
 * modalityGroups:                      # for throttling: a study is in the first group sharing a modality
 *   mammography: [MG]
 *
 * concurrency: {maxStudies: 4}         # studies at once outside every throttle window, 1 to 256
 *
 * throttle:
 *   zone: Europe/Berlin                # the hospital's time zone; absent: the system's
 *   windows:                           # days MON..SUN or MONDAY..SUNDAY; from inclusive, to exclusive
 *     - {days: [MON, TUE, WED, THU, FRI], from: "07:00", to: "19:00", maxStudies: 2, groups: {mammography: 1}}
 *     - {days: [SAT, SUN], from: "00:00", to: "00:00", maxStudies: 8}   # from = to: all day
 *
 * bandwidth: 40 MB/s   # B, kB, MB, GB, KiB, MiB, GiB, kbit, Mbit or Gbit per second; 0 or absent: no cap
 *
 * retry: {maxAttempts: 5, initialDelay: 30s, multiplier: 2, maxDelay: 30m, jitter: 0.2}
 * circuitBreaker: {window: 100, minimumAttempts: 20, failureRate: 5%, pause: 5m}   # enabled: false turns it off
 * lease: 5m                            # how long a study's lease lasts unless renewed; at least 5s
 * sample: {days: 3, seed: 42}          # the test migration: days of studies, and the seed choosing them
 *
 * identityResolvers: [merge-history, mpi]   # names registered in PlanComponents, applied in this order
 * coercers: [site-rules]
 * verifiers: [counts]
 * custodyLog: default                       # optional: absent, no custody log
 * }</pre>
 *
 * <p>Values: durations {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601
 * ({@code PT30S}); periods ({@code within}) {@code 2y}, {@code 18m} (months), {@code 6w},
 * {@code 90d} or ISO-8601 ({@code P2Y}); times {@code "HH:mm"} ({@code "24:00"} as an end);
 * fractions ({@code jitter}, {@code failureRate}) {@code 0.05} or {@code 5%}; days and lanes in any
 * case. Scalars are read as written, not through YAML 1.1's implicit types. Settings left out take
 * the {@link MigrationPlan.Builder} defaults, and within {@code retry:} and {@code circuitBreaker:}
 * those of {@link RetryPolicy#DEFAULT} and {@link CircuitBreakerPolicy#DEFAULT}.
 *
 * <h2>Errors</h2>
 * Every problem is a {@link ConfigurationException} naming the file, line, column and setting, e.g.
 * {@code plan.yaml:14:17: retry.maxAttempts must be at least 1, not 0}: YAML syntax, unknown keys
 * (with the known ones listed), duplicate keys, values of the wrong kind or form, unregistered
 * component names, and the rules of the plan model itself (a throttle window limiting a modality
 * group the plan does not define). The whole file is checked before any archive is opened; an
 * archive that cannot be opened is an error at its line ({@link IOException} when the cause is I/O).
 * Whatever the reader opened before failing, it closes.
 *
 * <h2>Safety</h2>
 * A plan file is configuration from outside the process: the reader composes YAML nodes with a
 * {@link SafeConstructor} and never constructs objects from tags (any tag but the standard scalar,
 * list and mapping ones is refused), refuses files over {@value #MAX_CODE_POINTS} characters, more
 * than {@value #MAX_ALIASES} aliases to lists or mappings (so a "billion laughs" bomb fails at once)
 * and nesting deeper than {@value #MAX_DEPTH}, and does not support merge keys ({@code <<}).
 *
 * <p>Thread-safe: every call reads on its own.
 */
public final class PlanReader {
    /** The most characters a plan file may hold. */
    public static final int MAX_CODE_POINTS = 1_000_000;
    /** The most aliases ({@code *name}) to lists or mappings in a plan file. */
    public static final int MAX_ALIASES = 20;
    /** The deepest nesting of lists and mappings. */
    public static final int MAX_DEPTH = 20;

    private static final List<String> ROOT = List.of("name", "source", "destination", "state", "scope", "tiers",
            "modalityGroups", "concurrency", "throttle", "bandwidth", "retry", "circuitBreaker", "lease", "sample",
            "identityResolvers", "coercers", "verifiers", "custodyLog");
    private static final String ARCHIVE_FORMS =
            "a URI (folder:PATH, dimse:AET@host:port, dicomweb:URL) or a mapping with uri: and options";
    private static final String CONFIGURATION_PREFIX = ReasonCode.CONFIGURATION + ": ";

    private final PlanFile file;
    private final ArchiveOpener opener;
    private final PlanComponents components;

    private PlanReader(PlanFile file, ArchiveOpener opener, PlanComponents components) {
        this.file = file;
        this.opener = Objects.requireNonNull(opener, "opener");
        this.components = Objects.requireNonNull(components, "components");
    }

    /**
     * Reads the plan in {@code file} (UTF-8), naming it in errors as given.
     *
     * @throws ConfigurationException when the plan is wrong, naming the file, line and setting
     * @throws IOException when the file cannot be read or an archive cannot be opened
     */
    public static LoadedPlan read(Path file, ArchiveOpener opener, PlanComponents components) throws IOException {
        String name = file.toString();
        long size = Files.size(file);
        if (size > 4L * MAX_CODE_POINTS) {
            throw new ConfigurationException(name + ": is " + size + " bytes; a plan file may have at most "
                    + MAX_CODE_POINTS + " characters");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(name + ": is not UTF-8 text", e);
        }
        return read(new StringReader(text), name, opener, components);
    }

    /**
     * Reads a plan from {@code reader}, naming it {@code displayName} in errors (a file name such as
     * {@code plan.yaml}). Does not close {@code reader}.
     *
     * @throws ConfigurationException when the plan is wrong, naming the display name, line and setting
     * @throws IOException when the reader fails or an archive cannot be opened
     */
    public static LoadedPlan read(Reader reader, String displayName, ArchiveOpener opener, PlanComponents components)
            throws IOException {
        PlanFile file = new PlanFile(Objects.requireNonNull(displayName, "displayName"));
        Node root = compose(Objects.requireNonNull(reader, "reader"), file);
        return new PlanReader(file, opener, components).read(root);
    }

    private static Node compose(Reader reader, PlanFile file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new LimitedReader(reader));
        } catch (MarkedYAMLException e) {
            // As SnakeYAML words it: "while parsing a flow mapping (line 4), expected ',' or '}', but got :"
            String context = e.getContext() == null ? "" : e.getContext().strip()
                    + (e.getContextMark() == null ? "" : " (line " + (e.getContextMark().getLine() + 1) + ")") + ", ";
            throw file.error(e.getProblemMark(), "not valid YAML: " + context + e.getProblem(), e);
        } catch (YAMLException e) {
            if (e.getCause() instanceof LimitedReader.TooLong) {
                throw new ConfigurationException(file.name() + ": refused: it exceeds the limit of " + MAX_CODE_POINTS
                        + " characters of a plan file", e);
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            String why = e.getMessage() != null && e.getMessage().contains("aliases")
                    ? "it has more than " + MAX_ALIASES + " aliases (*name) of lists or mappings"
                    : e.getMessage();
            throw new ConfigurationException(file.name() + ": refused: " + why, e);
        }
        if (root == null) {
            throw new ConfigurationException(file.name() + ": is empty; a plan needs at least name, source and"
                    + " destination");
        }
        file.root(root);
        return root;
    }

    private LoadedPlan read(Node rootNode) throws IOException {
        PlanMap root = new PlanNode(file, "", rootNode).map(ROOT);
        MigrationPlan.Builder plan = MigrationPlan.builder(root.required("name", "the migration's id").text());
        ArchiveSpec source = archive(root.required("source", ARCHIVE_FORMS));
        ArchiveSpec destination = archive(root.required("destination", ARCHIVE_FORMS));
        String state = state(root.get("state"));
        if (root.has("scope")) {
            plan.scope(scope(root.get("scope")));
        }
        if (root.has("tiers")) {
            tiers(root.get("tiers"), plan);
        }
        if (root.has("modalityGroups")) {
            root.get("modalityGroups").freeMap().entries().forEach((name, modalities) ->
                    plan.modalityGroup(name, modalities.isNull() ? Set.of() : modalities(modalities)));
        }
        if (root.has("concurrency")) {
            PlanNode max = root.get("concurrency").map(List.of("maxStudies")).get("maxStudies");
            if (max != null) {
                plan.maxStudies(max.integer(1));
            }
        }
        if (root.has("throttle")) {
            throttle(root.get("throttle"), plan);
        }
        if (root.has("bandwidth")) {
            plan.bandwidthBytesPerSecond(root.get("bandwidth").parse(PlanValues::bytesPerSecond));
        }
        if (root.has("retry")) {
            plan.retry(retry(root.get("retry")));
        }
        if (root.has("circuitBreaker")) {
            plan.circuitBreaker(circuitBreaker(root.get("circuitBreaker")));
        }
        if (root.has("lease")) {
            plan.leaseDuration(root.get("lease").parse(PlanValues::duration));
        }
        if (root.has("sample")) {
            PlanMap sample = root.get("sample").map(List.of("days", "seed"));
            int days = sample.has("days") ? sample.get("days").integer(1) : 3;
            long seed = sample.has("seed") ? sample.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE) : 1;
            plan.sample(days, seed);
        }
        named(root.get("identityResolvers"), "identity resolver", components.identityResolvers())
                .forEach(plan::identityResolver);
        named(root.get("coercers"), "coercer", components.coercers()).forEach(plan::coercer);
        named(root.get("verifiers"), "verifier", components.verifiers()).forEach(plan::verifier);
        PlanNode custody = root.get("custodyLog");
        if (custody != null) {
            plan.custodyLog(component(custody, "custody log", components.custodyLogs()));
        }
        return open(plan, source, destination, state);
    }

    /** Opens the archives last, when the rest of the file is known to be right; closes them on failure. */
    private LoadedPlan open(MigrationPlan.Builder plan, ArchiveSpec source, ArchiveSpec destination, String state)
            throws IOException {
        List<Archive> opened = new ArrayList<>(2);
        try {
            SourceArchive s = source.open("source", opener::openSource);
            opened.add(s);
            plan.source(s);
            DestinationArchive d = destination.open("destination", opener::openDestination);
            opened.add(d);
            plan.destination(d);
            MigrationPlan built;
            try {
                built = plan.build();
            } catch (IllegalArgumentException e) {
                throw file.fromModel(e);
            }
            return new LoadedPlan(built, state, opened);
        } catch (IOException | RuntimeException | Error e) {
            LoadedPlan.closeAll(opened, e);
            throw e;
        }
    }

    private static ArchiveSpec archive(PlanNode node) {
        if (node.node() instanceof SequenceNode) {
            throw node.error("must be " + ARCHIVE_FORMS + ", not a list");
        }
        if (!(node.node() instanceof MappingNode)) {
            return new ArchiveSpec(node, null, node.text(), Map.of());
        }
        PlanMap map = node.freeMap();
        String uri = map.required("uri", "the archive, e.g. dimse:AET@host:port").text();
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, PlanNode> e : map.entries().entrySet()) {
            String key = e.getKey();
            PlanNode option = e.getValue();
            if (!key.equals("uri")) {
                if (option.isNull()) {
                    throw option.error("must have a value");
                }
                options.put(key, option.text());
            }
        }
        return new ArchiveSpec(node, map, uri, options);
    }

    private static String state(PlanNode node) {
        if (node == null) {
            return null;
        }
        String url = node.text();
        if (!url.startsWith("jdbc:")) {
            throw node.error("must be a JDBC URL such as jdbc:postgresql://host/db");
        }
        return url;
    }

    private static StudyQuery scope(PlanNode node) {
        PlanMap scope = node.map(List.of("dates", "modalities"));
        StudyQuery.Builder query = StudyQuery.builder();
        if (scope.has("dates")) {
            query.dates(scope.get("dates").parse(PlanValues::dateRange));
        }
        if (scope.has("modalities")) {
            modalities(scope.get("modalities")).forEach(query::modality);
        }
        return query.build();
    }

    private static Set<String> modalities(PlanNode node) {
        Set<String> modalities = new LinkedHashSet<>();
        for (PlanNode m : node.list()) {
            if (!modalities.add(m.parse(PlanValues::modality))) {
                throw m.error("lists " + m.text() + " twice");
            }
        }
        return modalities;
    }

    private static void tiers(PlanNode node, MigrationPlan.Builder plan) {
        String takesAll = null;
        for (PlanNode item : node.list()) {
            PlanMap t = item.map(List.of("name", "lane", "within", "dates"));
            if (takesAll != null) {
                throw item.error("comes after tier '" + takesAll + "', which takes every study, so it would take none");
            }
            String name = t.required("name", "a short name for reports").text();
            Lane lane = t.required("lane", "recent or background").parse(PlanReader::lane);
            Period within = t.has("within") ? t.get("within").parse(PlanValues::period) : null;
            DateRange dates = t.has("dates") ? t.get("dates").parse(PlanValues::dateRange) : null;
            plan.tier(t.construct(() -> new Tier(name, lane, within, dates)));
            if (within == null && dates == null) {
                takesAll = name;
            }
        }
    }

    private static Lane lane(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "recent" -> Lane.RECENT;
            case "background" -> Lane.BACKGROUND;
            default -> throw new IllegalArgumentException("must be recent or background"
                    + (text.equalsIgnoreCase("prefetch") ? " (prefetch is for promoted patients only)" : "")
                    + ", not " + PlanValues.quote(text));
        };
    }

    private static void throttle(PlanNode node, MigrationPlan.Builder plan) {
        PlanMap throttle = node.map(List.of("zone", "windows"));
        if (throttle.has("zone")) {
            plan.zone(throttle.get("zone").parse(PlanReader::zone));
        }
        if (throttle.has("windows")) {
            for (PlanNode item : throttle.get("windows").list()) {
                plan.throttleWindow(window(item));
            }
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("must be a time zone such as Europe/Berlin or UTC, not "
                    + PlanValues.quote(text), e);
        }
    }

    private static ThrottleWindow window(PlanNode node) {
        PlanMap w = node.map(List.of("days", "from", "to", "maxStudies", "groups"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (PlanNode day : w.required("days", "a list such as [MON, TUE]").list()) {
            if (!days.add(day.parse(PlanValues::day))) {
                throw day.error("lists " + day.text() + " twice");
            }
        }
        if (w.has("from") != w.has("to")) {
            throw node.error("needs both from and to (equal for all day), or neither (all day)");
        }
        LocalTime from = w.has("from") ? w.get("from").parse(t -> PlanValues.time(t, false)) : LocalTime.MIDNIGHT;
        LocalTime to = w.has("to") ? w.get("to").parse(t -> PlanValues.time(t, true)) : LocalTime.MIDNIGHT;
        int maxStudies = w.required("maxStudies", "studies at once in the window, 0 to pause").integer(0);
        Map<String, Integer> groups = new LinkedHashMap<>();
        if (w.has("groups")) {
            for (Map.Entry<String, PlanNode> e : w.get("groups").freeMap().entries().entrySet()) {
                String group = e.getKey();
                PlanNode limit = e.getValue();
                if (limit.isNull()) {
                    throw limit.error("must be a number of studies");
                }
                groups.put(group, limit.integer(0));
            }
        }
        return w.construct(() -> new ThrottleWindow(days, from, to, maxStudies, groups));
    }

    private static RetryPolicy retry(PlanNode node) {
        PlanMap r = node.map(List.of("maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter"));
        // The numbers of RetryPolicy.DEFAULT, whose back-off cannot be asked for them.
        int maxAttempts = r.has("maxAttempts") ? r.get("maxAttempts").integer(1) : RetryPolicy.DEFAULT.maxAttempts();
        Duration initial = r.has("initialDelay") ? r.get("initialDelay").parse(PlanValues::duration)
                : Duration.ofSeconds(30);
        double multiplier = r.has("multiplier") ? r.get("multiplier").parse(t -> PlanValues.number(t, 1)) : 2;
        Duration max = r.has("maxDelay") ? r.get("maxDelay").parse(PlanValues::duration) : Duration.ofMinutes(30);
        double jitter = r.has("jitter") ? r.get("jitter").parse(t -> PlanValues.fraction(t, 1, true)) : 0.2;
        return r.construct(() -> new RetryPolicy(maxAttempts, new PlanBackoff(initial, multiplier, max, jitter)));
    }

    private static CircuitBreakerPolicy circuitBreaker(PlanNode node) {
        PlanMap c = node.map(List.of("enabled", "window", "minimumAttempts", "failureRate", "pause"));
        if (c.has("enabled") && !c.get("enabled").parse(PlanValues::bool)) {
            return CircuitBreakerPolicy.DISABLED;
        }
        CircuitBreakerPolicy d = CircuitBreakerPolicy.DEFAULT;
        int window = c.has("window") ? c.get("window").integer(1) : d.window();
        int minimum = c.has("minimumAttempts") ? c.get("minimumAttempts").integer(1) : d.minimumAttempts();
        double rate = c.has("failureRate") ? c.get("failureRate").parse(t -> PlanValues.fraction(t, 1, false))
                : d.failureRate();
        Duration pause = c.has("pause") ? c.get("pause").parse(PlanValues::duration) : d.pause();
        return c.construct(() -> new CircuitBreakerPolicy(window, minimum, rate, pause, d.counted()));
    }

    private static <T> List<T> named(PlanNode node, String kind, Map<String, T> registry) {
        List<T> found = new ArrayList<>();
        if (node == null) {
            return found;
        }
        Set<String> names = new LinkedHashSet<>();
        for (PlanNode item : node.list()) {
            if (!names.add(item.text())) {
                throw item.error("lists '" + item.text() + "' twice");
            }
            found.add(component(item, kind, registry));
        }
        return found;
    }

    private static <T> T component(PlanNode node, String kind, Map<String, T> registry) {
        String name = node.text();
        T component = registry.get(name);
        if (component == null) {
            throw node.error("'" + name + "' is not a registered " + kind + "; registered: "
                    + (registry.isEmpty() ? "none" : String.join(", ", registry.keySet())));
        }
        return component;
    }

    /**
     * Fails once more than {@link #MAX_CODE_POINTS} characters have been read: SnakeYAML's own limit
     * is checked between tokens, so one long comment or scalar at the end would escape it.
     */
    private static final class LimitedReader extends FilterReader {
        private long read;

        LimitedReader(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws TooLong {
            read += n;
            if (read > MAX_CODE_POINTS) {
                throw new TooLong();
            }
        }

        static final class TooLong extends IOException {
            TooLong() {
                super("a plan file may hold at most " + MAX_CODE_POINTS + " characters");
            }
        }
    }

    @FunctionalInterface
    private interface Open<A extends Archive> {
        A open(String uri, Map<String, String> options) throws IOException;
    }

    /** An archive as the file gives it, opened only once the whole file has been checked. */
    private record ArchiveSpec(PlanNode node, PlanMap map, String uri, Map<String, String> options) {
        <A extends Archive> A open(String role, Open<A> opener) throws IOException {
            A archive;
            try {
                archive = opener.open(uri, options);
            } catch (ConfigurationException | IllegalArgumentException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                if (message.startsWith(CONFIGURATION_PREFIX)) {
                    message = message.substring(CONFIGURATION_PREFIX.length());
                }
                IllegalArgumentException located = new IllegalArgumentException(message, e);
                if (map != null) {
                    throw map.fromModel(located);
                }
                throw node.error("could not be opened: " + message, e);
            } catch (IOException e) {
                throw new IOException(node.file().where(node.node().getStartMark()) + ": " + role
                        + " could not be opened: " + e.getMessage(), e);
            }
            if (archive == null) {
                throw node.error("could not be opened: the ArchiveOpener returned null");
            }
            return archive;
        }
    }
}
