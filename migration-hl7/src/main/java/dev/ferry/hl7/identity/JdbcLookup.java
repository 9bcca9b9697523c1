package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link TableMpiResolver}'s lookup in a SQL table: one prepared statement per call, bounded in time and rows. */
final class JdbcLookup implements TableMpiResolver.Lookup {
    /** The most rows read for one identifier: more than one distinct is a conflict already. */
    static final int MAX_ROWS = 16;

    private final DataSource dataSource;
    private final String query;
    private final int parameters;
    private final int timeoutSeconds;

    JdbcLookup(DataSource dataSource, String query, Duration timeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.query = Objects.requireNonNull(query, "query");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("MPI lookup timeout must be positive: " + timeout);
        }
        long seconds = (timeout.toMillis() + 999) / 1000;
        this.timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
        this.parameters = countParameters(query);
        if (parameters != 1 && parameters != 2) {
            throw new ConfigurationException("MPI query must have one parameter (Patient ID) or two (Patient ID,"
                    + " issuer); it has " + parameters);
        }
    }

    /** Counts {@code ?} outside quoted literals and identifiers. */
    static int countParameters(String sql) {
        int n = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<MpiEntry> find(PatientIdentity local) throws SQLException {
        List<MpiEntry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setMaxRows(MAX_ROWS);
            ps.setString(1, local.id());
            if (parameters == 2) {
                ps.setString(2, local.issuer());
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next() && out.size() < MAX_ROWS) {
                    String id = rs.getString(1);
                    if (id == null || id.isBlank()) {
                        continue;
                    }
                    String issuer = columns >= 2 ? text(rs.getString(2)) : local.issuer();
                    String name = columns >= 3 ? text(rs.getString(3)) : "";
                    String birthDate = columns >= 4 ? date(rs.getObject(4)) : "";
                    String sex = columns >= 5 ? text(rs.getString(5)) : "";
                    out.add(new MpiEntry(PatientIdentity.of(id.strip(), issuer), new Demographics(name, birthDate, sex)));
                }
            }
        }
        return out;
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String date(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        if (o instanceof LocalDate d) {
            return d.format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        if (o instanceof java.time.LocalDateTime t) {
            return t.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        return o.toString().strip();
    }

    @Override
    public String toString() {
        return "jdbc, " + parameters + " parameters, timeout " + timeoutSeconds + " s";
    }
}
