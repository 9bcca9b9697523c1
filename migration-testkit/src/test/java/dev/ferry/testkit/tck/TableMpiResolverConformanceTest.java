package dev.ferry.testkit.tck;

import static dev.ferry.testkit.tck.TableIdentityResolverConformanceTest.context;

import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.identity.TableMpiResolver;
import dev.ferry.spi.IdentityResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The identity kit against the table MPI, from a CSV file and from a SQL table (H2 in memory). */
class TableMpiResolverConformanceTest {
    static final Demographics ANNA = new Demographics("SCHMIDT^ANNA", "19650412", "F");

    static List<IdentityContext> samples() {
        return List.of(
                context(21, PatientIdentity.of("MRN-LOC-4711", "HOSP_A"), ANNA, "ACC-62101"),
                context(22, PatientIdentity.of("MRN-LOC-5812", "HOSP_B"), new Demographics("LEE^KIM", "19900101", "M"),
                        "ACC-62102"),
                context(23, PatientIdentity.of("MRN-LOC-9999", "HOSP_A"), ANNA, "ACC-62103"),
                context(24, PatientIdentity.of("MRN-LOC-4711", "HOSP_Z"), ANNA, "ACC-62104"),
                context(25, null, Demographics.UNKNOWN, ""));
    }

    /** From CSV. */
    @Nested
    class Csv extends IdentityResolverConformance {
        @TempDir
        Path tmp;

        @Override
        protected IdentityResolver createResolver() throws IOException {
            Path f = tmp.resolve("mpi.csv");
            Files.writeString(f, """
                    local_id,local_issuer,mpi_id,mpi_issuer,name,birth_date,sex
                    MRN-LOC-4711,HOSP_A,ENT-0000815,ENTERPRISE,SCHMIDT^ANNA,19650412,F
                    MRN-LOC-5812,HOSP_B,ENT-0000816,ENTERPRISE,,,
                    """);
            return TableMpiResolver.fromCsv(f);
        }

        @Override
        protected List<IdentityContext> sampleContexts() {
            return samples();
        }
    }

    /** From a SQL table; one local identifier is mapped to two enterprise identities and must be refused. */
    @Nested
    class Jdbc extends IdentityResolverConformance {
        static JdbcDataSource ds;
        static Connection keepAlive;

        @BeforeAll
        static void createTable() throws SQLException {
            ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:tck-mpi-" + System.nanoTime());
            keepAlive = ds.getConnection();
            try (Statement s = keepAlive.createStatement()) {
                s.execute("CREATE TABLE mpi (local_id VARCHAR(64), local_issuer VARCHAR(64), mpi_id VARCHAR(64),"
                        + " mpi_issuer VARCHAR(64), name VARCHAR(200), birth_date DATE, sex CHAR(1))");
                s.execute("INSERT INTO mpi VALUES ('MRN-LOC-4711', 'HOSP_A', 'ENT-0000815', 'ENTERPRISE',"
                        + " 'SCHMIDT^ANNA', DATE '1965-04-12', 'F')");
                s.execute("INSERT INTO mpi VALUES ('MRN-LOC-5812', 'HOSP_B', 'ENT-0000816', 'ENTERPRISE', NULL, NULL, NULL)");
                s.execute("INSERT INTO mpi VALUES ('MRN-TWO-3344', 'HOSP_A', 'ENT-0000901', 'ENTERPRISE', NULL, NULL, NULL)");
                s.execute("INSERT INTO mpi VALUES ('MRN-TWO-3344', 'HOSP_A', 'ENT-0000902', 'ENTERPRISE', NULL, NULL, NULL)");
            }
        }

        @AfterAll
        static void dropDatabase() throws SQLException {
            keepAlive.close();
        }

        @Override
        protected IdentityResolver createResolver() {
            return TableMpiResolver.jdbc(ds, "SELECT mpi_id, mpi_issuer, name, birth_date, sex FROM mpi"
                    + " WHERE local_id = ? AND local_issuer = ? ORDER BY mpi_id", Duration.ofSeconds(5));
        }

        @Override
        protected List<IdentityContext> sampleContexts() {
            return samples();
        }

        @Override
        protected List<IdentityContext> contextsThatMustBeRefused() {
            return List.of(context(26, PatientIdentity.of("MRN-TWO-3344", "HOSP_A"), ANNA, "ACC-62106"));
        }
    }
}
