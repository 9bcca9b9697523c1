package dev.ferry.testkit.tck;

import static dev.ferry.testkit.tck.TableIdentityResolverConformanceTest.context;

import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.PatientIdentity;
import dev.ferry.hl7.adt.AdtEvent;
import dev.ferry.hl7.adt.AdtPatient;
import dev.ferry.hl7.adt.EventKind;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.hl7.identity.DemographicsCheck;
import dev.ferry.hl7.identity.IdentityPipeline;
import dev.ferry.hl7.identity.MpiEntry;
import dev.ferry.hl7.identity.MrnFormatResolver;
import dev.ferry.hl7.identity.MrnRule;
import dev.ferry.hl7.identity.TableMpiResolver;
import dev.ferry.spi.IdentityResolver;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The identity kit against a composed pipeline: MRN rules, then the ADT merge history, then a table MPI
 * as a cross-check; refused for a malformed MRN, a cross-check that disagrees, and a demographics conflict.
 */
class IdentityPipelineResolverConformanceTest extends IdentityResolverConformance {
    static final Demographics ANNA = new Demographics("SCHMIDT^ANNA", "19650412", "F");
    static final PatientIdentity RETIRED = PatientIdentity.of("00471100", "HOSP_A");
    static final PatientIdentity SURVIVOR = PatientIdentity.of("00081500", "HOSP_A");
    static final PatientIdentity DISPUTED = PatientIdentity.of("00552200", "HOSP_A");

    @Override
    protected IdentityResolver createResolver() {
        AdtEvent a40 = new AdtEvent(new Origin("adt.hl7", 1), "MSG-7781", "A40", "ADT_A39", "2.5.1",
                Instant.parse("2020-03-01T08:00:00Z"), EventKind.MERGE,
                List.of(new AdtPatient(List.of(SURVIVOR), List.of(RETIRED), ANNA, null)), List.of());
        AdtEvent disputed = new AdtEvent(new Origin("adt.hl7", 9), "MSG-7782", "A40", "ADT_A39", "2.5.1",
                Instant.parse("2020-04-01T08:00:00Z"), EventKind.MERGE,
                List.of(new AdtPatient(List.of(SURVIVOR), List.of(DISPUTED), ANNA, null)), List.of());
        TableMpiResolver mpi = TableMpiResolver.of(Map.of(
                RETIRED, new MpiEntry(SURVIVOR, ANNA),
                DISPUTED, new MpiEntry(PatientIdentity.of("00990000", "HOSP_A"), Demographics.UNKNOWN),
                PatientIdentity.of("00123400", "HOSP_A"), new MpiEntry(PatientIdentity.of("ENT-77120", "ENT"),
                        Demographics.UNKNOWN)));
        return IdentityPipeline.builder()
                .normaliser(MrnFormatResolver.builder()
                        .rule(MrnRule.forIssuer("HOSP_A").accept("\\d{1,8}").rejectUnmatched().padTo(8, '0').build())
                        .build())
                .resolver(new MergeHistoryResolver(MergeGraph.of(List.of(a40, disputed))))
                .crossCheck(mpi)
                .demographics(DemographicsCheck.builder().allowDayMonthSwap(true).build())
                .build();
    }

    @Override
    protected List<IdentityContext> sampleContexts() {
        return List.of(
                context(41, PatientIdentity.of("471100", "HOSP_A"), ANNA, "ACC-64101"),
                context(42, PatientIdentity.of("471100", "HOSP_A"), new Demographics("Schmidt^Anna", "19651204", ""),
                        "ACC-64102"),
                context(43, PatientIdentity.of("123400", "HOSP_A"), ANNA, "ACC-64103"),
                context(44, PatientIdentity.of("00998877", "HOSP_A"), ANNA, "ACC-64104"),
                context(45, PatientIdentity.of("998877", "HOSP_A"), ANNA, "ACC-64105"),
                context(46, PatientIdentity.of("MRN-X-5521", "HOSP_B"), ANNA, "ACC-64106"),
                context(47, null, Demographics.UNKNOWN, ""));
    }

    @Override
    protected List<IdentityContext> contextsThatMustBeRefused() {
        return List.of(
                context(48, PatientIdentity.of("ABC-4711", "HOSP_A"), ANNA, "ACC-64108"),
                context(49, PatientIdentity.of("552200", "HOSP_A"), ANNA, "ACC-64109"),
                context(50, PatientIdentity.of("471100", "HOSP_A"), new Demographics("SCHMIDT^ANNA", "19650412", "M"),
                        "ACC-64110"));
    }
}
