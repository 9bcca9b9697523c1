package dev.ferry.hl7.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrnFormatResolverTest {
    @TempDir
    Path tmp;

    static PatientIdentity resolved(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Resolved.class);
        return ((IdentityDecision.Resolved) d).identity().patient();
    }

    @Test
    void stripsLeadingZerosThenPads() {
        MrnFormatResolver r = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").stripLeadingZeros().padTo(8, '0').build())
                .build();
        assertThat(resolved(r.resolve(Contexts.of("000001234", "HOSP_A")))).isEqualTo(PatientIdentity.of("00001234", "HOSP_A"));
        assertThat(resolved(r.resolve(Contexts.of("1234", "HOSP_A")))).isEqualTo(PatientIdentity.of("00001234", "HOSP_A"));
        assertThat(r.resolve(Contexts.of("00001234", "HOSP_A"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(r.resolve(Contexts.of("1234", "HOSP_B"))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(r.resolve(Contexts.of(null, null))).isInstanceOf(IdentityDecision.Abstain.class);
    }

    @Test
    void stripsZerosButKeepsOne() {
        MrnFormatResolver r = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").stripLeadingZeros().build()).build();
        assertThat(resolved(r.resolve(Contexts.of("0000", "HOSP_A"))).id()).isEqualTo("0");
        assertThat(resolved(r.resolve(Contexts.of("0012", "HOSP_A"))).id()).isEqualTo("12");
    }

    @Test
    void prefixesRegexAndIssuerMapping() {
        MrnFormatResolver r = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("").atSource("site-b").removePrefix("B-").addPrefix("HB").renameIssuer("HOSP_B")
                        .build())
                .rule(MrnRule.forIssuer("OLD_LAB").replace("^L(\\d+)$", "LAB$1").upperCase().renameIssuer("LAB").build())
                .build();
        assertThat(resolved(r.resolve(Contexts.of("site-b", "B-778", "")))).isEqualTo(PatientIdentity.of("HB778", "HOSP_B"));
        assertThat(r.resolve(Contexts.of("site-c", "B-778", ""))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(resolved(r.resolve(Contexts.of("L42", "OLD_LAB")))).isEqualTo(PatientIdentity.of("LAB42", "LAB"));
        assertThat(resolved(r.resolve(Contexts.of("x9", "OLD_LAB")))).isEqualTo(PatientIdentity.of("X9", "LAB"));
    }

    @Test
    void theMostSpecificRuleWins() {
        MrnFormatResolver r = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer(MrnRule.ANY).addPrefix("ANY-").build())
                .rule(MrnRule.forIssuer("HOSP_A").addPrefix("A-").build())
                .rule(MrnRule.forIssuer(MrnRule.ANY).atSource("site-b").addPrefix("B-").build())
                .rule(MrnRule.forIssuer("HOSP_A").atSource("site-b").addPrefix("AB-").build())
                .build();
        assertThat(resolved(r.resolve(Contexts.of("site-b", "1", "HOSP_A"))).id()).isEqualTo("AB-1");
        assertThat(resolved(r.resolve(Contexts.of("site-b", "1", "HOSP_C"))).id()).isEqualTo("B-1");
        assertThat(resolved(r.resolve(Contexts.of("site-x", "1", "HOSP_A"))).id()).isEqualTo("A-1");
        assertThat(resolved(r.resolve(Contexts.of("site-x", "1", "HOSP_C"))).id()).isEqualTo("ANY-1");
    }

    @Test
    void unmatchedFormatsAreRefusedOrLeftAlone() {
        MrnFormatResolver strict = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").accept("\\d{1,8}").accept("A\\d{6}").rejectUnmatched()
                        .stripLeadingZeros().build())
                .build();
        assertThat(resolved(strict.resolve(Contexts.of("0042", "HOSP_A"))).id()).isEqualTo("42");
        IdentityDecision d = strict.resolve(Contexts.of("XY-123456", "HOSP_A"));
        assertThat(d).isInstanceOf(IdentityDecision.Refused.class);
        assertThat(((IdentityDecision.Refused) d).reason()).isEqualTo(ReasonCode.IDENTITY_UNRESOLVED);
        assertThat(((IdentityDecision.Refused) d).detail()).contains("HOSP_A").doesNotContain("XY-123456");

        MrnFormatResolver lenient = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").accept("\\d{1,8}").stripLeadingZeros().build()).build();
        assertThat(lenient.resolve(Contexts.of("XY-0123", "HOSP_A"))).isInstanceOf(IdentityDecision.Abstain.class);
    }

    @Test
    void anIdentifierMadeEmptyIsRefused() {
        MrnFormatResolver r = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").removePrefix("P").build()).build();
        IdentityDecision d = r.resolve(Contexts.of("P", "HOSP_A"));
        assertThat(d).isInstanceOf(IdentityDecision.Refused.class);
        MrnFormatResolver bad = MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").replace("-", "\\\\").build())
                .rule(MrnRule.forIssuer("HOSP_B").addPrefix("X".repeat(60)).build()).build();
        assertThat(bad.resolve(Contexts.of("12-34", "HOSP_A"))).isInstanceOf(IdentityDecision.Refused.class);
        assertThat(bad.resolve(Contexts.of("12345", "HOSP_B"))).isInstanceOf(IdentityDecision.Refused.class);
        assertThat(bad.resolve(Contexts.of("1234", "HOSP_B"))).isInstanceOf(IdentityDecision.Resolved.class);
    }

    @Test
    void builderErrorsNameTheRule() {
        assertThatThrownBy(() -> MrnRule.forIssuer("HOSP_A").accept("(").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("HOSP_A").hasMessageContaining("accept");
        assertThatThrownBy(() -> MrnRule.forIssuer("HOSP_A").rejectUnmatched().build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("accepted format");
        assertThatThrownBy(() -> MrnRule.forIssuer("HOSP_A").padTo(0, '0'))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> MrnFormatResolver.builder().rule(MrnRule.forIssuer("A").build())
                .rule(MrnRule.forIssuer("A").build())).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void readsRulesFromCsv() throws IOException {
        Path f = write("rules.csv", """
                # MRN rules of the Riverside migration
                source,issuer,operation,argument,replacement
                *,HOSP_A,accept,"\\d{1,8}",
                *,HOSP_A,reject-unmatched,,
                *,HOSP_A,strip-leading-zeros,,
                *,HOSP_A,pad,8,0

                site-b,,remove-prefix,B-,
                site-b,,issuer,HOSP_B,
                *,OLD_LAB,replace,"^L(\\d+),?$",LAB$1
                *,OLD_LAB,issuer,LAB,
                """);
        MrnFormatResolver r = MrnFormatResolver.fromCsv(f);
        assertThat(r.rules()).hasSize(3);
        assertThat(resolved(r.resolve(Contexts.of("0001234", "HOSP_A")))).isEqualTo(PatientIdentity.of("00001234", "HOSP_A"));
        assertThat(r.resolve(Contexts.of("ABC", "HOSP_A"))).isInstanceOf(IdentityDecision.Refused.class);
        assertThat(resolved(r.resolve(Contexts.of("site-b", "B-55", "")))).isEqualTo(PatientIdentity.of("55", "HOSP_B"));
        assertThat(resolved(r.resolve(Contexts.of("L7,", "OLD_LAB")))).isEqualTo(PatientIdentity.of("LAB7", "LAB"));
    }

    @Test
    void csvErrorsNameFileAndLine() throws IOException {
        String header = "source,issuer,operation,argument,replacement\n";
        assertCsvError(header + "*,A,strip-leading-zeros,,\n*,A,frobnicate,,\n", ":3: unknown operation");
        assertCsvError(header + "*,A,pad,eight,\n", ":2: pad: the argument is not a whole number");
        assertCsvError(header + "*,A,accept,\"(\",\n", ":2: ");
        assertCsvError(header + "*,A,accept,\"\\d+,\n", ":2: field 4: unterminated quote");
        assertCsvError(header + "*,A,pad,8,0,extra\n", ":2: 6 fields");
        assertCsvError("source,issuer,op\n", ":1: unknown column 'op'");
        assertCsvError("# nothing\n", ": no header row");
        assertCsvError(header + "*,A,reject-unmatched,,\n", ":2: MRN rule for A: reject-unmatched needs");
        assertCsvError(header + "*,A,accept," + "x".repeat(CsvFile.MAX_LINE_CHARS) + ",\n", ":2: line longer");
    }

    private void assertCsvError(String content, String expected) throws IOException {
        Path f = write("bad.csv", content);
        assertThatThrownBy(() -> MrnFormatResolver.fromCsv(f)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(f + expected);
    }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
