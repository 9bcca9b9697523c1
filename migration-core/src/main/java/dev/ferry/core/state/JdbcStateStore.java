package dev.ferry.core.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.Lane;
import dev.ferry.spi.CustodyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StateStore} on a relational database: embedded H2 by default ({@link #openEmbedded}),
 * which needs nothing installed, or PostgreSQL ({@link #open}), which several Ferry processes share.
 * The schema ({@code ferry_*} tables) is created or brought up to date when the store opens.
 *
 * <p>Every method runs in one transaction of its own and commits before it returns; on H2 the commit
 * is in the database file when it returns, so a process killed at any point resumes from what it
 * committed. Times are passed in, never read from a clock, and kept in UTC to the microsecond
 * (finer parts are truncated). How studies are leased without two processes getting the same one is
 * described in {@link Leasing}. A study's {@code updatedAt} changes with its state, its lane or what
 * the source says about it; {@link #renew} and {@link #markSample} leave it.
 *
 * <p>Patient ID, issuer and accession number are stored, as this is the migration's own database,
 * but never written to a log or an exception message. Failures of the database are thrown as
 * {@link StateStoreException}. Thread-safe: the store holds a small pool of connections.
 */
public final class JdbcStateStore implements StateStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);

    /** Connections in the pool unless told otherwise. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    /** The name of the embedded database's files ({@code ferry-state.mv.db}) in its folder. */
    public static final String EMBEDDED_NAME = "ferry-state";

    /** Where the schema's versioned scripts are. */
    private static final String MIGRATIONS = "classpath:dev/ferry/core/state/db";

    /** Flyway's own table, named like the others. */
    private static final String SCHEMA_HISTORY = "ferry_schema_history";

    /** Studies per page of {@link #forEachStudy}. */
    private static final int PAGE = 500;

    /** Instance records per page of {@link #forEachInstance}. */
    private static final int INSTANCE_PAGE = 1_000;

    /** The columns {@link #readInstance} reads. */
    private static final String INSTANCE_COLUMNS = "study_uid, sop_uid, status, detail, sha256, size_bytes, stored_at,"
            + " transfer_syntax, pixel_digest, evidence";

    private final Db db;
    private final Inventory inventory;
    private final Leasing leasing;
    private final Transitions transitions;
    private final ExceptionList exceptions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStateStore(Db db) {
        this.db = db;
        this.inventory = new Inventory(db);
        this.leasing = new Leasing(db);
        this.transitions = new Transitions(db);
        this.exceptions = new ExceptionList(db);
    }

    /**
     * The embedded default: an H2 database in {@code dir} (files {@code ferry-state.*}), created if
     * absent. One process at a time can open it.
     *
     * @throws StateStoreException if the folder cannot be created or the database cannot be opened
     *     (another process has it open, say)
     */
    public static JdbcStateStore openEmbedded(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (absolute.toString().contains(";")) {
            throw new IllegalArgumentException("the state folder's path may not contain ';' (H2 reads it as a"
                    + " setting): " + absolute);
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the state folder " + absolute, e);
        }
        // H2's async: file system: a thread interrupted while H2 writes (a worker told to stop, a
        // scheduler shutting down) would otherwise close the file channel, and with it the database.
        // No trace file: H2 writes a failed statement's values into it, and they may be patient data.
        return open("jdbc:h2:async:" + absolute.resolve(EMBEDDED_NAME) + ";TRACE_LEVEL_FILE=0", "sa", "",
                DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * A store on the database at {@code jdbcUrl} ({@code jdbc:postgresql:...} or {@code jdbc:h2:...}),
     * with up to {@link #DEFAULT_MAX_CONNECTIONS} connections. The user may create tables; on H2 it
     * must be an admin, as the store sets the database's write delay to 0.
     *
     * @throws IllegalArgumentException if the URL is of another database
     * @throws StateStoreException if the database cannot be reached or its schema not migrated
     */
    public static JdbcStateStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_MAX_CONNECTIONS);
    }

    /** {@link #open(String, String, String)} with up to {@code maxConnections} connections. */
    public static JdbcStateStore open(String jdbcUrl, String user, String password, int maxConnections) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-state");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        dialect.configure(config);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StateStoreException("cannot connect to the " + dialect + " state database", e);
        }
        try {
            try (Connection c = pool.getConnection()) {
                dialect.prepare(c);
                c.commit();
            }
            Flyway.configure(JdbcStateStore.class.getClassLoader())
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .table(SCHEMA_HISTORY)
                    .placeholders(dialect.schemaPlaceholders())
                    .load()
                    .migrate();
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StateStoreException("cannot bring the " + dialect + " state database's schema up to date", e);
        }
        log.info("state store open on {} with up to {} connections", dialect, maxConnections);
        return new JdbcStateStore(new Db(pool, dialect));
    }

    @Override
    public void ensureMigration(String migrationId, Instant now) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(now, "now");
        db.tx("registering migration " + migrationId, c -> {
            if (Db.query(c, "SELECT 1 FROM ferry_migrations WHERE migration_id = ?", rs -> 1, migrationId).isEmpty()) {
                Db.update(c, "INSERT INTO ferry_migrations (migration_id, created_at) VALUES (?, ?)", migrationId, now);
            }
            return null;
        });
    }

    @Override
    public UpsertResult upsertDiscovered(String migrationId, Collection<DiscoveredStudy> studies, Instant now) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(now, "now");
        return inventory.upsert(migrationId, studies, now);
    }

    @Override
    public List<StudyLease> lease(String migrationId, LeaseRequest request) {
        Objects.requireNonNull(migrationId, "migrationId");
        return leasing.lease(migrationId, request);
    }

    @Override
    public Set<String> renew(String migrationId, String owner, Collection<String> studyInstanceUids,
                             Instant expiresAt) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        return transitions.renew(migrationId, owner, studyInstanceUids, expiresAt);
    }

    @Override
    public void release(String migrationId, String owner, String studyInstanceUid, Instant now) {
        requireStudy(migrationId, studyInstanceUid);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        transitions.release(migrationId, owner, studyInstanceUid, now);
    }

    @Override
    public Set<String> storedInstances(String migrationId, String studyInstanceUid) {
        requireStudy(migrationId, studyInstanceUid);
        return db.tx("listing stored instances of study " + studyInstanceUid + " of migration " + migrationId,
                c -> Set.copyOf(Db.query(c, "SELECT sop_uid FROM ferry_instances WHERE migration_id = ?"
                        + " AND study_uid = ?", rs -> rs.getString(1), migrationId, studyInstanceUid)));
    }

    /**
     * Reads {@value #INSTANCE_PAGE} records at a time by key, each page in a transaction of its own
     * that ends before the sink sees its records (the sink may take its time, and may call the store).
     * A page is the rest of the current study, then the next studies' records: two range reads of the
     * primary key, on H2 as on PostgreSQL, however far into the migration the page is.
     */
    @Override
    public void forEachInstance(String migrationId, Consumer<? super InstanceRecord> sink) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(sink, "sink");
        String study = "";
        String sop = "";
        while (true) {
            String afterStudy = study;
            String afterSop = sop;
            List<InstanceRecord> page = db.tx("reading the instance records of migration " + migrationId + " after "
                    + afterStudy + " " + afterSop, c -> {
                        List<InstanceRecord> rows = Db.query(c, "SELECT " + INSTANCE_COLUMNS + " FROM ferry_instances"
                                + " WHERE migration_id = ? AND study_uid = ? AND sop_uid > ?"
                                + " ORDER BY migration_id, study_uid, sop_uid FETCH FIRST ? ROWS ONLY",
                                JdbcStateStore::readInstance, migrationId, afterStudy, afterSop, INSTANCE_PAGE);
                        if (rows.size() < INSTANCE_PAGE) {
                            rows.addAll(Db.query(c, "SELECT " + INSTANCE_COLUMNS + " FROM ferry_instances"
                                    + " WHERE migration_id = ? AND study_uid > ?"
                                    + " ORDER BY migration_id, study_uid, sop_uid FETCH FIRST ? ROWS ONLY",
                                    JdbcStateStore::readInstance, migrationId, afterStudy, INSTANCE_PAGE - rows.size()));
                        }
                        return rows;
                    });
            page.forEach(sink);
            if (page.size() < INSTANCE_PAGE) {
                return;
            }
            InstanceRecord last = page.get(page.size() - 1);
            study = last.studyInstanceUid();
            sop = last.sopInstanceUid();
        }
    }

    @Override
    public List<InstanceRecord> instances(String migrationId, String studyInstanceUid) {
        requireStudy(migrationId, studyInstanceUid);
        return db.tx("reading the instance records of study " + studyInstanceUid + " of migration " + migrationId,
                c -> Db.query(c, "SELECT " + INSTANCE_COLUMNS + " FROM ferry_instances WHERE migration_id = ?"
                        + " AND study_uid = ? ORDER BY sop_uid", JdbcStateStore::readInstance, migrationId,
                        studyInstanceUid));
    }

    private static InstanceRecord readInstance(java.sql.ResultSet rs) throws SQLException {
        return new InstanceRecord(rs.getString("study_uid"), rs.getString("sop_uid"),
                dev.ferry.api.StoreResult.Status.valueOf(rs.getString("status")), rs.getString("detail"),
                rs.getString("sha256"), rs.getLong("size_bytes"), Db.instant(rs, "stored_at"),
                rs.getString("transfer_syntax"), EvidenceColumns.digest(rs.getString("pixel_digest")),
                EvidenceColumns.attributes(rs.getString("evidence")));
    }

    @Override
    public void recordInstance(String migrationId, InstanceRecord instance) {
        Objects.requireNonNull(migrationId, "migrationId");
        String study = instance.studyInstanceUid();
        String sop = instance.sopInstanceUid();
        db.tx("recording instance " + sop + " of study " + study + " of migration " + migrationId, c -> {
            List<Long> before = Db.query(c, "SELECT size_bytes FROM ferry_instances WHERE migration_id = ?"
                    + " AND study_uid = ? AND sop_uid = ? FOR UPDATE", rs -> rs.getLong(1), migrationId, study, sop);
            try {
                if (before.isEmpty()) {
                    Db.update(c, "INSERT INTO ferry_instances (status, detail, sha256, size_bytes, stored_at,"
                            + " transfer_syntax, pixel_digest, evidence, migration_id, study_uid, sop_uid)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            instance.status().name(), instance.detail(), instance.sha256(), instance.bytes(),
                            instance.storedAt(), instance.transferSyntaxUid(), EvidenceColumns.digest(instance.pixelData()),
                            EvidenceColumns.attributes(instance.attributes()), migrationId, study, sop);
                } else {
                    Db.update(c, "UPDATE ferry_instances SET status = ?, detail = ?, sha256 = ?, size_bytes = ?,"
                            + " stored_at = ?, transfer_syntax = ?, pixel_digest = ?, evidence = ?"
                            + " WHERE migration_id = ? AND study_uid = ? AND sop_uid = ?",
                            instance.status().name(), instance.detail(), instance.sha256(), instance.bytes(),
                            instance.storedAt(), instance.transferSyntaxUid(), EvidenceColumns.digest(instance.pixelData()),
                            EvidenceColumns.attributes(instance.attributes()), migrationId, study, sop);
                }
            } catch (SQLException e) {
                if (Db.isMissingParent(e)) {
                    throw new IllegalArgumentException("no study " + study + " in migration " + migrationId,
                            Db.scrubbed(e));
                }
                throw e;
            }
            // The study's sums, which counts() reads instead of scanning every instance.
            return Db.update(c, "UPDATE ferry_studies SET stored_instances = stored_instances + ?,"
                    + " stored_bytes = stored_bytes + ? WHERE migration_id = ? AND study_uid = ?",
                    before.isEmpty() ? 1 : 0, instance.bytes() - (before.isEmpty() ? 0 : before.get(0)), migrationId,
                    study);
        });
    }

    @Override
    public void complete(String migrationId, String owner, String studyInstanceUid, Instant now) {
        requireStudy(migrationId, studyInstanceUid);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        transitions.complete(migrationId, owner, studyInstanceUid, now);
    }

    @Override
    public void retryLater(String migrationId, String owner, String studyInstanceUid, ReasonCode reason, String detail,
                           Instant nextAttemptAt, Instant now) {
        requireStudy(migrationId, studyInstanceUid);
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(now, "now");
        transitions.retryLater(migrationId, owner, studyInstanceUid, reason, detail, nextAttemptAt, now);
    }

    @Override
    public long raiseException(String migrationId, String owner, String studyInstanceUid, String sopInstanceUid,
                               ReasonCode reason, String detail, boolean failStudy, Instant now) {
        Objects.requireNonNull(migrationId, "migrationId");
        return exceptions.raise(migrationId, owner, studyInstanceUid, sopInstanceUid, reason, detail, failStudy, now);
    }

    @Override
    public List<ExceptionRecord> exceptions(String migrationId, Set<ExceptionRecord.Status> statuses) {
        Objects.requireNonNull(migrationId, "migrationId");
        return exceptions.list(migrationId, statuses);
    }

    @Override
    public void act(String migrationId, long exceptionId, OperatorAction action) {
        Objects.requireNonNull(migrationId, "migrationId");
        exceptions.act(migrationId, exceptionId, action);
        // Every operator action is on the chain of custody too: who, when, what and why.
        record Item(String study, String sop, String reason) {}
        Item item = db.tx("reading exception " + exceptionId + " of " + migrationId, c -> Db.query(c,
                "SELECT study_uid, sop_uid, reason FROM ferry_exceptions WHERE migration_id = ? AND exception_id = ?",
                rs -> new Item(rs.getString(1), rs.getString(2), rs.getString(3)), migrationId, exceptionId)
                .stream().findFirst().orElse(null));
        ItemRef ref = item == null || item.study() == null ? ItemRef.NONE
                : item.sop() == null ? ItemRef.study(item.study()) : ItemRef.instance(item.study(), null, item.sop());
        Map<String, String> details = new java.util.TreeMap<>();
        details.put("action", action.kind().name());
        details.put("exception", Long.toString(exceptionId));
        details.put("reason", action.reason());
        if (item != null) {
            details.put("exceptionReason", item.reason());
        }
        try (CustodyLog log = custodyLog(migrationId)) {
            log.append(CustodyEvent.of(action.at(), CustodyEvent.Type.OPERATOR_ACTION, action.actor(), ref, details));
            if (action.kind() != OperatorAction.Kind.RETRY) {
                log.append(CustodyEvent.of(action.at(), CustodyEvent.Type.EXCEPTION_RESOLVED, action.actor(), ref,
                        Map.of("exception", Long.toString(exceptionId), "as", action.kind().name())));
            }
        }
    }

    @Override
    public List<OperatorAction> actions(String migrationId, long exceptionId) {
        Objects.requireNonNull(migrationId, "migrationId");
        return exceptions.actions(migrationId, exceptionId);
    }

    /** Two probes of the queue index, whatever the number of studies. */
    @Override
    public boolean hasUnfinished(String migrationId) {
        Objects.requireNonNull(migrationId, "migrationId");
        return db.tx("looking for unfinished studies of " + migrationId, c -> {
            for (StudyState st : List.of(StudyState.PENDING, StudyState.IN_PROGRESS)) {
                if (!Db.query(c, "SELECT 1 FROM ferry_studies WHERE migration_id = ? AND state = ?"
                        + " FETCH FIRST 1 ROWS ONLY", rs -> 1, migrationId, st.name()).isEmpty()) {
                    return true;
                }
            }
            return false;
        });
    }

    /** One pass over the migration's studies (the queue index); instance sums are kept per study. */
    @Override
    public StateCounts counts(String migrationId) {
        Objects.requireNonNull(migrationId, "migrationId");
        record Group(StudyState state, Lane lane, long studies, long instances, long bytes) {}
        return db.tx("counting migration " + migrationId, c -> {
            List<Group> groups = Db.query(c, "SELECT state, lane_rank, COUNT(*), SUM(stored_instances),"
                    + " SUM(stored_bytes) FROM ferry_studies WHERE migration_id = ? GROUP BY state, lane_rank",
                    rs -> new Group(StudyState.valueOf(rs.getString(1)), Lane.ofRank(rs.getInt(2)), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5)), migrationId);
            long open = Db.query(c, "SELECT COUNT(*) FROM ferry_exceptions WHERE migration_id = ? AND status = 'OPEN'",
                    rs -> rs.getLong(1), migrationId).get(0);
            Map<StudyState, Long> byState = new EnumMap<>(StudyState.class);
            Map<Lane, Long> pendingByLane = new EnumMap<>(Lane.class);
            for (StudyState s : StudyState.values()) {
                byState.put(s, 0L);
            }
            for (Lane l : Lane.values()) {
                pendingByLane.put(l, 0L);
            }
            long instances = 0;
            long bytes = 0;
            for (Group g : groups) {
                byState.merge(g.state(), g.studies(), Long::sum);
                if (g.state() == StudyState.PENDING) {
                    pendingByLane.merge(g.lane(), g.studies(), Long::sum);
                }
                instances += g.instances();
                bytes += g.bytes();
            }
            return new StateCounts(byState, pendingByLane, instances, bytes, open);
        });
    }

    @Override
    public Optional<StudyRecord> study(String migrationId, String studyInstanceUid) {
        requireStudy(migrationId, studyInstanceUid);
        return db.tx("reading study " + studyInstanceUid + " of migration " + migrationId, c -> Db.query(c,
                "SELECT " + StudyRow.COLUMNS + " FROM ferry_studies WHERE migration_id = ? AND study_uid = ?",
                StudyRow::readRecord, migrationId, studyInstanceUid).stream().findFirst());
    }

    /**
     * Reads {@value #PAGE} studies at a time, each page in a transaction of its own that ends before
     * the sink sees its studies: the sink may take its time, and may call the store. A study changed
     * while the stream runs is seen as it was when its page was read.
     */
    @Override
    public void forEachStudy(String migrationId, Set<StudyState> states, Consumer<? super StudyRecord> sink) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(sink, "sink");
        String filter = states.isEmpty() ? "" : " AND " + Db.in("state", states);
        String after = "";
        while (true) {
            List<Object> args = Db.nullable(migrationId, after);
            states.forEach(s -> args.add(s.name()));
            args.add(PAGE);
            // With the key's columns in ORDER BY, H2 too reads the primary key in order and stops at PAGE.
            List<StudyRecord> page = db.tx("reading the studies of migration " + migrationId + " after " + after,
                    c -> Db.query(c, "SELECT " + StudyRow.COLUMNS + " FROM ferry_studies WHERE migration_id = ?"
                            + " AND study_uid > ?" + filter
                            + " ORDER BY migration_id, study_uid FETCH FIRST ? ROWS ONLY",
                            args, StudyRow::readRecord));
            page.forEach(sink);
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).studyInstanceUid();
        }
    }

    @Override
    public int promotePatient(String migrationId, PatientIdentity patient, Lane lane, Instant now) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(now, "now");
        int moved = db.tx("promoting a patient's studies of migration " + migrationId + " to " + lane, c -> Db.update(c,
                "UPDATE ferry_studies SET lane_rank = ?, updated_at = ? WHERE migration_id = ? AND patient_id = ?"
                        + " AND patient_issuer = ? AND state = 'PENDING' AND lane_rank <> ?",
                lane.rank(), now, migrationId, patient.id(), patient.issuer(), lane.rank()));
        log.debug("migration {}: {} studies of {} moved to lane {}", migrationId, moved, patient, lane);
        return moved;
    }

    @Override
    public PrefetchRecord requestPrefetch(String migrationId, PatientIdentity patient, Lane lane, String trigger,
                                          Instant now) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(now, "now");
        PrefetchRecord r = db.tx("recording a pre-fetch request of migration " + migrationId, c -> {
            Db.update(c, "UPDATE ferry_studies SET lane_rank = ?, updated_at = ? WHERE migration_id = ?"
                    + " AND patient_id = ? AND patient_issuer = ? AND state = 'PENDING' AND lane_rank <> ?",
                    lane.rank(), now, migrationId, patient.id(), patient.issuer(), lane.rank());
            List<String[]> studies = Db.query(c, "SELECT study_uid, state FROM ferry_studies WHERE migration_id = ?"
                    + " AND patient_id = ? AND patient_issuer = ?", rs -> new String[] {rs.getString(1),
                    rs.getString(2)}, migrationId, patient.id(), patient.issuer());
            int alreadyDone = 0;
            List<String> waitFor = new ArrayList<>();
            for (String[] st : studies) {
                if (StudyState.DONE.name().equals(st[1])) {
                    alreadyDone++;
                } else {
                    waitFor.add(st[0]);
                }
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ferry_prefetch (migration_id, patient_id,"
                    + " patient_issuer, trigger_text, requested_at, already_done) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"request_id"})) {
                Db.bind(ps, List.of(migrationId, patient.id(), patient.issuer(), trigger, now, alreadyDone));
                ps.executeUpdate();
                try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ferry_prefetch_studies (request_id,"
                    + " migration_id, study_uid) VALUES (?, ?, ?)")) {
                for (String uid : waitFor) {
                    Db.bind(ps, List.of(id, migrationId, uid));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return new PrefetchRecord(id, trigger, now, alreadyDone, waitFor.size(), 0, null, 0);
        });
        log.debug("migration {}: pre-fetch request {} waits for {} studies", migrationId, r.id(), r.studies());
        return r;
    }

    @Override
    public List<PrefetchRecord> prefetches(String migrationId) {
        Objects.requireNonNull(migrationId, "migrationId");
        return db.tx("reading the pre-fetch requests of migration " + migrationId, c -> Db.query(c,
                "SELECT p.request_id, p.trigger_text, p.requested_at, p.already_done, COUNT(s.study_uid) AS studies,"
                        + " COUNT(s.done_at) AS done, MAX(s.done_at) AS last_done,"
                        + " SUM(CASE WHEN st.state = 'EXCEPTION' AND s.done_at IS NULL THEN 1 ELSE 0 END) AS blocked"
                        + " FROM ferry_prefetch p"
                        + " LEFT JOIN ferry_prefetch_studies s ON s.request_id = p.request_id"
                        + " LEFT JOIN ferry_studies st ON st.migration_id = s.migration_id AND st.study_uid = s.study_uid"
                        + " WHERE p.migration_id = ? GROUP BY p.request_id, p.trigger_text, p.requested_at,"
                        + " p.already_done ORDER BY p.requested_at, p.request_id",
                rs -> {
                    int studies = rs.getInt("studies");
                    int done = rs.getInt("done");
                    return new PrefetchRecord(rs.getLong("request_id"), rs.getString("trigger_text"),
                            Db.instant(rs, "requested_at"), rs.getInt("already_done"), studies, done,
                            done == studies && studies > 0 ? Db.instant(rs, "last_done") : null, rs.getInt("blocked"));
                }, migrationId));
    }

    @Override
    public void markSample(String migrationId, Collection<String> studyInstanceUids) {
        Objects.requireNonNull(migrationId, "migrationId");
        List<String> uids = List.copyOf(new LinkedHashSet<>(studyInstanceUids));
        if (uids.isEmpty()) {
            return;
        }
        db.tx("marking " + uids.size() + " studies of migration " + migrationId + " as the sample", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ferry_studies SET sample = TRUE"
                    + " WHERE migration_id = ? AND study_uid = ?")) {
                for (String uid : uids) {
                    Db.bind(ps, List.of(migrationId, uid));
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    @Override
    public void recordSweep(String migrationId, Sweep sweep) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(sweep.at(), "sweep.at");
        Objects.requireNonNull(sweep.kind(), "sweep.kind");
        db.tx("recording a " + sweep.kind() + " sweep of migration " + migrationId, c -> insertFor(c, migrationId,
                "INSERT INTO ferry_sweeps (migration_id, kind, finished_at, from_date, added, changed)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                migrationId, sweep.kind(), sweep.at(), sweep.from(), sweep.added(), sweep.changed()));
    }

    @Override
    public List<Sweep> sweeps(String migrationId) {
        Objects.requireNonNull(migrationId, "migrationId");
        return db.tx("listing the sweeps of migration " + migrationId, c -> Db.query(c, "SELECT finished_at, from_date,"
                + " added, changed, kind FROM ferry_sweeps WHERE migration_id = ? ORDER BY finished_at, sweep_id",
                rs -> new Sweep(Db.instant(rs, "finished_at"), Db.date(rs, "from_date"), rs.getInt("added"),
                        rs.getInt("changed"), rs.getString("kind")), migrationId));
    }

    @Override
    public void saveReport(String migrationId, String phase, Instant startedAt, Instant finishedAt, String json) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(json, "json");
        db.tx("saving the " + phase + " report of migration " + migrationId, c -> {
            if (Db.update(c, "UPDATE ferry_phase_reports SET started_at = ?, finished_at = ?, report = ?"
                    + " WHERE migration_id = ? AND phase = ?", startedAt, finishedAt, json, migrationId, phase) == 0) {
                insertFor(c, migrationId, "INSERT INTO ferry_phase_reports (started_at, finished_at, report,"
                        + " migration_id, phase) VALUES (?, ?, ?, ?, ?)", startedAt, finishedAt, json, migrationId,
                        phase);
            }
            return null;
        });
    }

    @Override
    public Optional<String> report(String migrationId, String phase) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(phase, "phase");
        return db.tx("reading the " + phase + " report of migration " + migrationId, c -> Db.query(c,
                "SELECT report FROM ferry_phase_reports WHERE migration_id = ? AND phase = ?", rs -> rs.getString(1),
                migrationId, phase).stream().findFirst());
    }

    @Override
    public List<String> migrations() {
        return db.tx("listing migrations", c -> Db.query(c, "SELECT migration_id FROM ferry_migrations"
                + " ORDER BY migration_id", rs -> rs.getString(1)));
    }

    /**
     * The chain-of-custody log of a migration, in this store's database and on its pool: one hash chain
     * per migration, shared by every process that opens the migration's log (see
     * {@link JdbcCustodyLog}). The caller closes the log; closing it leaves this store open, and closing
     * this store ends the log's appends and reads.
     *
     * @throws IllegalStateException if the migration is not registered ({@link #ensureMigration})
     * @throws StateStoreException if the database fails
     */
    @Override
    public CustodyLog custodyLog(String migrationId) {
        Objects.requireNonNull(migrationId, "migrationId");
        boolean registered = db.tx("opening the custody log of migration " + migrationId, c -> !Db.query(c,
                "SELECT 1 FROM ferry_migrations WHERE migration_id = ?", rs -> 1, migrationId).isEmpty());
        if (!registered) {
            throw new IllegalStateException("migration " + migrationId + " is not registered: call ensureMigration"
                    + " first");
        }
        return new JdbcCustodyLog(db, migrationId, JdbcCustodyLog.DEFAULT_PAGE);
    }

    /** Closes the pool; the embedded database closes with its last connection. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
            log.info("state store on {} closed", db.dialect());
        }
    }

    private static void requireStudy(String migrationId, String studyInstanceUid) {
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    }

    /** An INSERT of a row that belongs to a migration, which must be registered. */
    private static int insertFor(Connection c, String migrationId, String sql, Object... args) throws SQLException {
        try {
            return Db.update(c, sql, args);
        } catch (SQLException e) {
            if (Db.isMissingParent(e)) {
                throw new IllegalStateException("migration " + migrationId + " is not registered: call"
                        + " ensureMigration first", Db.scrubbed(e));
            }
            throw e;
        }
    }
}
