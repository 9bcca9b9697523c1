package dev.ferry.core.state;

import dev.ferry.api.ChainVerification;
import dev.ferry.api.CustodyChain;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyQuery;
import dev.ferry.api.CustodyRecord;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PermanentMigrationException;
import dev.ferry.api.ReasonCode;
import dev.ferry.spi.CustodyLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CustodyLog} of one migration in the state database ({@code ferry_custody}, see
 * {@code V2__custody.sql}), on the {@link JdbcStateStore}'s pool: get one with
 * {@link JdbcStateStore#custodyLog(String)}. The chain is {@link CustodyChain}'s, so any other
 * implementation can check what this one wrote.
 *
 * <p>An append locks the migration's row in {@code ferry_migrations}, reads the last record, inserts
 * the next one linked to it and commits, all in one transaction: appends are totally ordered even
 * when several Ferry processes share the migration on PostgreSQL, and the record is committed (on H2,
 * in the database file) before {@link #append} returns. A failure is a
 * {@link PermanentMigrationException} with {@link ReasonCode#CUSTODY_FAILURE} naming the migration and
 * the item by UID, never patient data. So are failures to read.
 *
 * <p>{@link #read} and {@link #verifyChain()} read the log in pages of a few hundred records, each in
 * a transaction of its own that ends before the records are handed on, so neither holds the whole log
 * in memory nor a connection while the sink works. Records appended meanwhile are seen if their page
 * has not been read yet. A row edited below this class so that it no longer decodes (an unknown
 * event type, say) is reported by {@link #verifyChain()} as modified, and fails a {@link #read}.
 *
 * <p>Thread-safe. {@link #close()} stops appends and leaves the store's pool open; reads still work
 * while the store is open.
 */
public final class JdbcCustodyLog implements CustodyLog {
    private static final Logger log = LoggerFactory.getLogger(JdbcCustodyLog.class);

    /** Records per page of {@link #read} and {@link #verifyChain()}. */
    static final int DEFAULT_PAGE = 256;

    /**
     * The last record first. Both key columns descending: with {@code migration_id ASC, seq DESC} H2
     * reads every record of the migration and sorts them, where this reads the key backwards, one row.
     */
    private static final String LAST_FIRST = "ORDER BY migration_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY";

    /** Stands in for a row that does not decode, so that {@link CustodyChain#verify} reports it. */
    private static final CustodyEvent UNREADABLE = CustodyEvent.of(Instant.EPOCH, CustodyEvent.Type.OPERATOR_ACTION,
            "unreadable", ItemRef.NONE, Map.of());

    private final Db db;
    private final String migrationId;
    private final int pageSize;
    private final String lockClause;
    private final AtomicBoolean closed = new AtomicBoolean();

    JdbcCustodyLog(Db db, String migrationId, int pageSize) {
        this.db = Objects.requireNonNull(db, "db");
        this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
        }
        this.pageSize = pageSize;
        // PostgreSQL: NO KEY UPDATE serializes appends as UPDATE does but, unlike it, lets the inserts
        // that check a foreign key to the migration (exceptions, sweeps, reports) through meanwhile.
        this.lockClause = db.dialect() == Dialect.POSTGRESQL ? "FOR NO KEY UPDATE" : "FOR UPDATE";
    }

    /** The migration whose chain this is. */
    public String migrationId() {
        return migrationId;
    }

    @Override
    public CustodyRecord append(CustodyEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            throw failure(event.item(), "cannot record a " + event.type() + " event: the custody log of migration "
                    + migrationId + " is closed", null);
        }
        CustodyRecord stored;
        try {
            stored = db.tx("appending a " + event.type() + " record to the custody log of migration " + migrationId,
                    c -> appendLocked(c, event));
        } catch (StateStoreException | IllegalArgumentException e) {
            // IllegalArgumentException: the head's hash is not hexadecimal (a row edited below this class).
            throw failure(event.item(), "cannot record a " + event.type() + " event in the custody log of migration "
                    + migrationId + ": " + e.getMessage(), e);
        }
        if (stored == null) {
            throw failure(event.item(), "cannot record a " + event.type() + " event: migration " + migrationId
                    + " is not registered in the state store", null);
        }
        return stored;
    }

    /**
     * Appends the events in one transaction under one lock of the migration's row: a batch of many
     * records costs about what one costs.
     */
    @Override
    public List<CustodyRecord> appendAll(List<CustodyEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            return List.of();
        }
        CustodyEvent first = events.get(0);
        if (closed.get()) {
            throw failure(first.item(), "cannot record " + events.size() + " events: the custody log of migration "
                    + migrationId + " is closed", null);
        }
        List<CustodyRecord> stored;
        try {
            stored = db.tx("appending " + events.size() + " records to the custody log of migration " + migrationId,
                    c -> appendLocked(c, events));
        } catch (StateStoreException | IllegalArgumentException e) {
            throw failure(first.item(), "cannot record " + events.size() + " events in the custody log of migration "
                    + migrationId + ": " + e.getMessage(), e);
        }
        if (stored == null) {
            throw failure(first.item(), "cannot record " + events.size() + " events: migration " + migrationId
                    + " is not registered in the state store", null);
        }
        return stored;
    }

    /** The transaction of {@link #append}; null if the migration is not registered. */
    private CustodyRecord appendLocked(Connection c, CustodyEvent event) throws SQLException {
        List<CustodyRecord> stored = appendLocked(c, List.of(event));
        return stored == null ? null : stored.get(0);
    }

    /** Locks the migration's row, reads the head, and inserts the events linked one to the next. */
    private List<CustodyRecord> appendLocked(Connection c, List<CustodyEvent> events) throws SQLException {
        if (Db.query(c, "SELECT migration_id FROM ferry_migrations WHERE migration_id = ? " + lockClause, rs -> 1,
                migrationId).isEmpty()) {
            return null;
        }
        record Head(long seq, String hash) {}
        List<Head> last = Db.query(c, "SELECT seq, hash FROM ferry_custody WHERE migration_id = ? " + LAST_FIRST,
                rs -> new Head(rs.getLong(1), rs.getString(2)), migrationId);
        long seq = last.isEmpty() ? 0 : last.get(0).seq();
        String previous = last.isEmpty() ? CustodyChain.GENESIS : last.get(0).hash();
        List<CustodyRecord> stored = new ArrayList<>(events.size());
        try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO ferry_custody (migration_id, "
                + CustodyRow.COLUMNS + ") VALUES (" + Db.marks(1 + CustodyRow.COLUMNS.split(",").length) + ")")) {
            for (CustodyEvent event : events) {
                seq++;
                CustodyRecord r = new CustodyRecord(seq, event, previous, CustodyChain.hash(previous, seq, event));
                List<Object> args = Db.nullable(migrationId);
                args.addAll(CustodyRow.of(r).insertArgs());
                Db.bind(insert, args);
                insert.addBatch();
                stored.add(r);
                previous = r.hash();
            }
            insert.executeBatch();
        }
        return stored;
    }

    @Override
    public void read(CustodyQuery query, Consumer<? super CustodyRecord> sink) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sink, "sink");
        long after = query.fromSequence() - 1;
        while (true) {
            List<CustodyRow> page = page(query.studyInstanceUid(), after);
            for (CustodyRow row : page) {
                sink.accept(decodeOrFail(row));
            }
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    @Override
    public Optional<CustodyRecord> head() {
        return call("reading the head of the custody log of migration " + migrationId, c -> Db.query(c,
                "SELECT " + CustodyRow.COLUMNS + " FROM ferry_custody WHERE migration_id = ? " + LAST_FIRST,
                CustodyRow::read, migrationId))
                .stream().findFirst().map(this::decodeOrFail);
    }

    /**
     * Reads every record from the start, a page at a time, and checks it with
     * {@link CustodyChain#verify}; a row that does not decode counts as modified. Rows numbered below 1,
     * which no append writes, break the chain at record 1.
     */
    @Override
    public ChainVerification verifyChain() {
        ChainVerification v;
        List<CustodyRow> before = call("checking the custody log of migration " + migrationId, c -> Db.query(c,
                "SELECT " + CustodyRow.COLUMNS + " FROM ferry_custody WHERE migration_id = ? AND seq < 1"
                        + " ORDER BY migration_id, seq FETCH FIRST 1 ROWS ONLY", CustodyRow::read, migrationId));
        if (!before.isEmpty()) {
            v = new ChainVerification.Broken(1, ChainVerification.Problem.SEQUENCE_BREAK, "expected record 1 but"
                    + " found record " + before.get(0).seq() + " (record inserted or moved)");
        } else {
            v = CustodyChain.verify(new Pages());
        }
        if (v instanceof ChainVerification.Broken b) {
            log.warn("the custody chain of migration {} is broken at record {}: {}", migrationId, b.sequence(),
                    b.detail());
        }
        return v;
    }

    /** Stops appends; the store's pool stays open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "JdbcCustodyLog[migration " + migrationId + (closed.get() ? ", closed]" : "]");
    }

    /** Up to {@link #pageSize} rows after sequence {@code after}, of one study or all, in sequence order. */
    private List<CustodyRow> page(String studyUid, long after) {
        // The index's columns in ORDER BY, so that H2 too reads the index in order and stops at the page.
        String sql = studyUid == null
                ? "SELECT " + CustodyRow.COLUMNS + " FROM ferry_custody WHERE migration_id = ? AND seq > ?"
                        + " ORDER BY migration_id, seq FETCH FIRST ? ROWS ONLY"
                : "SELECT " + CustodyRow.COLUMNS + " FROM ferry_custody WHERE migration_id = ? AND study_uid = ?"
                        + " AND seq > ? ORDER BY migration_id, study_uid, seq FETCH FIRST ? ROWS ONLY";
        List<Object> args = studyUid == null ? Db.nullable(migrationId, after, pageSize)
                : Db.nullable(migrationId, studyUid, after, pageSize);
        return call("reading the custody log of migration " + migrationId + " after record " + after,
                c -> Db.query(c, sql, args, CustodyRow::read));
    }

    private CustodyRecord decodeOrFail(CustodyRow row) {
        try {
            return row.decode();
        } catch (CustodyRow.UnreadableException e) {
            throw failure(ItemRef.NONE, "record " + row.seq() + " of the custody log of migration " + migrationId
                    + " cannot be read: " + e.getMessage() + "; it was changed below Ferry (run custody verify)", null);
        }
    }

    /** Runs a read in a transaction of its own; a database failure is a CUSTODY_FAILURE. */
    private <T> T call(String what, Db.Work<T> work) {
        try {
            return db.tx(what, work);
        } catch (StateStoreException e) {
            throw failure(ItemRef.NONE, e.getMessage(), e);
        }
    }

    private static PermanentMigrationException failure(ItemRef item, String detail, Throwable cause) {
        return cause == null ? new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, item, detail)
                : new PermanentMigrationException(ReasonCode.CUSTODY_FAILURE, item, detail, cause);
    }

    /**
     * The whole log, page by page, for {@link CustodyChain#verify}, which stops at the first break, so
     * no page after it is read. A row that does not decode is handed on as a record that cannot match
     * its hash, keeping its sequence number and previous hash, so that the chain's own checks name it.
     */
    private final class Pages implements Iterator<CustodyRecord> {
        private final Deque<CustodyRow> buffer = new ArrayDeque<>();
        private long after;
        private boolean last;

        @Override
        public boolean hasNext() {
            if (buffer.isEmpty() && !last) {
                List<CustodyRow> page = page(null, after);
                buffer.addAll(page);
                last = page.size() < pageSize;
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).seq();
                }
            }
            return !buffer.isEmpty();
        }

        @Override
        public CustodyRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CustodyRow row = buffer.removeFirst();
            try {
                return row.decode();
            } catch (CustodyRow.UnreadableException e) {
                log.debug("custody record {} of migration {} does not decode: {}", row.seq(), migrationId,
                        e.getMessage());
                String previous = row.previousHash() == null ? "" : row.previousHash();
                return new CustodyRecord(row.seq(), UNREADABLE, previous, "unreadable");
            }
        }
    }
}
