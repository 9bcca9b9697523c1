package dev.ferry.testkit.tck;

import static dev.ferry.testkit.tck.TableIdentityResolverConformanceTest.context;

import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.identity.MrnFormatResolver;
import dev.ferry.hl7.identity.MrnRule;
import dev.ferry.spi.IdentityResolver;
import java.util.List;

/** The identity kit against the MRN format rules: padded, prefixed, renamed, left alone and refused identifiers. */
class MrnFormatResolverConformanceTest extends IdentityResolverConformance {
    static final Demographics SOMEONE = new Demographics("NAKAMURA^YUKI", "19820607", "F");

    @Override
    protected IdentityResolver createResolver() {
        return MrnFormatResolver.builder()
                .rule(MrnRule.forIssuer("HOSP_A").accept("\\d{1,8}").rejectUnmatched().stripLeadingZeros()
                        .padTo(8, '0').build())
                .rule(MrnRule.forIssuer("OLD_LAB").replace("^L(\\d+)$", "LAB$1").renameIssuer("LAB").build())
                .rule(MrnRule.forIssuer("").removePrefix("SITE-").addPrefix("S9").renameIssuer("HOSP_S").build())
                .build();
    }

    @Override
    protected List<IdentityContext> sampleContexts() {
        return List.of(
                context(11, PatientIdentity.of("0000738291", "HOSP_A"), SOMEONE, "ACC-61101"),
                context(12, PatientIdentity.of("73829155", "HOSP_A"), SOMEONE, "ACC-61102"),
                context(13, PatientIdentity.of("L5566778", "OLD_LAB"), SOMEONE, "ACC-61103"),
                context(14, PatientIdentity.of("SITE-99881", ""), SOMEONE, "ACC-61104"),
                context(15, PatientIdentity.of("OTHER-4412", "HOSP_Q"), SOMEONE, "ACC-61105"),
                context(16, null, Demographics.UNKNOWN, ""));
    }

    @Override
    protected List<IdentityContext> contextsThatMustBeRefused() {
        return List.of(context(17, PatientIdentity.of("XY-7382915", "HOSP_A"), SOMEONE, "ACC-61107"));
    }
}
