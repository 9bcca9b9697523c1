package dev.ferry.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class DbTest {
    @Test
    void constraintViolationsAndDataExceptionsLoseTheirMessageButKeepTheirCodes() {
        SQLException duplicate = new SQLIntegrityConstraintViolationException(
                "Unique index or primary key violation: ( /* key:1 */ 'm', '1.2.3', 'SECRET-PID')", "23505", 23505);

        SQLException clean = Db.scrubbed(duplicate);

        assertThat(clean.getMessage()).doesNotContain("SECRET").contains("SQLIntegrityConstraintViolationException");
        assertThat(clean.getSQLState()).isEqualTo("23505");
        assertThat(clean.getErrorCode()).isEqualTo(23505);
        assertThat(clean.getStackTrace()).isEqualTo(duplicate.getStackTrace());
        assertThat(Db.scrubbed(new SQLException("Data conversion error converting \"SECRET\"", "22018")).getMessage())
                .doesNotContain("SECRET");
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat((Object) Db.scrubbed(refused)).isSameAs(refused);
        SQLException noState = new SQLException("odd");
        assertThat((Object) Db.scrubbed(noState)).isSameAs(noState);
    }

    @Test
    void theDialectComesFromTheUrl() {
        assertThat(Dialect.of("jdbc:h2:file:/tmp/x")).isEqualTo(Dialect.H2);
        assertThat(Dialect.of("JDBC:PostgreSQL://db/ferry")).isEqualTo(Dialect.POSTGRESQL);
        assertThatThrownBy(() -> Dialect.of("jdbc:oracle:thin:scott/tiger@db")).hasMessageContaining("jdbc:oracle:")
                .hasMessageNotContaining("tiger");
        assertThatThrownBy(() -> Dialect.of("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }
}
