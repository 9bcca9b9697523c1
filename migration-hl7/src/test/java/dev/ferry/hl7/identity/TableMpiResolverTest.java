package dev.ferry.hl7.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.TransientMigrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableMpiResolverTest {
    @TempDir
    Path tmp;

    static ResolvedIdentity resolved(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Resolved.class);
        return ((IdentityDecision.Resolved) d).identity();
    }

    static IdentityDecision.Refused refused(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Refused.class);
        return (IdentityDecision.Refused) d;
    }

    @Test
    void mapResolvesListedIdentifiersAndAbstainsOnOthers() {
        TableMpiResolver r = TableMpiResolver.of(Map.of(PatientIdentity.of("L-100", "HOSP_A"),
                new MpiEntry(PatientIdentity.of("E-9", "ENTERPRISE"), new Demographics("DOE^JANE", "19700101", "F"))));
        ResolvedIdentity id = resolved(r.resolve(Contexts.of("L-100", "HOSP_A")));
        assertThat(id.patient()).isEqualTo(PatientIdentity.of("E-9", "ENTERPRISE"));
        assertThat(id.demographics().birthDate()).isEqualTo("19700101");
        assertThat(r.resolve(Contexts.of("L-100", "HOSP_B"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(r.resolve(Contexts.of("L-100", ""))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(r.resolve(Contexts.of(null, null))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(r.named("mpi-east").name()).isEqualTo("mpi-east");
    }

    @Test
    void readsCsv() throws IOException {
        Path f = write("""
                # exported from the enterprise MPI
                local_id,local_issuer,mpi_id,mpi_issuer,name,birth_date,sex
                L-100,HOSP_A,E-9,ENT,"DOE^JANE",19700101,F
                L-100,HOSP_A,E-9,ENT,"DOE^JANE",19700101,F
                L-200,HOSP_B,E-9,ENT,,,
                "L,300",,E-10,ENT
                """);
        TableMpiResolver r = TableMpiResolver.fromCsv(f);
        assertThat(resolved(r.resolve(Contexts.of("L-100", "HOSP_A"))).demographics().name()).isEqualTo("DOE^JANE");
        ResolvedIdentity b = resolved(r.resolve(Contexts.of("L-200", "HOSP_B")));
        assertThat(b.patient()).isEqualTo(PatientIdentity.of("E-9", "ENT"));
        assertThat(b.demographics()).isEqualTo(Demographics.UNKNOWN);
        assertThat(resolved(r.resolve(Contexts.of("L,300", ""))).patient().id()).isEqualTo("E-10");
    }

    @Test
    void csvColumnsMayComeInAnyOrder() throws IOException {
        Path f = write("mpi_issuer,mpi_id,local_issuer,local_id\nENT,E-1,HOSP_A,L-1\n");
        assertThat(resolved(TableMpiResolver.fromCsv(f).resolve(Contexts.of("L-1", "HOSP_A"))).patient())
                .isEqualTo(PatientIdentity.of("E-1", "ENT"));
    }

    @Test
    void csvErrorsNameFileAndLineButNoValue() throws IOException {
        String header = "local_id,local_issuer,mpi_id,mpi_issuer\n";
        assertCsvError(header + "L-1,A,E-1,ENT\nL-1,A,E-2,ENT\n", ":3: the local identifier of this row is already"
                + " mapped, to a different entry, at line 2");
        assertCsvError(header + ",A,E-1,ENT\n", ":2: local_id is empty");
        assertCsvError(header + "L-1,A,,ENT\n", ":2: mpi_id is empty");
        assertCsvError("local_id,local_issuer,mpi_id\n", ":1: the header lacks the column 'mpi_issuer'");
        assertCsvError("local_id,local_issuer,mpi_id,mpi_issuer,dob\n", ":1: unknown column 'dob'");
        assertCsvError(header + "L-1,A,E-1,ENT,X\n", ":2: 5 fields");
        Path f = write(header + "L-1,A,E-1,ENT\nL-2,A,E-2,ENT\nL-3,A,E-3,ENT\n");
        assertThatThrownBy(() -> TableMpiResolver.fromCsv(f, 2)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f + ":4: more than 2 rows");
        Path bad = tmp.resolve("latin1.csv");
        Files.write(bad, (header + "M\u00fcller,A,E-1,ENT\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TableMpiResolver.fromCsv(bad)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void missingFileIsAConfigurationError() {
        assertThatThrownBy(() -> TableMpiResolver.fromCsv(tmp.resolve("none.csv")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("none.csv");
    }

    private void assertCsvError(String content, String expected) throws IOException {
        Path f = write(content);
        assertThatThrownBy(() -> TableMpiResolver.fromCsv(f)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f + expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("L-1").doesNotContain("E-1"));
    }

    private int files;

    private Path write(String content) throws IOException {
        Path f = tmp.resolve("mpi-" + files++ + ".csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    /** The JDBC table on an in-memory H2 database. */
    @Nested
    class Jdbc {
        static final String QUERY = "SELECT mpi_id, mpi_issuer, name, birth_date, sex FROM mpi"
                + " WHERE local_id = ? AND local_issuer = ? ORDER BY mpi_id";

        JdbcDataSource ds;
        Connection keepAlive;

        @BeforeEach
        void createTable() throws SQLException {
            ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:mpi-" + UUID.randomUUID());
            keepAlive = ds.getConnection();
            try (Statement s = keepAlive.createStatement()) {
                s.execute("CREATE TABLE mpi (local_id VARCHAR(64), local_issuer VARCHAR(64), mpi_id VARCHAR(64),"
                        + " mpi_issuer VARCHAR(64), name VARCHAR(200), birth_date DATE, sex CHAR(1))");
                s.execute("INSERT INTO mpi VALUES ('L-100', 'HOSP_A', 'E-9', 'ENT', 'DOE^JANE', DATE '1970-01-31', 'F')");
                s.execute("INSERT INTO mpi VALUES ('L-200', 'HOSP_A', 'E-7', 'ENT', NULL, NULL, NULL)");
                s.execute("INSERT INTO mpi VALUES ('L-200', 'HOSP_A', 'E-8', 'ENT', NULL, NULL, NULL)");
                s.execute("INSERT INTO mpi VALUES ('L-300', 'HOSP_A', 'E-5', 'ENT', 'ROE^RICHARD', NULL, 'M')");
                s.execute("INSERT INTO mpi VALUES ('L-300', 'HOSP_A', 'E-5', 'ENT', 'ROE^RICHARD', NULL, 'M')");
                s.execute("INSERT INTO mpi VALUES ('L-400', 'HOSP_A', 'E-4', 'ENT', 'ROE^RICHARD', NULL, 'M')");
                s.execute("INSERT INTO mpi VALUES ('L-400', 'HOSP_A', 'E-4', 'ENT', 'ROE^RICHARD', NULL, 'F')");
            }
        }

        @AfterEach
        void dropDatabase() throws SQLException {
            keepAlive.close();
        }

        @Test
        void resolvesWithDemographicsFromTheRow() {
            TableMpiResolver r = TableMpiResolver.jdbc(ds, QUERY, Duration.ofSeconds(2));
            ResolvedIdentity id = resolved(r.resolve(Contexts.of("L-100", "HOSP_A")));
            assertThat(id.patient()).isEqualTo(PatientIdentity.of("E-9", "ENT"));
            assertThat(id.demographics()).isEqualTo(new Demographics("DOE^JANE", "19700131", "F"));
            assertThat(resolved(r.resolve(Contexts.of("L-300", "HOSP_A"))).patient().id()).isEqualTo("E-5");
            assertThat(r.resolve(Contexts.of("L-100", "HOSP_B"))).isInstanceOf(IdentityDecision.Abstain.class);
        }

        @Test
        void severalTargetsOrDisagreeingRowsAreRefused() {
            TableMpiResolver r = TableMpiResolver.jdbc(ds, QUERY, Duration.ofSeconds(2));
            IdentityDecision.Refused two = refused(r.resolve(Contexts.of("L-200", "HOSP_A")));
            assertThat(two.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
            assertThat(two.detail()).contains("2 different identities").doesNotContain("E-7");
            assertThat(refused(r.resolve(Contexts.of("L-400", "HOSP_A"))).detail()).contains("demographics");
        }

        @Test
        void oneParameterQueryAndFewerColumns() {
            TableMpiResolver r = TableMpiResolver.jdbc(ds, "SELECT mpi_id FROM mpi WHERE local_id = ?",
                    Duration.ofMillis(500));
            assertThat(resolved(r.resolve(Contexts.of("L-100", "HOSP_Z"))).patient())
                    .isEqualTo(PatientIdentity.of("E-9", "HOSP_Z"));
        }

        @Test
        void badQueriesAreConfigurationErrors() {
            assertThatThrownBy(() -> TableMpiResolver.jdbc(ds, "SELECT mpi_id FROM mpi", Duration.ofSeconds(1)))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("it has 0");
            assertThatThrownBy(() -> TableMpiResolver.jdbc(ds, "SELECT mpi_id FROM mpi WHERE a = ? AND b = ? AND c = ?",
                    Duration.ofSeconds(1))).isInstanceOf(ConfigurationException.class);
            assertThat(JdbcLookup.countParameters("SELECT '?' FROM t WHERE \"x?\" = ?")).isEqualTo(1);
            assertThatThrownBy(() -> TableMpiResolver.jdbc(ds, "SELECT 1 WHERE ? = ?", Duration.ZERO))
                    .isInstanceOf(ConfigurationException.class);
        }

        @Test
        void sqlErrorsAreTransientNeverAnAbstention() {
            TableMpiResolver missingTable = TableMpiResolver.jdbc(ds, "SELECT mpi_id FROM nowhere WHERE local_id = ?",
                    Duration.ofSeconds(1));
            assertThatThrownBy(() -> missingTable.resolve(Contexts.of("L-100", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class)
                    .hasMessageContaining("SQLState")
                    .satisfies(e -> {
                        assertThat(((TransientMigrationException) e).reason()).isEqualTo(ReasonCode.NETWORK);
                        assertThat(e.getMessage()).doesNotContain("L-100");
                        assertThat(e.getCause().getMessage()).doesNotContain("nowhere");
                    });

            DataSource down = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        throw new SQLTransientConnectionException("connection refused to mpi-db", "08001");
                    });
            assertThatThrownBy(() -> TableMpiResolver.jdbc(down, QUERY, Duration.ofSeconds(1))
                    .resolve(Contexts.of("L-100", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class).hasMessageContaining("08001");
        }

        @Test
        void aSlowQueryTimesOutIntoATransientFailure() throws SQLException {
            try (Statement s = keepAlive.createStatement()) {
                s.execute("CREATE ALIAS NAP FOR 'java.lang.Thread.sleep(long)'");
            }
            // 1,000 candidate rows of 10 ms each, none kept (NAP is NULL): ten seconds unless the one-second query timeout cancels it.
            String slow = "SELECT m.mpi_id FROM mpi m, SYSTEM_RANGE(1, 1000) r WHERE m.local_id = ?"
                    + " AND NAP(10 + r.X * 0) IS NOT NULL";
            TableMpiResolver r = TableMpiResolver.jdbc(ds, slow, Duration.ofMillis(1));
            assertThatThrownBy(() -> r.resolve(Contexts.of("L-100", "HOSP_A")))
                    .isInstanceOf(TransientMigrationException.class)
                    .satisfies(e -> assertThat(((TransientMigrationException) e).reason())
                            .isEqualTo(ReasonCode.TIMEOUT));
        }
    }
}
