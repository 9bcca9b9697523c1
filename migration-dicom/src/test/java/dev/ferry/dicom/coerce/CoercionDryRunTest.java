package dev.ferry.dicom.coerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.api.Dataset;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.archive.folder.FolderSource;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run over a folder: which rules fire, how often, on what; JSON and CSV; nothing changes on disk. */
class CoercionDryRunTest {
    @TempDir
    Path root;

    /** Study 1 and 2: CT, two instances each, CTDIvol only in ORION's private block; study 3: MR, one instance. */
    @BeforeEach
    void folder() throws IOException {
        for (int s = 1; s <= 3; s++) {
            int instances = s == 3 ? 1 : 2;
            for (int i = 1; i <= instances; i++) {
                Dataset h = new Dataset();
                h.setString(Tag.SOPClassUID, VR.UI, s == 3 ? "1.2.840.10008.5.1.4.1.1.4" : "1.2.840.10008.5.1.4.1.1.2");
                h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.5." + s + "." + i);
                h.setString(Tag.StudyDate, VR.DA, "2015060" + s);
                h.setString(Tag.Modality, VR.CS, s == 3 ? "MR" : "CT");
                h.setString(Tag.Manufacturer, VR.LO, "ORION HEALTHCARE");
                h.setString(Tag.InstitutionName, VR.LO, "  General ");
                h.setString(Tag.PatientID, VR.LO, "P" + s);
                h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.5." + s);
                h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.5." + s + ".1");
                if (s != 3) {
                    h.setString(0x00190010, VR.LO, "ORION_RAD_PRIVATE");
                    h.setString(0x00191010, VR.DS, "11.25");
                }
                try (OutputStream out = Files.newOutputStream(root.resolve(s + "-" + i + ".dcm"))) {
                    TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
                    DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "TEST"), h,
                            new ByteArrayInputStream(new byte[0]), ts, null);
                }
            }
        }
    }

    private static RuleCoercer rules() {
        List<Rule> rules = new ArrayList<>(DoseMappings.rules(TestkitDoseMappings.entries()).rules());
        rules.add(new Rule("institution-trim", null, List.of(new Action.Trim(TagRef.of(Tag.InstitutionName)))));
        rules.add(new Rule("no-mr", new Condition.Modality(java.util.Set.of("MR")),
                List.of(new Action.Reject("MR goes elsewhere"))));
        return RuleCoercer.builder(new RuleSet("site", rules)).clock(CoercionTestSupport.CLOCK).build();
    }

    @Test
    void countsWhichRulesFireOnWhatOverTheWholeFolderAndChangesNothingOnDisk() throws IOException {
        Map<Path, Long> before = sizes();
        CoercionDryRun.Report r;
        try (FolderSource source = FolderSource.builder(root).build()) {
            r = CoercionDryRun.run(source, rules(), StudySampler.ALL);
        }

        assertThat(r.coercer()).isEqualTo("site");
        assertThat(r.studies()).isEqualTo(3);
        assertThat(r.instances()).isEqualTo(5);
        assertThat(r.changedInstances()).isEqualTo(4);
        assertThat(r.rejectedInstances()).isEqualTo(1);
        CoercionDryRun.RuleStats orion = stats(r, "CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE");
        assertThat(orion.matched()).isEqualTo(4);
        assertThat(orion.changedInstances()).isEqualTo(4);
        assertThat(orion.changedTags()).containsEntry("CTDIvol (0018,9345)", 4);
        assertThat(orion.byModality()).isEqualTo(Map.of("CT", 4));
        assertThat(orion.byManufacturer()).isEqualTo(Map.of("ORION HEALTHCARE", 4));
        assertThat(orion.exampleStudies()).containsExactlyInAnyOrder("2.25.5.1", "2.25.5.2");
        assertThat(stats(r, "CTDIvol from (0009,xx10)@ACME IMAGING 3.1").matched()).isZero();
        assertThat(stats(r, "institution-trim").matched()).isEqualTo(5);
        assertThat(stats(r, "no-mr").rejected()).isEqualTo(1);
        assertThat(sizes()).isEqualTo(before);
    }

    @Test
    void aSampleTakesThatManyStudies() throws IOException {
        try (FolderSource source = FolderSource.builder(root).build()) {
            CoercionDryRun.Report r = CoercionDryRun.run(source, rules(), 2);
            assertThat(r.studies()).isEqualTo(2);
        }
    }

    @Test
    void writesJsonAndCsvWithOneEntryPerRuleInOrderAndNoValues() throws IOException {
        CoercionDryRun.Report r;
        try (FolderSource source = FolderSource.builder(root).build()) {
            r = CoercionDryRun.run(source, rules(), StudySampler.ALL);
        }
        StringWriter json = new StringWriter();
        r.writeJson(json);
        Map<String, Integer> matched = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json.toString())) {
            String rule = null;
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.getCurrentName().equals("rule")) {
                    p.nextToken();
                    rule = p.getText();
                    order.add(rule);
                } else if (p.currentToken() == JsonToken.FIELD_NAME && p.getCurrentName().equals("matched")) {
                    p.nextToken();
                    matched.put(rule, p.getIntValue());
                }
            }
        }
        assertThat(order).containsExactly("CTDIvol from (0009,xx10)@ACME IMAGING 3.1",
                "CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE", "CTDIvol from (0043,xx10)@ZEPHYR DOSE INFO 1",
                "institution-trim", "no-mr");
        assertThat(matched).containsEntry("CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE", 4)
                .containsEntry("institution-trim", 5).containsEntry("no-mr", 1);
        assertThat(json.toString()).contains("\"studies\" : 3", "\"instances\" : 5", "\"rejectedInstances\" : 1")
                .doesNotContain("General", "11.25", "\"P1\"");

        StringWriter csv = new StringWriter();
        r.writeCsv(csv);
        List<String> lines = csv.toString().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("rule,matched,changedInstances,rejected,");
        assertThat(lines.get(2)).startsWith("\"CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE\",4,4,0,"
                + "\"CTDIvol (0018,9345)=4\",,CT=4,ORION HEALTHCARE=4,");
        assertThat(lines.get(5)).startsWith("no-mr,1,0,1,");
        assertThat(csv.toString()).doesNotContain("General", "11.25");
    }

    private Map<Path, Long> sizes() throws IOException {
        Map<Path, Long> m = new HashMap<>();
        try (var s = Files.list(root)) {
            for (Path p : s.toList()) {
                m.put(p, Files.size(p) ^ Files.getLastModifiedTime(p).toMillis());
            }
        }
        return m;
    }

    private static CoercionDryRun.RuleStats stats(CoercionDryRun.Report r, String rule) {
        return r.rules().stream().filter(s -> s.rule().equals(rule)).findFirst().orElseThrow();
    }
}
