package dev.ferry.core.state;

import dev.ferry.api.ReasonCode;
import dev.ferry.core.Lane;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StateStore#lease}: finds the ready studies in lease order, locks them so that no other
 * transaction can lease them too, and marks them IN_PROGRESS, in one transaction.
 *
 * <p>Finding them reads only what it returns, or little more, so that a lease costs about the same
 * with a thousand studies or a million: the expired leases of the requested lanes, a range of the
 * leases index ({@code migration_id, lease_expires_at}); then the due PENDING studies of each
 * lane, highest first, from the queue index ({@code migration_id, state, lane_rank, study_date DESC,
 * study_uid}) in its order, stopping at the limit; the two are merged in
 * {@link StudyRow#LEASE_ORDER}.
 *
 * <p>Locking depends on the database ({@link Dialect#locksWhileSelecting()}):
 * <ul>
 *   <li>PostgreSQL: those queries end with {@code FOR UPDATE SKIP LOCKED}. PostgreSQL locks the rows
 *       it returns as it returns them, up to the limit, skips rows another transaction holds, and checks
 *       the condition again on a row changed since the statement began, so what it returns is ours.
 *   <li>H2 locks every row meeting the condition before it sorts and limits, which would lock the
 *       whole queue. So the queries run without locks, and the chosen candidates are then locked by
 *       key with {@code FOR UPDATE SKIP LOCKED} and the readiness condition repeated; H2 checks the
 *       condition again on the locked, latest version of a row. Candidates another transaction took
 *       in between are dropped, and the search is repeated past them, a few rounds at most.
 * </ul>
 * Thread-safe; the class holds no state of its own.
 */
final class Leasing {
    private static final Logger log = LoggerFactory.getLogger(Leasing.class);

    /** How many times H2 searches again past candidates other transactions took meanwhile. */
    private static final int CLAIM_ROUNDS = 8;

    private static final String READY = "((state = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= ?))"
            + " OR (state = 'IN_PROGRESS' AND lease_expires_at <= ?))";

    /** Index order with the equality columns first: H2 then reads the queue index in order and stops early. */
    private static final String QUEUE_ORDER =
            " ORDER BY migration_id, state, lane_rank, study_date DESC NULLS LAST, study_uid FETCH FIRST ? ROWS ONLY";

    /** The lease order of the few expired leases, which are read by the leases index and then sorted. */
    private static final String EXPIRED_ORDER =
            " ORDER BY lane_rank, study_date DESC NULLS LAST, study_uid FETCH FIRST ? ROWS ONLY";

    private static final String TAKE = "UPDATE ferry_studies SET state = 'IN_PROGRESS', lease_owner = ?,"
            + " lease_expires_at = ?, attempts = ?, next_attempt_at = NULL, last_reason = ?, last_detail = ?,"
            + " updated_at = ? WHERE migration_id = ? AND study_uid = ?";

    private final Db db;

    Leasing(Db db) {
        this.db = db;
    }

    List<StudyLease> lease(String migrationId, LeaseRequest request) {
        if (request.lanes().isEmpty()) {
            return List.of();
        }
        return db.tx("lease of up to " + request.max() + " studies of migration " + migrationId + " for "
                + request.owner(), c -> {
            Query q = new Query(migrationId, request);
            List<StudyRow> chosen = db.dialect().locksWhileSelecting()
                    ? candidates(c, q, request.max(), true)
                    : claimInRounds(c, q, db.dialect());
            List<StudyLease> leases = take(c, q, chosen);
            if (!leases.isEmpty()) {
                log.debug("leased {} studies of migration {} to {}", leases.size(), migrationId, request.owner());
            }
            return leases;
        });
    }

    /**
     * The first {@code limit} ready studies in lease order. With {@code lock}, every row returned is
     * locked, and so, until the transaction ends, are the few fetched but not chosen: expired leases
     * that rank after the limit, and as many PENDING rows of their lanes.
     */
    private static List<StudyRow> candidates(Connection c, Query q, int limit, boolean lock) throws SQLException {
        String forUpdate = lock ? " FOR UPDATE SKIP LOCKED" : "";
        List<StudyRow> found = new ArrayList<>();
        List<Object> expiredArgs = Db.nullable(q.migrationId, Instant.EPOCH, q.now);
        expiredArgs.addAll(q.laneArgs());
        expiredArgs.addAll(q.filterArgs);
        expiredArgs.add(limit);
        // Only IN_PROGRESS rows have a lease time (ck_ferry_studies_lease), see the leases index. The
        // lower bound lets H2, which sorts NULL first, start the range after the other states' rows.
        found.addAll(Db.query(c, "SELECT " + StudyRow.COLUMNS + " FROM ferry_studies WHERE migration_id = ?"
                + " AND lease_expires_at BETWEEN ? AND ?" + q.laneFilter() + q.filter + EXPIRED_ORDER + forUpdate,
                expiredArgs, StudyRow::read));
        for (Lane lane : q.lanes) {
            // What was found in higher lanes comes first; only the rest of the limit can come from here.
            long ahead = found.stream().filter(r -> r.record().lane().rank() < lane.rank()).count();
            if (ahead >= limit) {
                break;
            }
            List<Object> args = Db.nullable(q.migrationId, lane.rank(), q.now);
            args.addAll(q.filterArgs);
            args.add((int) (limit - ahead));
            found.addAll(Db.query(c, "SELECT " + StudyRow.COLUMNS + " FROM ferry_studies WHERE migration_id = ?"
                    + " AND state = 'PENDING' AND lane_rank = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                    + q.filter + QUEUE_ORDER + forUpdate, args, StudyRow::read));
        }
        found.sort(StudyRow.LEASE_ORDER);
        return found.subList(0, Math.min(limit, found.size()));
    }

    /** H2: candidates without locks, then lock them by key, skipping what others hold. */
    private static List<StudyRow> claimInRounds(Connection c, Query q, Dialect dialect) throws SQLException {
        Set<String> tried = new HashSet<>();
        List<StudyRow> claimed = new ArrayList<>();
        for (int round = 0; round < CLAIM_ROUNDS && claimed.size() < q.max; round++) {
            int need = q.max - claimed.size();
            List<StudyRow> fresh = candidates(c, q, need + tried.size(), false).stream()
                    .filter(r -> !tried.contains(r.uid()))
                    .limit(need)
                    .toList();
            if (fresh.isEmpty()) {
                break;
            }
            List<String> uids = fresh.stream().map(StudyRow::uid).toList();
            tried.addAll(uids);
            Db.Condition keys = dialect.studyKeys(q.migrationId, uids);
            List<Object> args = new ArrayList<>(keys.args());
            args.add(q.now);
            args.add(q.now);
            args.addAll(q.laneArgs());
            args.addAll(q.filterArgs);
            claimed.addAll(Db.query(c, "SELECT " + StudyRow.COLUMNS + " FROM ferry_studies WHERE " + keys.sql()
                    + " AND " + READY + q.laneFilter() + q.filter + " FOR UPDATE SKIP LOCKED", args, StudyRow::read));
        }
        claimed.sort(StudyRow.LEASE_ORDER);
        return claimed;
    }

    /** Marks the locked rows IN_PROGRESS for the owner; an expired lease counts as a failed attempt. */
    private static List<StudyLease> take(Connection c, Query q, List<StudyRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, StudyLease> leases = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(TAKE)) {
            for (StudyRow row : rows) {
                StudyRecord was = row.record();
                boolean expired = was.state() == StudyState.IN_PROGRESS;
                ReasonCode reason = expired ? ReasonCode.TIMEOUT : was.lastReason();
                String detail = expired
                        ? "the lease of " + row.leaseOwner() + " expired at " + row.leaseExpiresAt()
                        : was.lastDetail();
                StudyRecord now = new StudyRecord(was.studyInstanceUid(), was.tier(), was.lane(), was.modalityGroup(),
                        StudyState.IN_PROGRESS, was.attempts() + (expired ? 1 : 0), null, was.studyDate(),
                        was.modalities(), was.patient(), was.accessionNumber(), was.instanceCount(), was.sizeBytes(),
                        was.sample(), reason, detail, q.now);
                boolean resumed = expired || was.attempts() > 0 || row.storedInstances() > 0;
                if (leases.putIfAbsent(now.studyInstanceUid(), new StudyLease(now, q.owner, q.expiresAt, resumed))
                        != null) {
                    continue;
                }
                Db.bind(ps, Db.nullable(q.owner, q.expiresAt, now.attempts(), reason == null ? null : reason.name(),
                        detail, q.now, q.migrationId, now.studyInstanceUid()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return List.copyOf(leases.values());
    }

    /**
     * A lease request as SQL: the lanes, highest first; the filter on modality group and sample, with
     * its arguments; the times at the store's precision.
     */
    private static final class Query {
        final String migrationId;
        final String owner;
        final int max;
        final Instant now;
        final Instant expiresAt;
        final List<Lane> lanes;
        final String filter;
        final List<Object> filterArgs = new ArrayList<>();

        Query(String migrationId, LeaseRequest r) {
            this.migrationId = migrationId;
            this.owner = r.owner();
            this.max = r.max();
            this.now = Db.micros(r.now());
            this.expiresAt = Db.micros(r.now().plus(r.leaseFor()));
            this.lanes = r.lanes().stream().sorted(Comparator.comparingInt(Lane::rank)).toList();
            StringBuilder sql = new StringBuilder();
            if (!r.excludedModalityGroups().isEmpty()) {
                sql.append(" AND NOT ").append(Db.in("modality_group", r.excludedModalityGroups()));
                filterArgs.addAll(r.excludedModalityGroups());
            }
            if (r.sampleOnly()) {
                sql.append(" AND sample = TRUE");
            }
            this.filter = sql.toString();
        }

        String laneFilter() {
            return " AND " + Db.in("lane_rank", lanes);
        }

        List<Object> laneArgs() {
            return lanes.stream().<Object>map(Lane::rank).toList();
        }
    }
}
