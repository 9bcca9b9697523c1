package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionReportsTheBuiltVersionAndRuntime() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString())
                .containsPattern("^ferry \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R")
                .doesNotContain("${project.version}")
                .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void helpDescribesTheCommandAndItsOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: ferry", "--version", "--help", "medical imaging archives");
    }

    @Test
    void noArgumentsPrintsHelp() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: ferry");
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnStandardError() {
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
        assertThat(out.toString()).isEmpty();
    }
}
