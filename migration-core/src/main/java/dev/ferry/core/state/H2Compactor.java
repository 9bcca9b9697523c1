package dev.ferry.core.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing without bound. With {@code WRITE_DELAY 0} (every commit in
 * the file when it returns, see {@link Dialect}) H2 runs no background writer, and the writer is what
 * rewrites half-empty chunks: the file grew to 14 GB for 200,000 studies. This timer does that work
 * instead, rewriting the emptiest chunks every {@link #PERIOD_MILLIS} ms so their space is reused.
 *
 * <p>It reaches H2's store through H2's own classes (the version is pinned by the build). A failed
 * pass is logged at debug and the next one tries again: compaction is housekeeping, never a reason
 * to stop a migration.
 */
final class H2Compactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(H2Compactor.class);
    static final long PERIOD_MILLIS = 1_000;
    /** Chunks less full than this (percent) are rewritten. */
    private static final int TARGET_FILL_RATE = 60;
    /** At most this much is rewritten in one pass, so a pass stays short beside the workers. */
    private static final int MAX_BYTES_PER_PASS = 16 << 20;

    private final DataSource pool;
    private final ScheduledExecutorService timer;

    H2Compactor(DataSource pool) {
        this.pool = pool;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-state-h2-compactor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::compactOnce, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One pass: rewrites the emptiest chunks. Returns whether anything was rewritten. */
    boolean compactOnce() {
        try (Connection c = pool.getConnection()) {
            MVStore store = store(c);
            return store != null && !store.isClosed() && store.compact(TARGET_FILL_RATE, MAX_BYTES_PER_PASS);
        } catch (SQLException | RuntimeException e) {
            log.debug("H2 state store compaction pass failed; the next one tries again", e);
            return false;
        }
    }

    private static MVStore store(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        return c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                ? session.getDatabase().getStore().getMvStore()
                : null;
    }

    /** Stops the timer, waiting for a pass under way to end (it is never interrupted). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("an H2 state store compaction pass did not end within 30 s of closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
