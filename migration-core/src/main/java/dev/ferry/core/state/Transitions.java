package dev.ferry.core.state;

import dev.ferry.api.ReasonCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a lease holder does with its study ({@link StudyState}'s arrows out of IN_PROGRESS), each a
 * compare-and-set: the UPDATE changes the row only if it is still leased to the owner, which only an
 * IN_PROGRESS row can be. Both databases check that condition again on the latest version of a row another
 * transaction changed meanwhile, so a worker whose lease was taken over changes nothing. A lease
 * that expired but was not taken over is still held. Thread-safe; the class holds no state of its own.
 */
final class Transitions {
    private static final Logger log = LoggerFactory.getLogger(Transitions.class);

    /** Ends a lease: appended to every SET list out of IN_PROGRESS. */
    private static final String END_LEASE = "lease_owner = NULL, lease_expires_at = NULL";

    /**
     * Held by the owner. Only an IN_PROGRESS row has an owner (ck_ferry_studies_lease); naming the state
     * too would let a planner without statistics read the queue index, every IN_PROGRESS row of it,
     * rather than the primary key.
     */
    private static final String HELD = " WHERE migration_id = ? AND study_uid = ? AND lease_owner = ?";

    private final Db db;

    Transitions(Db db) {
        this.db = db;
    }

    Set<String> renew(String migrationId, String owner, Collection<String> studyInstanceUids, Instant expiresAt) {
        List<String> uids = List.copyOf(new LinkedHashSet<>(studyInstanceUids));
        if (uids.isEmpty()) {
            return Set.of();
        }
        return db.tx("renewing " + uids.size() + " leases of " + owner + " in migration " + migrationId, c -> {
            Set<String> lost = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_studies SET lease_expires_at = ?" + HELD)) {
                for (String uid : uids) {
                    Db.bind(ps, Db.nullable(expiresAt, migrationId, uid, owner));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < uids.size(); i++) {
                    if (counts[i] == 0) {
                        lost.add(uids.get(i));
                    }
                }
            }
            if (!lost.isEmpty()) {
                log.debug("{} no longer holds {} studies of migration {}", owner, lost.size(), migrationId);
            }
            return Set.copyOf(lost);
        });
    }

    void release(String migrationId, String owner, String studyInstanceUid, Instant now) {
        int released = db.tx("release of study " + studyInstanceUid + " of migration " + migrationId + " by " + owner,
                c -> Db.update(c, "UPDATE ferry_studies SET state = 'PENDING', " + END_LEASE + ", updated_at = ?"
                        + HELD, now, migrationId, studyInstanceUid, owner));
        if (released == 0) {
            log.debug("study {} of migration {} was not held by {}: nothing to release", studyInstanceUid, migrationId,
                    owner);
        }
    }

    void complete(String migrationId, String owner, String studyInstanceUid, Instant now) {
        db.tx("completing study " + studyInstanceUid + " of migration " + migrationId, c -> {
            requireHeld(c, Db.update(c, "UPDATE ferry_studies SET state = 'DONE', " + END_LEASE
                    + ", next_attempt_at = NULL, updated_at = ?" + HELD, now, migrationId, studyInstanceUid, owner),
                    migrationId, studyInstanceUid, owner);
            // The pre-fetch requests waiting for it: how long a patient's priors took to arrive.
            Db.update(c, "UPDATE ferry_prefetch_studies SET done_at = ? WHERE migration_id = ? AND study_uid = ?"
                    + " AND done_at IS NULL", now, migrationId, studyInstanceUid);
            return Db.update(c, "UPDATE ferry_exceptions SET status = 'SUPERSEDED', closed_at = ?"
                    + " WHERE migration_id = ? AND study_uid = ? AND status = 'OPEN'", now, migrationId,
                    studyInstanceUid);
        });
    }

    void retryLater(String migrationId, String owner, String studyInstanceUid, ReasonCode reason, String detail,
                    Instant nextAttemptAt, Instant now) {
        db.tx("retry of study " + studyInstanceUid + " of migration " + migrationId, c -> {
            fail(c, migrationId, owner, studyInstanceUid, StudyState.PENDING, reason, detail, nextAttemptAt, now);
            return null;
        });
    }

    /**
     * Ends the owner's attempt in {@code state} (PENDING to retry, EXCEPTION to stop), counting it,
     * with its reason. In the caller's transaction.
     *
     * @throws LeaseLostException if the owner no longer holds the study
     */
    static void fail(Connection c, String migrationId, String owner, String studyInstanceUid, StudyState state,
                     ReasonCode reason, String detail, Instant nextAttemptAt, Instant now) throws SQLException {
        requireHeld(c, Db.update(c, "UPDATE ferry_studies SET state = ?, attempts = attempts + 1, last_reason = ?,"
                        + " last_detail = ?, next_attempt_at = ?, " + END_LEASE + ", updated_at = ?" + HELD,
                state.name(), reason.name(), detail == null ? "" : detail, nextAttemptAt, now, migrationId,
                studyInstanceUid, owner), migrationId, studyInstanceUid, owner);
    }

    /**
     * Checks that a compare-and-set UPDATE changed the study.
     *
     * @throws IllegalArgumentException if there is no such study
     * @throws LeaseLostException if there is, and the owner does not hold it
     */
    private static void requireHeld(Connection c, int updated, String migrationId, String studyInstanceUid,
                                    String owner) throws SQLException {
        if (updated > 0) {
            return;
        }
        if (Db.query(c, "SELECT 1 FROM ferry_studies WHERE migration_id = ? AND study_uid = ?", rs -> 1, migrationId,
                studyInstanceUid).isEmpty()) {
            throw new IllegalArgumentException("no study " + studyInstanceUid + " in migration " + migrationId);
        }
        throw new LeaseLostException(studyInstanceUid, owner);
    }
}
