package dev.ferry.core.state;

import dev.ferry.api.ReasonCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception list: raising an exception, listing them, and an operator's actions on them.
 *
 * <p>Locks are taken in one order everywhere, the study's row before its exceptions' rows (as
 * {@link Transitions#complete} does), so that two operators acting on two exceptions of one study
 * wait for each other instead of deadlocking. Thread-safe; the class holds no state of its own.
 */
final class ExceptionList {
    private static final Logger log = LoggerFactory.getLogger(ExceptionList.class);

    private static final String COLUMNS = "exception_id, study_uid, sop_uid, reason, detail, raised_at, status";

    private final Db db;

    ExceptionList(Db db) {
        this.db = db;
    }

    long raise(String migrationId, String owner, String studyInstanceUid, String sopInstanceUid, ReasonCode reason,
               String detail, boolean failStudy, Instant now) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        if (failStudy && (studyInstanceUid == null || owner == null)) {
            throw new IllegalArgumentException("failStudy needs a study and its lease owner (migration " + migrationId
                    + ")");
        }
        String about = studyInstanceUid == null ? "migration " + migrationId
                : "study " + studyInstanceUid + " of migration " + migrationId;
        long id = db.tx("raising a " + reason + " exception on " + about, c -> {
            if (failStudy) {
                Transitions.fail(c, migrationId, owner, studyInstanceUid, StudyState.EXCEPTION, reason, detail, null,
                        now);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ferry_exceptions (migration_id, study_uid,"
                    + " sop_uid, reason, detail, raised_at, status) VALUES (?, ?, ?, ?, ?, ?, 'OPEN')",
                    new String[] {"exception_id"})) {
                Db.bind(ps, Db.nullable(migrationId, studyInstanceUid, sopInstanceUid, reason.name(),
                        detail == null ? "" : detail, now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            } catch (SQLException e) {
                if (Db.isMissingParent(e)) {
                    throw new IllegalArgumentException("no " + about, Db.scrubbed(e));
                }
                throw e;
            }
        });
        log.debug("exception {} raised on {}: {}", id, about, reason);
        return id;
    }

    List<ExceptionRecord> list(String migrationId, Set<ExceptionRecord.Status> statuses) {
        List<Object> args = Db.nullable(migrationId);
        statuses.forEach(s -> args.add(s.name()));
        String filter = statuses.isEmpty() ? "" : " AND " + Db.in("status", statuses);
        return db.tx("listing exceptions of migration " + migrationId, c -> Db.query(c, "SELECT " + COLUMNS
                + " FROM ferry_exceptions WHERE migration_id = ?" + filter + " ORDER BY raised_at, exception_id", args,
                ExceptionList::read));
    }

    void act(String migrationId, long exceptionId, OperatorAction action) {
        Objects.requireNonNull(action, "action");
        String what = action.kind() + " on exception " + exceptionId + " of migration " + migrationId;
        db.tx(what, c -> {
            ExceptionRecord target = find(c, migrationId, exceptionId, false);
            String study = target.studyInstanceUid();
            if (study != null) {
                Db.query(c, "SELECT 1 FROM ferry_studies WHERE migration_id = ? AND study_uid = ? FOR UPDATE", rs -> 1,
                        migrationId, study);
            }
            ExceptionRecord.Status status = find(c, migrationId, exceptionId, true).status();
            if (status != ExceptionRecord.Status.OPEN) {
                throw new IllegalStateException("exception " + exceptionId + " of migration " + migrationId + " is "
                        + status + ", not OPEN");
            }
            List<Long> closing = study == null ? List.of(exceptionId) : Db.query(c, "SELECT exception_id"
                    + " FROM ferry_exceptions WHERE migration_id = ? AND study_uid = ? AND status = 'OPEN'"
                    + " ORDER BY exception_id FOR UPDATE", rs -> rs.getLong(1), migrationId, study);
            close(c, closing, action);
            if (study != null) {
                Db.update(c, "UPDATE ferry_studies SET " + studyAfter(action.kind()) + ", lease_owner = NULL,"
                        + " lease_expires_at = NULL, next_attempt_at = NULL, updated_at = ?"
                        + " WHERE migration_id = ? AND study_uid = ?", action.at(), migrationId, study);
            }
            log.debug("{}: {} exceptions closed", what, closing.size());
            return null;
        });
    }

    /** The action taken on every exception it closes, so that each says who closed it and why. */
    private static void close(Connection c, List<Long> exceptionIds, OperatorAction action) throws SQLException {
        List<Object> args = Db.nullable(statusAfter(action.kind()).name(), action.at());
        args.addAll(exceptionIds);
        try (PreparedStatement ps = Db.prepare(c, "UPDATE ferry_exceptions SET status = ?, closed_at = ? WHERE "
                + Db.in("exception_id", exceptionIds), args)) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ferry_operator_actions (exception_id, kind, actor,"
                + " reason, acted_at) VALUES (?, ?, ?, ?, ?)")) {
            for (long id : exceptionIds) {
                Db.bind(ps, Db.nullable(id, action.kind().name(), action.actor(), action.reason(), action.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static ExceptionRecord.Status statusAfter(OperatorAction.Kind kind) {
        return switch (kind) {
            case RETRY -> ExceptionRecord.Status.RETRIED;
            case SKIP -> ExceptionRecord.Status.SKIPPED;
            case RESOLVE -> ExceptionRecord.Status.RESOLVED;
        };
    }

    /** The study's SET clause: RETRY starts over, SKIP gives up, RESOLVE counts it as done by override. */
    private static String studyAfter(OperatorAction.Kind kind) {
        return switch (kind) {
            case RETRY -> "state = 'PENDING', attempts = 0";
            case SKIP -> "state = 'SKIPPED'";
            case RESOLVE -> "state = 'DONE'";
        };
    }

    List<OperatorAction> actions(String migrationId, long exceptionId) {
        return db.tx("listing actions on exception " + exceptionId + " of migration " + migrationId, c -> Db.query(c,
                "SELECT a.kind, a.actor, a.reason, a.acted_at FROM ferry_operator_actions a"
                        + " JOIN ferry_exceptions e ON e.exception_id = a.exception_id"
                        + " WHERE e.migration_id = ? AND a.exception_id = ? ORDER BY a.acted_at, a.action_id",
                rs -> new OperatorAction(OperatorAction.Kind.valueOf(rs.getString("kind")), rs.getString("actor"),
                        rs.getString("reason"), Db.instant(rs, "acted_at")),
                migrationId, exceptionId));
    }

    private static ExceptionRecord find(Connection c, String migrationId, long exceptionId, boolean lock)
            throws SQLException {
        List<ExceptionRecord> found = Db.query(c, "SELECT " + COLUMNS + " FROM ferry_exceptions WHERE migration_id = ?"
                + " AND exception_id = ?" + (lock ? " FOR UPDATE" : ""), ExceptionList::read, migrationId, exceptionId);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no exception " + exceptionId + " in migration " + migrationId);
        }
        return found.get(0);
    }

    private static ExceptionRecord read(ResultSet rs) throws SQLException {
        return new ExceptionRecord(rs.getLong("exception_id"), rs.getString("study_uid"), rs.getString("sop_uid"),
                ReasonCode.valueOf(rs.getString("reason")), rs.getString("detail"), Db.instant(rs, "raised_at"),
                ExceptionRecord.Status.valueOf(rs.getString("status")));
    }
}
