package dev.ferry.testkit.tck;

import dev.ferry.api.Accession;
import dev.ferry.api.Dataset;
import dev.ferry.api.Demographics;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.Tag;
import dev.ferry.spi.TagCoercer;
import dev.ferry.testkit.SyntheticInstance;
import dev.ferry.testkit.SyntheticStudy;
import dev.ferry.testkit.TestInstances;
import java.util.ArrayList;
import java.util.List;

/** The coercer kit against the house-rules coercer. */
class HouseRulesCoercerConformanceTest extends TagCoercerConformance {
    @Override
    protected TagCoercer createCoercer() {
        return new HouseRulesCoercer();
    }

    @Override
    protected List<CoercionSample> samples() {
        return samplesFor();
    }

    static List<CoercionSample> samplesFor() {
        List<CoercionSample> out = new ArrayList<>();
        SyntheticStudy study = TestInstances.study(8001).series("CT", 2).series("SR", 1)
                .eachInstance(Fixtures::decorate).build();
        for (SyntheticInstance i : study.instances()) {
            out.add(CoercionSample.of(study, i, "legacy-pacs", null));
        }
        ResolvedIdentity merged = new ResolvedIdentity(PatientIdentity.of("MRN-SURV-0042", "HOSP_A"),
                Demographics.UNKNOWN, Accession.of("ACC-NORM-0042"), List.of("merge"));
        out.add(CoercionSample.of(study, study.instances().get(0), "legacy-pacs", merged));

        Dataset plain = TestInstances.instance(8002).institutionName("ST. MARY HOSPITAL").build().header();
        out.add(CoercionSample.of(plain, "legacy-pacs", null));

        Dataset anonymous = TestInstances.instance(8003).patient(null, null).build().header();
        out.add(CoercionSample.of(anonymous, "legacy-pacs", null));

        Dataset nested = TestInstances.instance(8004).header(Fixtures::decorate).build().header();
        nested.getSequence(Tag.RequestAttributesSequence).addItem().setString(Tag.RequestedProcedureID,
                dev.ferry.api.VR.SH, "SECOND-ITEM");
        out.add(CoercionSample.of(nested, "other-pacs", null));
        return out;
    }
}
