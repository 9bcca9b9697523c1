package dev.ferry.hl7.identity;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.spi.IdentityResolver;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * An MPI kept as a table of local identifier → enterprise identifier (with optional demographics): a
 * CSV file loaded into memory ({@link #fromCsv(Path)}), a map ({@link #of(Map)}), or a live SQL table
 * ({@link #jdbc(DataSource, String, Duration)}).
 *
 * <p>Decisions: a study without Patient ID, or whose identifier (with its issuer, exactly) the table
 * does not list, is abstained on; one listed resolves to the enterprise identity with the table's
 * demographics (compared with the header's by an {@link IdentityPipeline}, not here) and the study's
 * accession; an identifier the table maps to several different entries is refused
 * ({@link ReasonCode#IDENTITY_CONFLICT}). A failed lookup (SQL error, timeout) is a
 * {@link TransientMigrationException}, never an abstention: a study must not move under its old
 * identity because the MPI was down.
 *
 * <p>CSV format: UTF-8, a header row with the columns {@code local_id, local_issuer, mpi_id, mpi_issuer}
 * and optionally {@code name} (DICOM PN, {@code FAMILY^GIVEN}), {@code birth_date} ({@code YYYYMMDD})
 * and {@code sex} ({@code M}, {@code F}, {@code O}), in any order; fields may be quoted; blank lines and
 * lines starting with {@code #} are ignored. At most {@link #DEFAULT_MAX_CSV_ROWS} rows (use a database
 * for more). A local identifier listed twice with different targets, an empty identifier, or a malformed
 * line is a {@link ConfigurationException} naming {@code file:line}, never a value.
 *
 * <p>Thread-safe: the CSV/map table is immutable; the JDBC lookup borrows a connection per call.
 */
public final class TableMpiResolver implements IdentityResolver {
    /** The most rows a CSV MPI may have: about 200 MB of heap at a million. */
    public static final int DEFAULT_MAX_CSV_ROWS = 1_000_000;

    /** A lookup of the entries for one local identifier; empty when it is not listed. */
    interface Lookup {
        List<MpiEntry> find(PatientIdentity local) throws SQLException;
    }

    private final String name;
    private final Lookup lookup;

    private TableMpiResolver(String name, Lookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** An MPI held in memory; the map is copied. */
    public static TableMpiResolver of(Map<PatientIdentity, MpiEntry> table) {
        Map<PatientIdentity, List<MpiEntry>> copy = new HashMap<>();
        table.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), List.of(Objects.requireNonNull(v, "entry"))));
        Map<PatientIdentity, List<MpiEntry>> frozen = Map.copyOf(copy);
        return new TableMpiResolver("TableMpiResolver", local -> frozen.getOrDefault(local, List.of()));
    }

    /** Loads a CSV MPI of at most {@link #DEFAULT_MAX_CSV_ROWS} rows. */
    public static TableMpiResolver fromCsv(Path file) {
        return fromCsv(file, DEFAULT_MAX_CSV_ROWS);
    }

    /** Loads a CSV MPI of at most {@code maxRows} rows. */
    public static TableMpiResolver fromCsv(Path file, int maxRows) {
        Objects.requireNonNull(file, "file");
        if (maxRows < 1) {
            throw new ConfigurationException("maxRows must be at least 1: " + maxRows);
        }
        String where = file.toString();
        List<CsvFile.Row> rows = CsvFile.read(file, Set.of("local_id", "local_issuer", "mpi_id", "mpi_issuer"),
                Set.of("name", "birth_date", "sex"), maxRows);
        Map<PatientIdentity, MpiEntry> table = new HashMap<>();
        Map<PatientIdentity, Integer> lineOf = new HashMap<>();
        for (CsvFile.Row row : rows) {
            if (row.get("local_id").isEmpty()) {
                throw CsvFile.error(where, row.line(), "local_id is empty");
            }
            if (row.get("mpi_id").isEmpty()) {
                throw CsvFile.error(where, row.line(), "mpi_id is empty");
            }
            PatientIdentity local = PatientIdentity.of(row.get("local_id"), row.get("local_issuer"));
            MpiEntry entry = new MpiEntry(PatientIdentity.of(row.get("mpi_id"), row.get("mpi_issuer")),
                    new Demographics(row.get("name"), row.get("birth_date"), row.get("sex")));
            MpiEntry before = table.putIfAbsent(local, entry);
            if (before == null) {
                lineOf.put(local, row.line());
            } else if (!before.equals(entry)) {
                throw CsvFile.error(where, row.line(), "the local identifier of this row is already mapped, to"
                        + " a different entry, at line " + lineOf.get(local));
            }
        }
        return of(table);
    }

    /**
     * An MPI in a SQL table, asked once per study with a prepared statement.
     *
     * <p>{@code query} has one parameter, bound to the local Patient ID, or two, bound to the Patient ID
     * and then its issuer, e.g. {@code SELECT mpi_id, mpi_issuer, name, birth_date, sex FROM mpi WHERE
     * local_id = ? AND local_issuer = ?}. Result columns by position: the enterprise ID (required), its
     * issuer (the local issuer when the query has no second column), then name, birth date (a DATE or a
     * {@code YYYYMMDD} string) and sex, each optional. A row whose ID is NULL or blank is skipped; at
     * most 16 rows are read.
     *
     * @param timeout the statement's query timeout (JDBC counts whole seconds: rounded up, at least 1);
     *     the connection's own acquisition timeout is the DataSource's (configure the pool's)
     */
    public static TableMpiResolver jdbc(DataSource dataSource, String query, Duration timeout) {
        return new TableMpiResolver("TableMpiResolver", new JdbcLookup(dataSource, query, timeout));
    }

    /** The same table under another {@link #name()}, so two MPIs are told apart in reports. */
    public TableMpiResolver named(String newName) {
        Objects.requireNonNull(newName, "name");
        if (newName.isBlank()) {
            throw new ConfigurationException("a resolver name must not be blank");
        }
        return new TableMpiResolver(newName, lookup);
    }

    @Override
    public IdentityDecision resolve(IdentityContext context) {
        StudyDescriptor study = context.study();
        PatientIdentity patient = study.patient();
        if (patient == null) {
            return IdentityDecision.abstain("the study has no patient identifier");
        }
        List<MpiEntry> entries;
        try {
            entries = lookup.find(patient);
        } catch (SQLTimeoutException e) {
            throw new TransientMigrationException(ReasonCode.TIMEOUT, study.ref(),
                    "MPI lookup " + name + " timed out (SQLState " + e.getSQLState() + ")", Redacted.of(e));
        } catch (SQLException e) {
            throw new TransientMigrationException(ReasonCode.NETWORK, study.ref(),
                    "MPI lookup " + name + " failed (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")",
                    Redacted.of(e));
        }
        Set<MpiEntry> distinct = new LinkedHashSet<>(entries);
        if (distinct.isEmpty()) {
            return IdentityDecision.abstain("not in the MPI");
        }
        if (distinct.size() > 1) {
            long targets = distinct.stream().map(MpiEntry::enterprise).distinct().count();
            return IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, targets > 1
                    ? "the MPI maps the study's identifier to " + targets + " different identities"
                    : "the MPI's rows for the study's identifier disagree on demographics");
        }
        MpiEntry e = distinct.iterator().next();
        return IdentityDecision.resolved(new ResolvedIdentity(e.enterprise(), e.demographics(), study.accession(),
                List.of("MPI " + name + " maps the identifier to its enterprise identity")));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "TableMpiResolver[" + name + ", " + lookup + "]";
    }
}
