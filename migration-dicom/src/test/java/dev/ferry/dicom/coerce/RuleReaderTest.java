package dev.ferry.dicom.coerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Tag;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML form of rules, and its errors naming the file, line and field. */
class RuleReaderTest {
    @TempDir
    Path dir;

    private RuleSet read(String yaml) throws Exception {
        return RuleReader.read(new StringReader(yaml), "rules.yaml", dir);
    }

    @Test
    void readsTheModelTheRecordsMake() throws Exception {
        Files.writeString(dir.resolve("inst.csv"), "from,to\nSt Elsewhere,ST ELSEWHERE\n\"A, B\",AB\n");
        RuleSet set = read("""
                name: site-rules
                rules:
                  - name: tidy
                    when: {modality: [CT, mr], manufacturer: "GE.*", not: {sourceAeTitle: TEST}}
                    do:
                      - trim: InstitutionName
                      - map: {tag: InstitutionName, table: inst.csv}
                      - copy: {from: "(0019,xx10)@ORION_RAD_PRIVATE", to: CTDIvol, sourceVr: DS}
                      - fixDates
                      - convertToUtf8
                  - name: dates
                    when: {studyDate: 20100101-, any: [{present: StationName}, {privateCreator: {creator: ACME, group: "0009"}}]}
                    reason: correct
                    do: [{reject: "no"}]
                """);
        assertThat(set.name()).isEqualTo("site-rules");
        Rule tidy = set.rules().get(0);
        assertThat(tidy.when()).isEqualTo(new Condition.All(List.of(new Condition.Modality(Set.of("CT", "MR")),
                new Condition.Manufacturer("GE.*"), new Condition.Not(new Condition.SourceAeTitle(Set.of("TEST"))))));
        assertThat(tidy.actions()).containsExactly(new Action.Trim(TagRef.of(Tag.InstitutionName)),
                new Action.MapValues(TagRef.of(Tag.InstitutionName), Map.of("St Elsewhere", "ST ELSEWHERE", "A, B", "AB"),
                        "inst.csv"),
                new Action.Copy(TagRef.ofPrivate("ORION_RAD_PRIVATE", 0x0019, 0x10), TagRef.of(Tag.CTDIvol), null,
                        dev.ferry.api.VR.DS),
                new Action.FixDates(List.of(), null), new Action.ConvertToUtf8());
        assertThat(set.rules().get(1).reason()).isEqualTo(Rule.Reason.CORRECT);
        assertThat(RuleCoercer.of(set).name()).isEqualTo("site-rules");
    }

    @Test
    void errorsNameTheFileLineAndField() {
        assertError("rules:\n  - name: a\n    do:\n      - set: {tag: Foo, value: x}\n",
                "rules.yaml:4:", "rules[0].do[0].set.tag", "Foo");
        assertError("rules:\n  - name: a\n    when: {colour: red}\n    do: [convertToUtf8]\n",
                "rules.yaml:3:", "unknown field 'colour'", "modality");
        assertError("rules:\n  - name: a\n    do: [{replace: {tag: StationName, pattern: \"(\"}}]\n",
                "rules.yaml:3:", "rules[0].do[0].replace", "regular expression");
        assertError("rules:\n  - name: a\n    do: [convertToUtf8]\n  - name: a\n    do: [fixDates]\n",
                "rules.yaml:4:", "rules[1]", "name 'a'");
        assertError("rules:\n  - name: a\n    do: [{map: {tag: StationName, table: missing.csv}}]\n",
                "rules.yaml:3:", "does not exist");
        assertError("rules:\n  - name: a\n    do: [{set: {tag: SpecificCharacterSet, value: ISO_IR 100}}]\n",
                "rules.yaml:3:", "convertToUtf8");
        assertError("rules:\n  - name: a\n    when: {studyDate: 2010}\n    do: [fixDates]\n",
                "rules.yaml:3:", "studyDate", "DICOM date range");
        assertError("rules: [\n", "rules.yaml:", "not valid YAML");
        assertError("rules:\n  - name: a\n    do: [{set: {tag: \"(0009,xx10)@ACME\", value: x}}]\n",
                "rules.yaml:3:", "needs its vr");
    }

    @Test
    void tableErrorsNameTheTableAndLine() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "a,b\na,c\n");
        assertThatThrownBy(() -> read("rules:\n  - name: a\n    do: [{map: {tag: StationName, table: t.csv}}]\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("t.csv:2:");
    }

    private void assertError(String yaml, String... parts) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(ConfigurationException.class).message().contains(parts);
    }
}
