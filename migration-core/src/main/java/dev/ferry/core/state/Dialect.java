package dev.ferry.core.state;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What differs between the two databases the state store runs on. */
enum Dialect {
    /**
     * H2 2.x, embedded (the default) or as a server. Its {@code SELECT ... FOR UPDATE} locks every row
     * that meets the condition before it sorts and limits, so {@link Leasing} reads candidates
     * without locks and then locks them by key, with SKIP LOCKED.
     */
    H2("jdbc:h2:", "", false) {
        @Override
        void configure(HikariConfig config) {
            // A worker waits for a row another holds only as long as a lease transaction lasts (ms); the
            // default (2 s) is short on a loaded two-core machine.
            config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }

        @Override
        void afterMigration(Connection c) throws SQLException {
            // By default H2 writes committed transactions to its file up to 500 ms later: a kill -9
            // loses them although commit returned. With 0 every commit is in the file (the OS's page
            // cache) when commit returns, so a crashed process resumes from what it committed.
            try (Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
            }
        }
    },

    /**
     * PostgreSQL 12 or later, shared by several processes. {@code SELECT ... ORDER BY ... FETCH FIRST
     * n ROWS ONLY FOR UPDATE SKIP LOCKED} locks only the rows it returns, as it reads them in index
     * order, so {@link Leasing} locks while it selects.
     */
    POSTGRESQL("jdbc:postgresql:", "COLLATE \"C\"", true) {
        @Override
        void configure(HikariConfig config) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // Otherwise the driver's messages quote a failed batch entry with its values and the
            // server's detail with a row's values: patient data in an exception message.
            config.addDataSourceProperty("logServerErrorDetail", "false");
        }
    };

    private final String urlPrefix;
    private final String keyCollation;
    private final boolean locksWhileSelecting;

    Dialect(String urlPrefix, String keyCollation, boolean locksWhileSelecting) {
        this.urlPrefix = urlPrefix;
        this.keyCollation = keyCollation;
        this.locksWhileSelecting = locksWhileSelecting;
    }

    /** The dialect of a JDBC URL. */
    static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (url.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        int scheme = url.indexOf(':', "jdbc:".length());
        throw new IllegalArgumentException("the state store runs on H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:), not on "
                + (url.startsWith("jdbc:") && scheme > 0 ? url.substring(0, scheme + 1) : "this URL"));
    }

    /**
     * The collation clause of the key columns (the schema's {@code ${key_collation}}): UIDs must sort
     * by code point, as Java's {@link String#compareTo} does, whatever the database's locale.
     */
    String keyCollation() {
        return keyCollation;
    }

    /** Whether an ordered, limited {@code SELECT ... FOR UPDATE SKIP LOCKED} locks only what it returns. */
    boolean locksWhileSelecting() {
        return locksWhileSelecting;
    }

    /**
     * A condition selecting the studies of {@code migrationId} with these UIDs that reads them by
     * primary key. H2 looks up an IN list in an index only on its first column, and would scan the
     * migration for {@code study_uid IN (...)}; it does look up each row of a row-value IN list.
     */
    Db.Condition studyKeys(String migrationId, Collection<String> uids) {
        if (uids.isEmpty()) {
            return new Db.Condition("1 = 0", List.of());
        }
        List<Object> args = new ArrayList<>();
        if (this == H2) {
            uids.forEach(uid -> {
                args.add(migrationId);
                args.add(uid);
            });
            return new Db.Condition("(migration_id, study_uid) IN ("
                    + String.join(", ", Collections.nCopies(uids.size(), "(?, ?)")) + ")", args);
        }
        args.add(migrationId);
        args.addAll(uids);
        return new Db.Condition("migration_id = ? AND " + Db.in("study_uid", uids), args);
    }

    /** Pool settings this database needs. */
    void configure(HikariConfig config) {}

    /** Settings applied once the schema is current. */
    void afterMigration(Connection c) throws SQLException {}
}
