package dev.ferry.testkit.tck;

import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.dicom.coerce.Action;
import dev.ferry.dicom.coerce.Condition;
import dev.ferry.dicom.coerce.Rule;
import dev.ferry.dicom.coerce.RuleCoercer;
import dev.ferry.dicom.coerce.RuleSet;
import dev.ferry.dicom.coerce.TagRef;
import dev.ferry.spi.TagCoercer;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link RuleCoercer} through the {@link TagCoercerConformance} kit, with a fixed clock. */
class RuleCoercerConformanceTest extends TagCoercerConformance {
    @Override
    protected TagCoercer createCoercer() {
        RuleSet rules = new RuleSet("site-rules", List.of(
                new Rule("tidy", Condition.ALWAYS, List.of(
                        new Action.Trim(TagRef.of(Tag.InstitutionName)),
                        new Action.UpperCase(TagRef.of(Tag.InstitutionName)),
                        new Action.Set(TagRef.of(Tag.InstitutionalDepartmentName), null, "RADIOLOGY"),
                        new Action.Replace(TagRef.of(Tag.StationName), "(?i)^st", "ST-"),
                        new Action.MapValues(TagRef.of(Tag.Modality), Map.of("MR", "MR"), "t"))),
                new Rule("private", Condition.ALWAYS, List.of(
                        new Action.Set(TagRef.parse("(0009,xx01)@FERRY TEST"), VR.LO, "migrated"),
                        new Action.Copy(TagRef.of(Tag.StudyDate), TagRef.parse("(0009,xx02)@FERRY TEST"), VR.DA, null))),
                new Rule("ct-only", new Condition.Modality(Set.of("CT")), List.of(
                        new Action.Remove(TagRef.of(Tag.OtherPatientIDs)),
                        new Action.FixDates(List.of(), null),
                        new Action.ConvertToUtf8())),
                new Rule("no-sr", new Condition.Modality(Set.of("SR")), List.of(new Action.Reject("no SR")))));
        return RuleCoercer.builder(rules)
                .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).build();
    }

    @Override
    protected List<CoercionSample> samples() {
        List<CoercionSample> out = new ArrayList<>();
        for (String modality : List.of("CT", "MR")) {
            SyntheticStudy s = TestInstances.study(modality.equals("CT") ? 1 : 2).series(modality, 2).build();
            s.instances().forEach(i -> out.add(CoercionSample.of(s, i, "dimse:LEGACY@127.0.0.1:104", null)));
        }
        return out;
    }
}
