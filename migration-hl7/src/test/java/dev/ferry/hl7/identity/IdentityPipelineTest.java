package dev.ferry.hl7.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.ItemRef;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.TransientMigrationException;
import dev.ferry.hl7.adt.AdtEvent;
import dev.ferry.hl7.adt.AdtPatient;
import dev.ferry.hl7.adt.EventKind;
import dev.ferry.hl7.adt.MergeGraph;
import dev.ferry.hl7.adt.MergeHistoryResolver;
import dev.ferry.hl7.adt.Origin;
import dev.ferry.spi.IdentityResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityPipelineTest {
    static final Demographics JANE = new Demographics("DOE^JANE", "19700131", "F");
    static final PatientIdentity SURVIVOR = PatientIdentity.of("00004711", "HOSP_A");
    static final PatientIdentity ENTERPRISE = PatientIdentity.of("E-1", "ENT");

    final MrnFormatResolver mrn = MrnFormatResolver.builder()
            .rule(MrnRule.forIssuer("HOSP_A").accept("\\d{1,8}").rejectUnmatched().padTo(8, '0').build()).build();
    final List<PatientIdentity> asked = new ArrayList<>();

    /** A resolver answering from a map, recording what it was asked. */
    IdentityResolver table(String name, Map<PatientIdentity, ResolvedIdentity> answers) {
        return IdentityResolver.named(name, c -> {
            asked.add(c.study().patient());
            ResolvedIdentity r = c.study().patient() == null ? null : answers.get(c.study().patient());
            return r == null ? IdentityDecision.abstain("not listed") : IdentityDecision.resolved(r);
        });
    }

    static ResolvedIdentity to(PatientIdentity p, Demographics d) {
        return new ResolvedIdentity(p, d, null, List.of("listed"));
    }

    static ResolvedIdentity resolved(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Resolved.class);
        return ((IdentityDecision.Resolved) d).identity();
    }

    static IdentityDecision.Refused refused(IdentityDecision d) {
        assertThat(d).isInstanceOf(IdentityDecision.Refused.class);
        return (IdentityDecision.Refused) d;
    }

    @Test
    void normalisersRunFirstAndResolversSeeTheNormalisedIdentity() {
        IdentityPipeline p = IdentityPipeline.builder().normaliser(mrn)
                .resolver(table("merges", Map.of(PatientIdentity.of("00000042", "HOSP_A"), to(SURVIVOR, JANE))))
                .build();
        ResolvedIdentity id = resolved(p.resolve(Contexts.of("42", "HOSP_A", JANE)));
        assertThat(id.patient()).isEqualTo(SURVIVOR);
        assertThat(asked).containsExactly(PatientIdentity.of("00000042", "HOSP_A"));
        assertThat(id.evidence()).first().asString().startsWith("MrnFormatResolver: ");
        assertThat(id.evidence()).last().asString().isEqualTo("merges: listed");
        assertThat(id.accession()).isEqualTo(Contexts.of("42", "HOSP_A", JANE).study().accession());
    }

    @Test
    void theFirstResolvedWinsAndLaterPlainResolversAreNotAsked() {
        IdentityPipeline p = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, JANE))))
                .resolver(table("mpi", Map.of(PatientIdentity.of("7", "HOSP_A"), to(ENTERPRISE, JANE))))
                .build();
        assertThat(resolved(p.resolve(Contexts.of("7", "HOSP_A", JANE))).patient()).isEqualTo(SURVIVOR);
        assertThat(asked).hasSize(1);
        // Not in the merge history: the MPI decides.
        IdentityPipeline q = IdentityPipeline.builder().resolver(table("merges", Map.of()))
                .resolver(table("mpi", Map.of(PatientIdentity.of("7", "HOSP_A"), to(ENTERPRISE, JANE)))).build();
        assertThat(resolved(q.resolve(Contexts.of("7", "HOSP_A", JANE))).patient()).isEqualTo(ENTERPRISE);
    }

    @Test
    void aCrossCheckThatDisagreesIsAConflictNamingBothResolvers() {
        IdentityPipeline p = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, JANE))))
                .crossCheck(table("fhir-mpi", Map.of(PatientIdentity.of("7", "HOSP_A"), to(ENTERPRISE, JANE))))
                .build();
        IdentityDecision.Refused r = refused(p.resolve(Contexts.of("7", "HOSP_A", JANE)));
        assertThat(r.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
        assertThat(r.detail()).contains("fhir-mpi").contains("merges").doesNotContain("4711").doesNotContain("E-1");
    }

    @Test
    void aCrossCheckThatAgreesOrAbstainsLetsTheWinnerStand() {
        IdentityPipeline agree = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, JANE))))
                .crossCheck(table("fhir-mpi", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, Demographics.UNKNOWN))))
                .build();
        ResolvedIdentity id = resolved(agree.resolve(Contexts.of("7", "HOSP_A", JANE)));
        assertThat(id.patient()).isEqualTo(SURVIVOR);
        assertThat(id.demographics()).isEqualTo(JANE);
        assertThat(id.evidence()).contains("fhir-mpi: agrees (cross-check)");
        IdentityPipeline abstain = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, JANE))))
                .crossCheck(table("fhir-mpi", Map.of())).build();
        assertThat(resolved(abstain.resolve(Contexts.of("7", "HOSP_A", JANE))).patient()).isEqualTo(SURVIVOR);
        // A cross-check may also be the first to resolve.
        IdentityPipeline first = IdentityPipeline.builder().resolver(table("merges", Map.of()))
                .crossCheck(table("fhir-mpi", Map.of(PatientIdentity.of("7", "HOSP_A"), to(ENTERPRISE, JANE)))).build();
        assertThat(resolved(first.resolve(Contexts.of("7", "HOSP_A", JANE))).patient()).isEqualTo(ENTERPRISE);
    }

    @Test
    void aDemographicsConflictIsRefusedNamingTheFieldNotTheValue() {
        Demographics other = new Demographics("DOE^JANE", "19700113", "F");
        IdentityPipeline p = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, other))))
                .build();
        IdentityDecision.Refused r = refused(p.resolve(Contexts.of("7", "HOSP_A", JANE)));
        assertThat(r.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
        assertThat(r.detail()).contains("birth date").contains("merges").doesNotContain("1970");
        // The agreeing cross-check's demographics are checked too.
        IdentityPipeline q = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, JANE))))
                .crossCheck(table("mpi", Map.of(PatientIdentity.of("7", "HOSP_A"),
                        to(SURVIVOR, new Demographics("DOE^JANE", "19700131", "M")))))
                .build();
        assertThat(refused(q.resolve(Contexts.of("7", "HOSP_A", JANE))).detail()).contains("sex").contains("mpi");
        // Within a tolerance, or with the check off, it resolves.
        IdentityPipeline tolerant = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR,
                        new Demographics("DOE^JANE", "19703101", "F")))))
                .demographics(DemographicsCheck.builder().allowDayMonthSwap(true).build()).build();
        assertThat(resolved(tolerant.resolve(Contexts.of("7", "HOSP_A", JANE))).patient()).isEqualTo(SURVIVOR);
        IdentityPipeline off = IdentityPipeline.builder()
                .resolver(table("merges", Map.of(PatientIdentity.of("7", "HOSP_A"), to(SURVIVOR, other))))
                .withoutDemographicsCheck().build();
        assertThat(resolved(off.resolve(Contexts.of("7", "HOSP_A", JANE))).demographics()).isEqualTo(other);
    }

    @Test
    void refusalsStopThePipelineNamingTheStep() {
        IdentityPipeline p = IdentityPipeline.builder().normaliser(mrn)
                .resolver(table("merges", Map.of())).build();
        IdentityDecision.Refused r = refused(p.resolve(Contexts.of("AB-12", "HOSP_A", JANE)));
        assertThat(r.reason()).isEqualTo(ReasonCode.IDENTITY_UNRESOLVED);
        assertThat(r.detail()).startsWith("MrnFormatResolver: ");
        assertThat(asked).isEmpty();
        IdentityPipeline q = IdentityPipeline.builder()
                .resolver(IdentityResolver.named("history", c -> IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT, "cycle")))
                .resolver(table("mpi", Map.of())).build();
        assertThat(refused(q.resolve(Contexts.of("7", "HOSP_A", JANE))).detail()).isEqualTo("history: cycle");
        assertThat(asked).isEmpty();
    }

    @Test
    void abstainsOnlyWhenEveryStepAbstains() {
        IdentityPipeline p = IdentityPipeline.builder().normaliser(mrn).resolver(table("merges", Map.of())).build();
        assertThat(p.resolve(Contexts.of("12345678", "HOSP_A", JANE))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(p.resolve(Contexts.of("12", "HOSP_B", JANE))).isInstanceOf(IdentityDecision.Abstain.class);
        assertThat(p.resolve(Contexts.of(null, null, JANE))).isInstanceOf(IdentityDecision.Abstain.class);
        // A normaliser that changed the identity resolves, even when no resolver knows it.
        ResolvedIdentity id = resolved(p.resolve(Contexts.of("12", "HOSP_A", JANE)));
        assertThat(id.patient()).isEqualTo(PatientIdentity.of("00000012", "HOSP_A"));
        assertThat(id.demographics()).isEqualTo(Demographics.UNKNOWN);
    }

    @Test
    void transientFailuresPropagate() {
        IdentityPipeline p = IdentityPipeline.builder()
                .resolver(IdentityResolver.named("mpi", c -> {
                    throw new TransientMigrationException(ReasonCode.NETWORK, ItemRef.NONE, "MPI down");
                })).build();
        assertThatThrownBy(() -> p.resolve(Contexts.of("7", "HOSP_A", JANE))).isInstanceOf(TransientMigrationException.class);
    }

    @Test
    void builderRejectsEmptyPipelinesAndDuplicateNames() {
        assertThatThrownBy(() -> IdentityPipeline.builder().build()).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> IdentityPipeline.builder().resolver(table("a", Map.of())).crossCheck(table("a", Map.of()))
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("named a");
        IdentityPipeline p = IdentityPipeline.builder().name("identity").normaliser(mrn)
                .resolver(table("merges", Map.of())).crossCheck(table("mpi", Map.of())).build();
        assertThat(p.name()).isEqualTo("identity");
        assertThat(p.toString()).contains("MrnFormatResolver").contains("mpi (cross-check)");
    }

    @Test
    void mergeHistoryThenMpiWithTheSurvivorsDemographics() {
        PatientIdentity retired = PatientIdentity.of("00000042", "HOSP_A");
        AdtEvent a40 = new AdtEvent(new Origin("adt.hl7", 1), "MSG-1", "A40", "ADT_A39", "2.5.1",
                Instant.parse("2019-05-01T10:00:00Z"), EventKind.MERGE,
                List.of(new AdtPatient(List.of(SURVIVOR), List.of(retired), JANE, null)), List.of());
        MergeHistoryResolver history = new MergeHistoryResolver(MergeGraph.of(List.of(a40)));
        TableMpiResolver mpi = TableMpiResolver.of(Map.of(retired, new MpiEntry(SURVIVOR, JANE),
                PatientIdentity.of("00000043", "HOSP_A"), new MpiEntry(ENTERPRISE, JANE)));
        IdentityPipeline p = IdentityPipeline.builder().normaliser(mrn).resolver(history).crossCheck(mpi).build();

        ResolvedIdentity id = resolved(p.resolve(Contexts.of("42", "HOSP_A", new Demographics("DOE^JANE", "", ""))));
        assertThat(id.patient()).isEqualTo(SURVIVOR);
        assertThat(id.demographics()).isEqualTo(JANE);
        assertThat(id.evidence()).anySatisfy(e -> assertThat(e).startsWith("MergeHistoryResolver: merged by"))
                .contains("TableMpiResolver: agrees (cross-check)");
        // The header's sex disagrees with the survivor's in the ADT history.
        IdentityDecision.Refused r = refused(p.resolve(Contexts.of("42", "HOSP_A", new Demographics("DOE^JANE", "", "M"))));
        assertThat(r.detail()).contains("sex").contains("MergeHistoryResolver");
        // Not merged: the MPI decides.
        assertThat(resolved(p.resolve(Contexts.of("43", "HOSP_A", JANE))).patient()).isEqualTo(ENTERPRISE);
    }

    @Test
    void composesTheRealResolvers() {
        TableMpiResolver mpi = TableMpiResolver.of(Map.of(PatientIdentity.of("00000042", "HOSP_A"),
                new MpiEntry(ENTERPRISE, JANE)));
        IdentityPipeline p = IdentityPipeline.builder().normaliser(mrn).resolver(mpi).build();
        IdentityContext ctx = Contexts.of("42", "HOSP_A", new Demographics("Doe^Jane", "19700131", "F"));
        assertThat(resolved(p.resolve(ctx)).patient()).isEqualTo(ENTERPRISE);
        IdentityContext wrongSex = Contexts.of("42", "HOSP_A", new Demographics("Doe^Jane", "19700131", "M"));
        assertThat(refused(p.resolve(wrongSex)).detail()).contains("sex").contains("TableMpiResolver");
    }
}
