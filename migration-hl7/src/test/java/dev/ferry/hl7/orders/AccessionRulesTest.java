package dev.ferry.hl7.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.hl7.orders.AccessionRules.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessionRulesTest {
    @TempDir
    Path tmp;

    private static String value(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Normalised.class);
        return ((Outcome.Normalised) o).value();
    }

    @Test
    void stripsAddsAndUpperCases() {
        AccessionRules r = AccessionRules.builder().stripPrefix("RIS-").stripSuffix("/1").addPrefix("H1").build();
        Outcome o = r.normalise(" ris-a123/1 ");
        assertThat(value(o)).isEqualTo("H1A123");
        assertThat(((Outcome.Normalised) o).steps()).containsExactly(AccessionRules.Step.TRIMMED,
                AccessionRules.Step.UPPER_CASED, AccessionRules.Step.PREFIX_STRIPPED, AccessionRules.Step.SUFFIX_STRIPPED,
                AccessionRules.Step.PREFIX_ADDED);
        assertThat(value(r.normalise("H1A123"))).isEqualTo("H1A123");
        assertThat(((Outcome.Normalised) r.normalise("H1A123")).steps()).isEmpty();
    }

    @Test
    void tooLongIsRefusedUnlessTruncationIsAskedForAndThenItIsAStep() {
        String raw = "20240101-000012345";
        Outcome refused = AccessionRules.dicomDefaults().normalise(raw);
        assertThat(refused).isInstanceOfSatisfying(Outcome.Refused.class, f -> {
            assertThat(f.refusal()).isEqualTo(AccessionRules.Refusal.TOO_LONG);
            assertThat(f.detail()).doesNotContain(raw).contains("16");
        });
        Outcome cut = AccessionRules.builder().overLength(AccessionRules.OverLength.TRUNCATE_LEFT).build().normalise(raw);
        assertThat(value(cut)).isEqualTo("240101-000012345"); // the last 16 characters
        assertThat(((Outcome.Normalised) cut).steps()).contains(AccessionRules.Step.TRUNCATED);
    }

    @Test
    void charactersOutsideTheSetAreRefusedOrRemoved() {
        assertThat(AccessionRules.dicomDefaults().normalise("A\\B")).isInstanceOfSatisfying(Outcome.Refused.class,
                f -> assertThat(f.refusal()).isEqualTo(AccessionRules.Refusal.DISALLOWED_CHARACTER));
        AccessionRules digits = AccessionRules.builder().allowedCharacters("0-9")
                .disallowed(AccessionRules.Disallowed.REMOVE).build();
        assertThat(value(digits.normalise("CT-0042"))).isEqualTo("0042");
        assertThat(digits.normalise("CT")).isInstanceOfSatisfying(Outcome.Refused.class,
                f -> assertThat(f.refusal()).isEqualTo(AccessionRules.Refusal.EMPTY));
        assertThat(AccessionRules.dicomDefaults().normalise("  ")).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void readsCsvAndNamesTheLineOfAnError() throws IOException {
        Path ok = tmp.resolve("rules.csv");
        Files.writeString(ok, "# destination format\nstrip-prefix,OLD\nmax-length,8\nover-length,truncate-right\n"
                + "allowed,A-Z0-9\nupper-case,true\n");
        AccessionRules r = AccessionRules.read(ok);
        assertThat(value(r.normalise("oldabc123456789"))).isEqualTo("ABC12345");

        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "strip-prefix,OLD\n\nover-length,chop\n");
        assertThatThrownBy(() -> AccessionRules.read(bad)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("bad.csv:3").hasMessageContaining("over-length");
        Path unknown = tmp.resolve("unknown.csv");
        Files.writeString(unknown, "colour,blue\n");
        assertThatThrownBy(() -> AccessionRules.read(unknown)).hasMessageContaining("unknown.csv:1");
    }

    @Test
    void buildRefusesRulesThatCannotWork() {
        assertThatThrownBy(() -> AccessionRules.builder().addPrefix("ABCDEFGH").maxLength(8).build())
                .hasMessageContaining("max-length");
        assertThatThrownBy(() -> AccessionRules.builder().allowedCharacters("0-9").addPrefix("X").build())
                .hasMessageContaining("add-prefix");
    }
}
