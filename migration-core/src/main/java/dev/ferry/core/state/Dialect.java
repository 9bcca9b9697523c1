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
import java.util.Map;

/** What differs between the two databases the state store runs on. */
enum Dialect {
    /**
     * H2 2.x, embedded (the default) or as a server. Its {@code SELECT ... FOR UPDATE} locks every row
     * that meets the condition before it sorts and limits, so {@link Leasing} reads candidates
     * without locks and then locks them by key, with SKIP LOCKED.
     */
    H2("jdbc:h2:", "", "", false) {
        @Override
        void configure(HikariConfig config) {
            // A worker waits for a row another holds only as long as a lease transaction lasts (ms); the
            // default (2 s) is short on a loaded two-core machine.
            config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }

        @Override
        void prepare(Connection c) throws SQLException {
            // By default H2 writes committed transactions to its file up to 500 ms later: a kill -9
            // loses them although commit returned (and can keep a created table but lose the schema
            // history row saying so). With 0 every commit is in the file (the OS's page cache) when
            // commit returns, so a crashed process resumes from what it committed. H2 then rewrites
            // no half-empty chunks itself (H2Compactor does), and keeps freed ones 45 s by default,
            // which at hundreds of commits a second is gigabytes: 5 s bounds the file (about 1 GB
            // under the scale benchmark's full load, whatever the number of studies) and is still
            // as long as a Linux file system takes to write its dirty pages (ext4 commits every 5 s).
            try (Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
                s.execute("SET RETENTION_TIME 5000");
            }
        }

        /** H2 looks up each row of a row-value IN list, where {@code study_uid IN (...)} would scan. */
        @Override
        Db.Condition studyKeys(String migrationId, Collection<String> uids) {
            if (uids.isEmpty()) {
                return NONE;
            }
            List<Object> args = new ArrayList<>();
            uids.forEach(uid -> {
                args.add(migrationId);
                args.add(uid);
            });
            return new Db.Condition("(migration_id, study_uid) IN ("
                    + String.join(", ", Collections.nCopies(uids.size(), "(?, ?)")) + ")", args);
        }
    },

    /**
     * PostgreSQL 12 or later, shared by several processes. {@code SELECT ... ORDER BY ... FETCH FIRST
     * n ROWS ONLY FOR UPDATE SKIP LOCKED} locks only the rows it returns, as it reads them in index
     * order, so {@link Leasing} locks while it selects.
     */
    POSTGRESQL("jdbc:postgresql:", "COLLATE \"C\"",
            // Vacuum after 2% of the rows changed, not 20%: every lease leaves a dead entry at the head
            // of the queue index, which the next lease walks past until vacuum removes it.
            "WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)", true) {
        @Override
        void configure(HikariConfig config) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // A generic plan of a statement prepared long ago can scan where the values at hand would
            // read an index (a 1,000-value IN list through a sequential scan: 60 times slower); the
            // store's statements are cheap to plan.
            config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
            // Otherwise the driver's messages quote a failed batch entry with its values and the
            // server's detail with a row's values: patient data in an exception message.
            config.addDataSourceProperty("logServerErrorDetail", "false");
        }
    };

    /** A condition no row meets. */
    private static final Db.Condition NONE = new Db.Condition("1 = 0", List.of());

    private final String urlPrefix;
    private final String keyCollation;
    private final String queueStorage;
    private final boolean locksWhileSelecting;

    Dialect(String urlPrefix, String keyCollation, String queueStorage, boolean locksWhileSelecting) {
        this.urlPrefix = urlPrefix;
        this.keyCollation = keyCollation;
        this.queueStorage = queueStorage;
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
        throw new IllegalArgumentException("the state store runs on H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:),"
                + " not on " + (url.startsWith("jdbc:") && scheme > 0 ? url.substring(0, scheme + 1) : "this URL"));
    }

    /** The schema's placeholders: {@code ${key_collation}} and {@code ${queue_storage}}. */
    Map<String, String> schemaPlaceholders() {
        return Map.of("key_collation", keyCollation, "queue_storage", queueStorage);
    }

    /** Whether an ordered, limited {@code SELECT ... FOR UPDATE SKIP LOCKED} locks only what it returns. */
    boolean locksWhileSelecting() {
        return locksWhileSelecting;
    }

    /**
     * A condition selecting the studies of {@code migrationId} with these UIDs that reads them by
     * primary key. (H2 looks up an IN list in an index only on the index's first column.)
     */
    Db.Condition studyKeys(String migrationId, Collection<String> uids) {
        if (uids.isEmpty()) {
            return NONE;
        }
        List<Object> args = new ArrayList<>();
        args.add(migrationId);
        args.addAll(uids);
        return new Db.Condition("migration_id = ? AND " + Db.in("study_uid", uids), args);
    }

    /** Pool settings this database needs. */
    void configure(HikariConfig config) {}

    /** Settings of the database itself, applied when the store opens, before the schema is migrated. */
    void prepare(Connection c) throws SQLException {}
}
