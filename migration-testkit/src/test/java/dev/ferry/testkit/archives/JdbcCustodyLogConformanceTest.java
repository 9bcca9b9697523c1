package dev.ferry.testkit.archives;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.CustodyEvent;
import dev.ferry.api.CustodyRecord;
import dev.ferry.core.state.JdbcStateStore;
import dev.ferry.spi.CustodyLog;
import dev.ferry.testkit.tck.CustodyLogConformance;
import dev.ferry.testkit.tck.Tamperer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custody kit against {@code JdbcCustodyLog} on the embedded default, an H2 file database in a
 * temporary folder: one store for the class, a new migration (so a new, empty chain) for each test,
 * and a {@link SqlTamperer} that edits the migration's rows of {@code ferry_custody} with SQL over a
 * connection of its own, as someone with database access would.
 */
class JdbcCustodyLogConformanceTest extends CustodyLogConformance {
    @TempDir
    static Path dir;

    private static JdbcStateStore store;
    private static final AtomicInteger migrations = new AtomicInteger();

    private String migrationId;

    @BeforeAll
    static void open() {
        store = JdbcStateStore.openEmbedded(dir);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected CustodyLog createLog() {
        migrationId = "custody-tck-" + migrations.incrementAndGet();
        store.ensureMigration(migrationId, Instant.parse("2024-03-01T00:00:00Z"));
        return store.custodyLog(migrationId);
    }

    @Override
    protected Tamperer tamperer(CustodyLog log) {
        // The same URL as openEmbedded's, so that H2 hands out a connection to the database it has open.
        return new SqlTamperer("jdbc:h2:async:" + dir.toAbsolutePath().normalize().resolve(JdbcStateStore.EMBEDDED_NAME)
                + ";TRACE_LEVEL_FILE=0", migrationId);
    }

    /**
     * Edits one migration's custody rows with plain SQL. Sequence numbers are the table's primary key,
     * so an insertion renumbers the rows after it, and a swap trades the two rows' sequence numbers
     * (which is trading everything else), as {@link Tamperer} allows.
     */
    static final class SqlTamperer implements Tamperer {
        private static final ObjectMapper JSON = new ObjectMapper();

        private final String url;
        private final String migrationId;

        SqlTamperer(String url, String migrationId) {
            this.url = url;
            this.migrationId = migrationId;
        }

        @Override
        public void replace(long sequence, CustodyRecord forged) {
            run("UPDATE ferry_custody SET seq = ?, event_millis = ?, event_type = ?, actor = ?, study_uid = ?,"
                    + " series_uid = ?, sop_uid = ?, details = ?, previous_hash = ?, hash = ?"
                    + " WHERE migration_id = ? AND seq = ?", 1, fields(forged), migrationId, sequence);
        }

        @Override
        public void delete(long sequence) {
            run("DELETE FROM ferry_custody WHERE migration_id = ? AND seq = ?", 1, migrationId, sequence);
        }

        @Override
        public void insertAfter(long sequence, CustodyRecord forged) {
            // In two steps through negative numbers: the key is checked row by row as the UPDATE goes.
            run("UPDATE ferry_custody SET seq = -(seq + 1) WHERE migration_id = ? AND seq > ?", -1, migrationId,
                    sequence);
            run("UPDATE ferry_custody SET seq = -seq WHERE migration_id = ? AND seq < 0", -1, migrationId);
            run("INSERT INTO ferry_custody (seq, event_millis, event_type, actor, study_uid, series_uid, sop_uid,"
                    + " details, previous_hash, hash, migration_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1,
                    fields(forged), migrationId);
        }

        @Override
        public void swap(long first, long second) {
            run("UPDATE ferry_custody SET seq = ? WHERE migration_id = ? AND seq = ?", 1, -first, migrationId, first);
            run("UPDATE ferry_custody SET seq = ? WHERE migration_id = ? AND seq = ?", 1, first, migrationId, second);
            run("UPDATE ferry_custody SET seq = ? WHERE migration_id = ? AND seq = ?", 1, second, migrationId, -first);
        }

        /** The record's columns from {@code seq} to {@code hash}, in the table's order. */
        private static Object[] fields(CustodyRecord r) {
            CustodyEvent e = r.event();
            try {
                return new Object[] {r.sequence(), e.time().toEpochMilli(), e.type().name(), e.actor(),
                    e.item().studyInstanceUid(), e.item().seriesInstanceUid(), e.item().sopInstanceUid(),
                    JSON.writeValueAsString(e.details()), r.previousHash(), r.hash()};
            } catch (JsonProcessingException impossible) {
                throw new AssertionError(impossible);
            }
        }

        /**
         * Runs one statement, flattening arrays among the arguments, and checks how many rows it changed
         * ({@code expectedRows}, or any number for -1).
         */
        private void run(String sql, int expectedRows, Object... args) {
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object a : args) {
                    for (Object v : a instanceof Object[] many ? many : new Object[] {a}) {
                        ps.setObject(i++, v);
                    }
                }
                int changed = ps.executeUpdate();
                if (expectedRows >= 0 && changed != expectedRows) {
                    throw new AssertionError("tampering changed " + changed + " rows, not " + expectedRows + ": "
                            + sql);
                }
            } catch (SQLException e) {
                throw new AssertionError("tampering failed: " + sql, e);
            }
        }
    }
}
