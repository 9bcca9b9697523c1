package dev.ferry.core.state;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.StudyDescriptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StateStore#upsertDiscovered}: records what a sweep found, a chunk of studies per
 * transaction. A known study keeps its tier, lane, modality group and state, and takes from the
 * sweep what the source now says about it; a value the sweep does not know (a count of -1, no date)
 * never replaces one the store knows. Thread-safe; the class holds no state of its own.
 */
final class Inventory {
    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    /** Studies per transaction (and per IN list). */
    static final int CHUNK = 1_000;

    private static final String INSERT = "INSERT INTO ferry_studies (migration_id, study_uid, tier, lane_rank,"
            + " modality_group, state, attempts, study_date, modalities, patient_id, patient_issuer, accession_number,"
            + " instance_count, size_bytes, sample, stored_instances, stored_bytes, discovered_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?, FALSE, 0, 0, ?, ?)";

    private static final String SOURCE_COLUMNS = "study_date = ?, modalities = ?, patient_id = ?, patient_issuer = ?,"
            + " accession_number = ?, instance_count = ?, size_bytes = ?, updated_at = ?";

    private static final String REFRESH = "UPDATE ferry_studies SET " + SOURCE_COLUMNS
            + " WHERE migration_id = ? AND study_uid = ?";

    /**
     * A changed study: a DONE or SKIPPED one goes back to PENDING (every SET expression sees the row as
     * it was, on both databases, so {@code state} is tested before it changes).
     */
    private static final String CHANGE = "UPDATE ferry_studies SET " + SOURCE_COLUMNS + ","
            + " last_reason = CASE WHEN state IN ('DONE', 'SKIPPED') THEN 'STUDY_CHANGED' ELSE last_reason END,"
            + " last_detail = CASE WHEN state IN ('DONE', 'SKIPPED') THEN ? ELSE last_detail END,"
            + " attempts = CASE WHEN state IN ('DONE', 'SKIPPED') THEN 0 ELSE attempts END,"
            + " next_attempt_at = CASE WHEN state IN ('DONE', 'SKIPPED') THEN NULL ELSE next_attempt_at END,"
            + " state = CASE WHEN state IN ('DONE', 'SKIPPED') THEN 'PENDING' ELSE state END"
            + " WHERE migration_id = ? AND study_uid = ?";

    private final Db db;

    Inventory(Db db) {
        this.db = db;
    }

    UpsertResult upsert(String migrationId, Collection<DiscoveredStudy> studies, Instant now) {
        // One entry per UID, the last one found winning, so that a chunk never inserts a study twice.
        Map<String, DiscoveredStudy> unique = studies.stream().collect(Collectors.toMap(
                d -> d.study().studyInstanceUid(), Function.identity(), (a, b) -> b, LinkedHashMap::new));
        List<DiscoveredStudy> all = List.copyOf(unique.values());
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        List<String> addedUids = new ArrayList<>();
        List<String> changedUids = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<DiscoveredStudy> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            UpsertResult r = db.tx("recording " + chunk.size() + " discovered studies of migration " + migrationId,
                    c -> upsertChunk(c, db.dialect(), migrationId, chunk, Db.micros(now)));
            added += r.added();
            changed += r.changed();
            unchanged += r.unchanged();
            addedUids.addAll(r.addedUids());
            changedUids.addAll(r.changedUids());
        }
        UpsertResult total = new UpsertResult(added, changed, unchanged, addedUids, changedUids);
        if (total.changed() > 0) {
            log.debug("migration {}: {} studies changed at the source", migrationId, total.changed());
        }
        return total;
    }

    private static UpsertResult upsertChunk(Connection c, Dialect dialect, String migrationId,
                                            List<DiscoveredStudy> chunk, Instant now) throws SQLException {
        if (Db.query(c, "SELECT 1 FROM ferry_migrations WHERE migration_id = ?", rs -> 1, migrationId).isEmpty()) {
            throw new IllegalStateException("migration " + migrationId + " is not registered: call ensureMigration"
                    + " first");
        }
        Db.Condition keys = dialect.studyKeys(migrationId, chunk.stream().map(d -> d.study().studyInstanceUid())
                .toList());
        Map<String, Source> known = new LinkedHashMap<>();
        for (Map.Entry<String, Source> row : Db.query(c, "SELECT study_uid, study_date, modalities, patient_id,"
                + " patient_issuer, accession_number, instance_count, size_bytes FROM ferry_studies"
                + " WHERE " + keys.sql(),
                keys.args(),
                rs -> Map.entry(rs.getString("study_uid"), new Source(Db.date(rs, "study_date"),
                        rs.getString("modalities"), rs.getString("patient_id"), rs.getString("patient_issuer"),
                        rs.getString("accession_number"), rs.getInt("instance_count"), rs.getLong("size_bytes"))))) {
            known.put(row.getKey(), row.getValue());
        }
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT);
             PreparedStatement refresh = c.prepareStatement(REFRESH);
             PreparedStatement change = c.prepareStatement(CHANGE)) {
            for (DiscoveredStudy d : chunk) {
                String uid = d.study().studyInstanceUid();
                Source found = Source.of(d.study());
                Source was = known.get(uid);
                if (was == null) {
                    List<Object> args = Db.nullable(migrationId, uid, d.tier(), d.lane().rank(), d.modalityGroup());
                    args.addAll(found.args());
                    args.add(now);
                    args.add(now);
                    Db.bind(insert, args);
                    insert.addBatch();
                    added.add(uid);
                } else if (was.changedTo(found)) {
                    List<Object> args = was.mergedWith(found).args();
                    args.add(now);
                    args.add("the source now has " + found.instanceCount + " instances, " + found.sizeBytes
                            + " bytes (was " + was.instanceCount + ", " + was.sizeBytes + ")");
                    args.add(migrationId);
                    args.add(uid);
                    Db.bind(change, args);
                    change.addBatch();
                    changed.add(uid);
                } else if (!was.mergedWith(found).equals(was)) {
                    List<Object> args = was.mergedWith(found).args();
                    args.add(now);
                    args.add(migrationId);
                    args.add(uid);
                    Db.bind(refresh, args);
                    refresh.addBatch();
                }
            }
            insert.executeBatch();
            change.executeBatch();
            refresh.executeBatch();
        }
        return new UpsertResult(added.size(), changed.size(), chunk.size() - added.size() - changed.size(), added,
                changed);
    }

    /** What the source says about a study, as the columns hold it. */
    private record Source(LocalDate studyDate, String modalities, String patientId, String patientIssuer,
                          String accessionNumber, int instanceCount, long sizeBytes) {

        static Source of(StudyDescriptor s) {
            PatientIdentity p = s.patient();
            return new Source(s.studyDate(), StudyRow.joinModalities(s.modalities()), p == null ? null : p.id(),
                    p == null ? null : p.issuer(), s.accession().number(), s.instanceCount(), s.sizeBytes());
        }

        /** Both counts known and different, or both sizes. */
        boolean changedTo(Source now) {
            return differ(instanceCount, now.instanceCount) || differ(sizeBytes, now.sizeBytes);
        }

        private static boolean differ(long known, long found) {
            return known != StudyDescriptor.UNKNOWN && found != StudyDescriptor.UNKNOWN && known != found;
        }

        /** This, with every value {@code now} knows taken from it. */
        Source mergedWith(Source now) {
            boolean patientKnown = now.patientId != null;
            return new Source(
                    now.studyDate != null ? now.studyDate : studyDate,
                    !now.modalities.isEmpty() ? now.modalities : modalities,
                    patientKnown ? now.patientId : patientId,
                    patientKnown ? now.patientIssuer : patientIssuer,
                    !now.accessionNumber.isEmpty() ? now.accessionNumber : accessionNumber,
                    now.instanceCount != StudyDescriptor.UNKNOWN ? now.instanceCount : instanceCount,
                    now.sizeBytes != StudyDescriptor.UNKNOWN ? now.sizeBytes : sizeBytes);
        }

        /** The arguments of {@link #INSERT}'s and {@link #SOURCE_COLUMNS}' source columns, in order. */
        List<Object> args() {
            return new ArrayList<>(Db.nullable(studyDate, modalities, patientId, patientIssuer, accessionNumber,
                    instanceCount, sizeBytes));
        }

        /** Leaves out patient and accession number. */
        @Override
        public String toString() {
            return "Source[date=" + studyDate + ", modalities=" + modalities + ", instances=" + instanceCount
                    + ", bytes=" + sizeBytes + "]";
        }
    }
}
