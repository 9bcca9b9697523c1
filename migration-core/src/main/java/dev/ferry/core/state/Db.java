package dev.ferry.core.state;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, transactions, and the few JDBC helpers every part of the store uses. Every
 * unit of work runs in its own transaction, committed before {@link #tx} returns. Thread-safe.
 */
final class Db implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Db.class);

    /** How often a transaction that lost a race (deadlock, serialization, duplicate key) is run again. */
    private static final int ATTEMPTS = 3;

    /** One unit of work in a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A piece of a WHERE clause and its arguments, in order. */
    record Condition(String sql, List<Object> args) {}

    private final HikariDataSource pool;
    private final Dialect dialect;
    /** On H2 only: the file's housekeeping, which H2 itself does not do with write delay 0. */
    private final H2Compactor compactor;

    Db(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.compactor = dialect == Dialect.H2 ? new H2Compactor(pool) : null;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a transaction and commits it. A transaction that lost a race with another
     * (a deadlock, a serialization failure, or a duplicate key from an insert that checked first) is
     * rolled back and run again, up to {@link #ATTEMPTS} times; a runtime exception from
     * {@code work} rolls back and passes through.
     *
     * @param what the operation, naming migration and study, for the exception's message
     * @throws StateStoreException if the database fails
     */
    <T> T tx(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(c, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && lostRace(e)) {
                    log.debug("{}: lost a race with another transaction (SQLState {}), attempt {} of {}", what,
                            e.getSQLState(), attempt, ATTEMPTS);
                    continue;
                }
                throw new StateStoreException(what + " failed (SQLState " + e.getSQLState() + ", "
                        + dialect + " error " + e.getErrorCode() + ")", scrubbed(e));
            }
        }
    }

    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean lostRace(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("23505"));
    }

    /**
     * {@code e}, or if it is a data exception or a constraint violation (SQLState class 22 or 23),
     * which drivers describe by quoting the row's values (H2 quotes a whole row, patient ID and all,
     * for a duplicate key), an exception of the same SQLState, vendor code and stack without that
     * message.
     */
    static SQLException scrubbed(SQLException e) {
        String state = e.getSQLState();
        if (state == null || !(state.startsWith("22") || state.startsWith("23"))) {
            return e;
        }
        SQLException clean = new SQLException(e.getClass().getSimpleName() + " (its message is left out: it may"
                + " quote a row's values)", state, e.getErrorCode());
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    /**
     * Whether {@code e} is a foreign key violation: a row refers to a study or migration that is not
     * there (PostgreSQL's SQLState, and H2's, which keeps 23503 for a parent row still referred to).
     */
    static boolean isMissingParent(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    @Override
    public void close() {
        if (compactor != null) {
            compactor.close();
        }
        pool.close();
    }

    // --- statements -------------------------------------------------------------------------------

    /** Prepares {@code sql} and binds {@code args} in order. */
    static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            bind(ps, args);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * Binds {@code args} from parameter 1: an {@link Instant} as a UTC timestamp to the microsecond, a
     * {@link LocalDate} as a date, {@code null} as SQL NULL, anything else as it is.
     */
    static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object v = args.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (v instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(micros(t), ZoneOffset.UTC));
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, nullable(args))) {
            return ps.executeUpdate();
        }
    }

    /** Runs a query and maps every row. */
    static <T> List<T> query(Connection c, String sql, List<?> args, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return query(c, sql, nullable(args), mapper);
    }

    /** {@code List.of} does not take nulls, and SQL arguments may be null. */
    static List<Object> nullable(Object... args) {
        List<Object> list = new ArrayList<>(args.length);
        Collections.addAll(list, args);
        return list;
    }

    /** {@code "?, ?, ?"} for {@code n} parameters. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** {@code column IN (?, ...)} for the values, or a false condition for none. */
    static String in(String column, Collection<?> values) {
        return values.isEmpty() ? "1 = 0" : column + " IN (" + marks(values.size()) + ")";
    }

    /** The precision the store keeps: PostgreSQL's and H2's TIMESTAMP(6), truncated rather than rounded. */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }
}
