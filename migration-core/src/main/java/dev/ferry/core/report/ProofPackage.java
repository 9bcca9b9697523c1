package dev.ferry.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.api.ChainVerification;
import dev.ferry.core.Phase;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.InstanceRecord;
import dev.ferry.core.state.OperatorAction;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyRecord;
import dev.ferry.core.state.StudyState;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-off proof package of a migration, written from its state store alone (no archive is
 * contacted) into a folder:
 *
 * <ul>
 *   <li>{@value #HTML}: one self-contained page for the auditor (no script, nothing fetched): the
 *       verdict and what blocks it, the count reconciliation, the KPI table, the custody chain's status
 *       and head hash, the exceptions with their disposition and operator actions (the first
 *       {@value #HTML_EXCEPTIONS}), the phases run, and the SHA-256 of the other files;
 *   <li>{@value #JSON}: all of that, every exception, and each phase's saved report;
 *   <li>{@value #STUDIES}: every study with its state, lane, attempts, instances listed and stored,
 *       last reason;
 *   <li>{@value #INSTANCES}: the hash manifest, every instance record with the SHA-256 of what was read
 *       from the source, the transfer syntax it left in and the digest of its Pixel Data value (what
 *       the pixel-data verifier compares the destination's copy with), sorted by study then SOP
 *       Instance UID;
 *   <li>{@value #EXCEPTIONS}: every exception with its disposition and operator actions (who, when, why);
 *   <li>{@value #SUMS}: the SHA-256 of the five, in {@code sha256sum} format.
 * </ul>
 *
 * <p>Deterministic: the same state gives byte-identical files. Nothing reads a clock or the host; the
 * package's date is the newest time the state records; everything is in a fixed order, numbers in
 * {@link Locale#ROOT}, UTF-8 with {@code \n} line ends. Instance and study records stream from the
 * store to the files (tens of millions are fine); the exception list and the saved reports are held in
 * memory. A package written while a migration runs reads each page as it is at that moment.
 *
 * <p>No patient data: studies and instances are named by UID, and patient IDs and accession numbers
 * in the state store are not written. Each file is written under a temporary name and moved into place.
 * Stateless; {@link #write} may run on several threads for different folders.
 */
public final class ProofPackage {
    private static final Logger log = LoggerFactory.getLogger(ProofPackage.class);

    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String STUDIES = "studies.csv";
    public static final String INSTANCES = "instances.csv";
    public static final String EXCEPTIONS = "exceptions.csv";
    public static final String SUMS = "SHA256SUMS";

    /** Exceptions listed on the page; the CSV and the JSON document hold them all. */
    public static final int HTML_EXCEPTIONS = 1_000;

    private static final ObjectMapper READER = new ObjectMapper();

    /**
     * What was written.
     *
     * @param folder where
     * @param files SHA-256 of each file by name, in the order written ({@value #SUMS} last)
     * @param chain the custody chain's verification
     * @param ready whether nothing blocks the sign-off
     * @param blockers what does, in words
     * @param generatedAt the package's date: the newest time in the state, {@code null} if it records none
     */
    public record Result(Path folder, Map<String, String> files, ChainVerification chain, boolean ready,
                         List<String> blockers, Instant generatedAt) {
        public Result {
            Objects.requireNonNull(folder, "folder");
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
            Objects.requireNonNull(chain, "chain");
            blockers = List.copyOf(blockers);
        }
    }

    private ProofPackage() {}

    /**
     * Writes the package of {@code migrationId} into {@code folder}, created if absent; files of an
     * earlier package there are replaced. A broken custody chain does not stop it: the package says so
     * at the top of the page and in {@link Result#chain()}.
     *
     * @throws IllegalArgumentException if the store has no such migration
     * @throws IOException if a file cannot be written
     * @throws dev.ferry.core.state.StateStoreException if the store fails
     */
    public static Result write(StateStore store, String migrationId, Path folder) throws IOException {
        return write(store, migrationId, folder, HTML_EXCEPTIONS);
    }

    static Result write(StateStore store, String migrationId, Path folder, int htmlExceptions) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(folder, "folder");
        if (!store.migrations().contains(migrationId)) {
            throw new IllegalArgumentException("no migration " + migrationId + " in the state store");
        }
        Files.createDirectories(folder);
        Facts f = new Facts(migrationId);
        Path tallies = Files.createTempFile(folder, ".ferry-tallies-", ".tmp");
        try {
            f.files.put(INSTANCES, instances(store, f, folder, tallies));
            f.files.put(STUDIES, studies(store, f, folder, tallies));
        } finally {
            Files.deleteIfExists(tallies);
        }
        f.files.put(EXCEPTIONS, exceptions(store, f, folder));
        phasesAndSweeps(store, f);
        try (CustodyLog custody = store.custodyLog(migrationId)) {
            f.chain = custody.verifyChain();
            custody.head().ifPresent(r -> f.seen(r.event().time()));
        }
        List<Kpi> kpis = Kpis.of(f);
        try (PackageFile json = PackageFile.create(folder, JSON)) {
            JsonDocument.write(f, kpis, json.writer());
            f.files.put(JSON, json.commit());
        }
        String page = HtmlPage.render(f, kpis, htmlExceptions);
        Map<String, String> all = new LinkedHashMap<>(f.files);
        try (PackageFile html = PackageFile.create(folder, HTML)) {
            html.writer().write(page);
            all.put(HTML, html.commit());
        }
        try (PackageFile sums = PackageFile.create(folder, SUMS)) {
            for (Map.Entry<String, String> e : new TreeMap<>(all).entrySet()) {
                sums.writer().write(e.getValue() + "  " + e.getKey() + "\n");
            }
            all.put(SUMS, sums.commit());
        }
        List<String> blockers = f.blockers();
        if (!f.chain.intact()) {
            log.error("migration {}: the custody chain is broken; the proof package in {} says so", migrationId,
                    folder);
        }
        log.info("migration {}: proof package written to {} ({} studies, {} instance records, {} exceptions)",
                migrationId, folder, f.studies, f.instancesRecorded, f.exceptions.size());
        return new Result(folder, all, f.chain, blockers.isEmpty(), blockers, f.newest);
    }

    /** instances.csv, and the per-study tallies for the studies' pass. */
    private static String instances(StateStore store, Facts f, Path folder, Path tallies) throws IOException {
        try (PackageFile file = PackageFile.create(folder, INSTANCES);
                StudyTallies.Writer tally = new StudyTallies.Writer(tallies)) {
            Csv csv = new Csv(file.writer());
            csv.row("study_instance_uid", "sop_instance_uid", "status", "bytes", "sha256", "recorded_at",
                    "transfer_syntax", "pixel_data_digest");
            try {
                store.forEachInstance(f.migration, (InstanceRecord i) -> {
                    try {
                        csv.row(i.studyInstanceUid(), i.sopInstanceUid(), i.status().name(), i.bytes(), i.sha256(),
                                i.storedAt(), i.transferSyntaxUid(), i.pixelData() == null ? null : i.pixelData().toString());
                        tally.add(i.studyInstanceUid(), i.bytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    f.instancesRecorded++;
                    f.bytesRecorded += i.bytes();
                    f.instancesByStatus.merge(i.status().name(), 1L, Long::sum);
                    if (i.sha256() == null || i.sha256().isEmpty()) {
                        f.instancesWithoutHash++;
                    }
                    if (i.pixelData() != null) {
                        f.instancesWithPixelDigest++;
                    }
                    f.seen(i.storedAt());
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            tally.close();
            return file.commit();
        }
    }

    /** studies.csv, joining each study with its tally (both streams are in UID order). */
    private static String studies(StateStore store, Facts f, Path folder, Path tallies) throws IOException {
        try (PackageFile file = PackageFile.create(folder, STUDIES);
                StudyTallies.Reader tally = new StudyTallies.Reader(tallies)) {
            Csv csv = new Csv(file.writer());
            csv.row("study_instance_uid", "state", "lane", "attempts", "instances_listed_by_source",
                    "instances_stored", "bytes_stored", "last_reason");
            try {
                store.forEachStudy(f.migration, Set.of(), (StudyRecord s) -> {
                    try {
                        String uid = s.studyInstanceUid();
                        while (tally.peek() != null && tally.peek().studyInstanceUid().compareTo(uid) < 0) {
                            f.unmatchedRecords += tally.next().instances();
                        }
                        StudyTallies.Tally t = tally.peek() != null && tally.peek().studyInstanceUid().equals(uid)
                                ? tally.next() : new StudyTallies.Tally(uid, 0, 0);
                        csv.row(uid, s.state().name(), s.lane().name(), s.attempts(),
                                s.instanceCount() < 0 ? null : s.instanceCount(), t.instances(), t.bytes(),
                                s.lastReason() == null ? null : s.lastReason().name());
                        study(f, s, t);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                while (tally.peek() != null) {
                    f.unmatchedRecords += tally.next().instances();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return file.commit();
        }
    }

    private static void study(Facts f, StudyRecord s, StudyTallies.Tally t) {
        f.studies++;
        f.studiesByState.merge(s.state(), 1L, Long::sum);
        if (s.instanceCount() < 0) {
            f.studiesWithUnknownCount++;
        } else {
            f.instancesAtSource += s.instanceCount();
            if (s.state() == StudyState.DONE && t.instances() < s.instanceCount()) {
                f.doneStudiesShort++;
            }
        }
        f.seen(s.updatedAt());
    }

    /** exceptions.csv: one row per exception, its operator actions in the last four columns. */
    private static String exceptions(StateStore store, Facts f, Path folder) throws IOException {
        List<ExceptionRecord> all = new ArrayList<>(store.exceptions(f.migration, Set.of()));
        all.sort(Comparator.comparing(ExceptionRecord::raisedAt).thenComparingLong(ExceptionRecord::id));
        f.exceptions = List.copyOf(all);
        try (PackageFile file = PackageFile.create(folder, EXCEPTIONS)) {
            Csv csv = new Csv(file.writer());
            csv.row("exception_id", "study_instance_uid", "sop_instance_uid", "reason", "status", "raised_at",
                    "detail", "action", "action_by", "action_at", "action_reason");
            for (ExceptionRecord e : f.exceptions) {
                f.seen(e.raisedAt());
                List<OperatorAction> actions = store.actions(f.migration, e.id());
                if (!actions.isEmpty()) {
                    f.actions.put(e.id(), List.copyOf(actions));
                }
                actions.forEach(a -> f.seen(a.at()));
                // An exception has at most one action (acting closes it); should it have more, each
                // column lists them all, in order, separated by " | ".
                csv.row(e.id(), e.studyInstanceUid(), e.sopInstanceUid(), e.reason().name(), e.status().name(),
                        e.raisedAt(), e.detail(), join(actions, a -> a.kind().name()), join(actions, OperatorAction::actor),
                        join(actions, a -> a.at().toString()), join(actions, OperatorAction::reason));
            }
            return file.commit();
        }
    }

    private static String join(List<OperatorAction> actions, java.util.function.Function<OperatorAction, String> field) {
        return actions.isEmpty() ? null : String.join(" | ", actions.stream().map(field).toList());
    }

    private static void phasesAndSweeps(StateStore store, Facts f) {
        for (Phase p : Phase.values()) {
            store.report(f.migration, p.label()).ifPresent(json -> {
                JsonNode tree;
                try {
                    tree = READER.readTree(json);
                } catch (IOException e) {
                    // Kept, and said: a report that does not parse is evidence too.
                    tree = JsonNodeFactory.instance.objectNode().put("unreadable", true).put("text", json);
                }
                f.phases.put(p.label(), tree);
                String finished = tree.path("finishedAt").asText("");
                if (!finished.isEmpty()) {
                    try {
                        f.seen(Instant.parse(finished));
                    } catch (java.time.format.DateTimeParseException ignored) {
                        // Not a time: the report's own problem, shown as it is; it does not date the package.
                    }
                }
            });
        }
        f.sweeps = store.sweeps(f.migration);
        f.sweeps.forEach(s -> f.seen(s.at()));
        f.prefetches = store.prefetches(f.migration);
        f.prefetches.forEach(p -> f.seen(p.requestedAt()));
    }
}
