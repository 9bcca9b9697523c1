package dev.ferry.cli;

import static dev.ferry.cli.NetworkCommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.Dataset;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.core.internal.IdentityChain;
import dev.ferry.dicom.TransferSyntax;
import dev.ferry.dicom.UID;
import dev.ferry.dicom.coerce.Action;
import dev.ferry.dicom.coerce.Rule;
import dev.ferry.dicom.coerce.RuleCoercer;
import dev.ferry.dicom.coerce.RuleSet;
import dev.ferry.dicom.coerce.TagRef;
import dev.ferry.dicom.io.DicomObject;
import dev.ferry.dicom.io.DicomReader;
import dev.ferry.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry migrate --coerce FILE --map-private-dose [TABLE] --coerce-dry-run N --out DIR} between folders. */
class MigrateCoercionTest {
    private static final byte[] PIXEL_DATA = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 4, 0, 0, 0, 1, 2, 3, 4};

    @TempDir
    Path tmp;
    private Path src;
    private Path dst;
    private Path state;
    private Path rules;

    /** Two CT studies of two instances whose CTDIvol is only in ORION_RAD_PRIVATE (0019,xx10), DS; one MR. */
    @BeforeEach
    void archive() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        dst = tmp.resolve("dst");
        state = tmp.resolve("state");
        for (int study = 1; study <= 3; study++) {
            for (int i = 1; i <= (study == 3 ? 1 : 2); i++) {
                Dataset h = new Dataset();
                h.setString(Tag.SOPClassUID, VR.UI, study == 3 ? UID.MRImageStorage : UID.CTImageStorage);
                h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.88." + study + ".1." + i);
                h.setString(Tag.StudyDate, VR.DA, "2024010" + study);
                h.setString(Tag.Modality, VR.CS, study == 3 ? "MR" : "CT");
                h.setString(Tag.Manufacturer, VR.LO, "ORION HEALTHCARE");
                h.setString(Tag.InstitutionName, VR.LO, "  general hospital ");
                h.setString(Tag.PatientID, VR.LO, "MIG-" + study);
                h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.88." + study);
                h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.88." + study + ".1");
                if (study != 3) {
                    h.setString(0x00190010, VR.LO, "ORION_RAD_PRIVATE");
                    h.setString(0x00191010, VR.DS, "14.75");
                }
                try (OutputStream out = Files.newOutputStream(src.resolve(study + "-" + i + ".dcm"))) {
                    TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
                    DicomWriter.writeFile(out, null, DicomWriter.fileMeta(h, ts, "CLI"), h,
                            new ByteArrayInputStream(PIXEL_DATA), ts, null);
                }
            }
        }
        rules = tmp.resolve("site.yaml");
        Files.writeString(rules, """
                name: site-rules
                rules:
                  - name: institution
                    do:
                      - trim: InstitutionName
                      - upperCase: InstitutionName
                """);
    }

    private List<Dataset> destinationHeaders() throws IOException {
        List<Dataset> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dst)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f); DicomObject o = DicomReader.standard().read(in, f.toString())) {
                    out.add(o.header());
                }
            }
        }
        return out;
    }

    private NetworkCommandsTest.Run migrate(String... more) {
        List<String> args = new ArrayList<>(List.of("migrate", "--source", "folder:" + src, "--dest", "folder:" + dst,
                "--state", state.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void mapsThePrivateDoseAppliesTheRulesKeepsTheOriginalsAndDoseRetentionPasses() throws IOException {
        NetworkCommandsTest.Run r = migrate("--coerce", rules.toString(), "--map-private-dose", "testkit");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instancesStored: 5", "passRate: 1.0", "ready: true");
        List<Dataset> headers = destinationHeaders();
        assertThat(headers).hasSize(5);
        for (Dataset h : headers) {
            assertThat(h.getString(Tag.InstitutionName)).isEqualTo("GENERAL HOSPITAL");
            Dataset.Sequence oas = h.getSequence(Tag.OriginalAttributesSequence);
            assertThat(oas).isNotNull();
            if (h.getString(Tag.Modality).equals("CT")) {
                assertThat(h.getDouble(Tag.CTDIvol, 0)).isEqualTo(14.75);
                assertThat(h.vr(Tag.CTDIvol)).isEqualTo(VR.FD);
                // One item for the dose mapping, one for the site rules, each with its originals.
                assertThat(oas).hasSize(2);
                Dataset dose = oas.get(0).getSequence(Tag.ModifiedAttributesSequence).get(0);
                assertThat(dose.contains(Tag.CTDIvol)).isTrue();
                assertThat(dose.valueAsText(Tag.CTDIvol)).isEmpty();
                assertThat(oas.get(0).getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
                assertThat(oas.get(1).getSequence(Tag.ModifiedAttributesSequence).get(0)
                        .getString(Tag.InstitutionName)).isEqualTo("  general hospital");
            } else {
                assertThat(h.contains(Tag.CTDIvol)).isFalse();
                assertThat(oas).hasSize(1);
            }
        }
        NetworkCommandsTest.Run export = run("custody", "export", "--state", state.toString());
        assertThat(export.out().lines().filter(l -> l.contains("\"verifier\":\"dose-retention\"")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"verdict\":\"PASSED\""));
        assertThat(export.out()).contains("\"type\":\"COERCED\"");
    }

    @Test
    void doseRetentionFailsWhenALaterRuleDropsTheMappedAttribute() throws IOException {
        Path dropping = tmp.resolve("drop.yaml");
        Files.writeString(dropping, """
                name: careless
                rules:
                  - name: drop-dose
                    do: [{remove: CTDIvol}]
                """);
        NetworkCommandsTest.Run r = migrate("--coerce", dropping.toString(), "--map-private-dose=testkit");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(destinationHeaders()).noneMatch(h -> h.contains(Tag.CTDIvol));
        NetworkCommandsTest.Run export = run("custody", "export", "--state", state.toString());
        assertThat(export.out().lines().filter(l -> l.contains("\"verifier\":\"dose-retention\"")
                && l.contains("\"verdict\":\"FAILED\""))).isNotEmpty();
    }

    @Test
    void aPlanRunsTheCoercersItNamesAndRefusesOnesItDoesNot() throws IOException {
        Path plan = tmp.resolve("plan.yaml");
        Files.writeString(plan, "name: folders\nsource: folder:" + src + "\ndestination: folder:" + dst
                + "\ncoercers: [private-dose, site-rules]\nverifiers: [dose-retention]\n");
        NetworkCommandsTest.Run r = run("migrate", "--plan", plan.toString(), "--coerce", rules.toString(),
                "--map-private-dose", "testkit", "--state", state.toString(), "--no-progress");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instancesStored: 5", "passRate: 1.0");
        assertThat(destinationHeaders()).filteredOn(h -> "CT".equals(h.getString(Tag.Modality)))
                .hasSize(4).allSatisfy(h -> assertThat(h.getDouble(Tag.CTDIvol, 0)).isEqualTo(14.75));

        Files.writeString(plan, "name: folders2\nsource: folder:" + src + "\ndestination: folder:" + dst
                + "\ncoercers: [private-dose]\n");
        NetworkCommandsTest.Run missing = run("migrate", "--plan", plan.toString(), "--coerce", rules.toString(),
                "--map-private-dose", "testkit", "--state", state.toString(), "--no-progress");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not run the coercer 'site-rules'");
    }

    @Test
    void aBrokenRulesFileIsAUsageErrorNamingTheFileAndLine() throws IOException {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, """
                rules:
                  - name: bad
                    do:
                      - set: {tag: NoSuchKeyword, value: x}
                """);
        NetworkCommandsTest.Run r = migrate("--coerce", broken.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(broken + ":4:");
        assertThat(dst).doesNotExist();
    }

    @Test
    void theBuiltInTableWarnsThatItsMappingsCannotBeVerifiedAndAnUnknownTableIsRefused() {
        NetworkCommandsTest.Run r = migrate("--map-private-dose");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dose-retention cannot check 2 of the 2 dose mappings");

        NetworkCommandsTest.Run unknown = migrate("--map-private-dose=vendor-x");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown table 'vendor-x'");
    }

    @Test
    void aCoercionDryRunWritesItsReportsAndStoresNothing() throws IOException {
        Path reports = tmp.resolve("reports");
        NetworkCommandsTest.Run r = migrate("--coerce", rules.toString(), "--map-private-dose", "testkit",
                "--coerce-dry-run", "0", "--out", reports.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("over 3 studies, 5 instances: 5 changed, 0 rejected", "nothing was stored");
        assertThat(Files.readString(reports.resolve(CoerceOptions.DRY_RUN_JSON)))
                .contains("\"rule\" : \"private-dose/CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE\"",
                        "\"rule\" : \"site-rules/institution\"");
        assertThat(Files.readAllLines(reports.resolve(CoerceOptions.DRY_RUN_CSV))).hasSize(5)
                .anySatisfy(l -> assertThat(l).startsWith("\"private-dose/CTDIvol from (0019,xx10)@ORION_RAD_PRIVATE\",4,4,0,"));
        assertThat(dst).doesNotExist();
        assertThat(state).doesNotExist();

        assertThat(migrate("--coerce-dry-run", "3", "--out", reports.toString()).code()).isEqualTo(2);
        assertThat(migrate("--coerce", rules.toString(), "--coerce-dry-run", "3").code()).isEqualTo(2);
    }

    /**
     * Identity changes (core) and coercion rules (dicom) keep their originals in the same shape: one
     * item per change, a Modified Attributes Sequence of one item, the same four attributes with the
     * same VRs and values for the same clock and source.
     */
    @Test
    void identityChangesAndCoercionRulesWriteTheSameOriginalAttributesItem() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.123456Z"), ZoneOffset.UTC);
        Dataset byIdentity = header();
        IdentityChain.stamp(byIdentity, new ResolvedIdentity(PatientIdentity.of("MRN-1", null), null, null,
                List.of("test")), "dimse:LEGACY@pacs:104", clock);

        Dataset byRules = header();
        RuleCoercer coercer = RuleCoercer.builder(new RuleSet("ids", List.of(new Rule("patient-id", null,
                List.of(new Action.Set(TagRef.of(Tag.PatientID), null, "MRN-1")))))).clock(clock).build();
        InstanceDescriptor d = InstanceDescriptor.of(byRules, StudyDescriptor.UNKNOWN);
        coercer.coerce(byRules, new CoercionContext("dimse:LEGACY@pacs:104", StudyDescriptor.ofUid(d.studyInstanceUid()),
                d, null));

        Dataset a = byIdentity.getSequence(Tag.OriginalAttributesSequence).get(0);
        Dataset b = byRules.getSequence(Tag.OriginalAttributesSequence).get(0);
        assertThat(shape(a)).isEqualTo(shape(b));
        assertThat(byIdentity.getSequence(Tag.OriginalAttributesSequence)).hasSize(1);
        assertThat(byRules.getSequence(Tag.OriginalAttributesSequence)).hasSize(1);
    }

    private static Dataset header() {
        Dataset h = new Dataset();
        h.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        h.setString(Tag.SOPInstanceUID, VR.UI, "2.25.88.9.1");
        h.setString(Tag.StudyInstanceUID, VR.UI, "2.25.88.9");
        h.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.88.9.1");
        h.setString(Tag.PatientID, VR.LO, "OLD-1");
        return h;
    }

    /** Every element of an item, nested items included, as tag, VR and value text. */
    private static List<String> shape(Dataset item) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < item.size(); i++) {
            int tag = item.tagAt(i);
            out.add(dev.ferry.api.Tags.format(tag) + " " + item.vrAt(i) + " " + item.valueAsText(tag));
            Dataset.Sequence seq = item.sequenceAt(i);
            if (seq != null) {
                for (Dataset nested : seq) {
                    out.add("item:");
                    out.addAll(shape(nested));
                }
            }
        }
        return out;
    }
}
