package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.spi.IdentityResolver;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The identity kit fails resolvers that break its contract, each in one way. */
class IdentityKitCatchesBrokenResolversTest {

    /** The table resolver's samples, for every broken resolver below. */
    abstract static class WithTableSamples extends IdentityResolverConformance {
        @Override
        protected List<IdentityContext> sampleContexts() {
            return new TableIdentityResolverConformanceTest().sampleContexts();
        }

        @Override
        protected List<IdentityContext> contextsThatMustBeRefused() {
            return new TableIdentityResolverConformanceTest().contextsThatMustBeRefused();
        }
    }

    /** Stamps each answer with a call counter, so no two answers are equal. */
    @BrokenOnPurpose
    static class StampsEachAnswer extends WithTableSamples {
        @Override
        protected IdentityResolver createResolver() {
            AtomicLong calls = new AtomicLong();
            return context -> IdentityDecision.abstain("call " + calls.incrementAndGet());
        }
    }

    /** Explains its refusals with the patient's ID. */
    @BrokenOnPurpose
    static class NamesThePatientWhenRefusing extends WithTableSamples {
        @Override
        protected IdentityResolver createResolver() {
            IdentityResolver table = new TableIdentityResolver(TableIdentityResolverConformanceTest.table());
            return context -> {
                IdentityDecision d = table.resolve(context);
                return d instanceof IdentityDecision.Refused
                        ? IdentityDecision.refused(ReasonCode.IDENTITY_CONFLICT,
                                "demographics of " + context.study().patient().id() + " differ")
                        : d;
            };
        }
    }

    /** Returns null instead of abstaining. */
    @BrokenOnPurpose
    static class ReturnsNullForUnknownPatients extends WithTableSamples {
        @Override
        protected IdentityResolver createResolver() {
            IdentityResolver table = new TableIdentityResolver(TableIdentityResolverConformanceTest.table());
            return context -> table.resolve(context) instanceof IdentityDecision.Abstain ? null : table.resolve(context);
        }
    }

    /** Resolves everything it knows, never refusing on a demographics conflict. */
    @BrokenOnPurpose
    static class NeverRefuses extends WithTableSamples {
        @Override
        protected IdentityResolver createResolver() {
            IdentityResolver table = new TableIdentityResolver(TableIdentityResolverConformanceTest.table());
            return context -> {
                IdentityDecision d = table.resolve(context);
                return d instanceof IdentityDecision.Refused
                        ? IdentityDecision.resolved(ResolvedIdentity.unchanged(context.study(), "guessed")) : d;
            };
        }
    }

    @Test
    void nonDeterministicAnswersFail() {
        KitRun.of(StampsEachAnswer.class)
                .failed("sameContextGivesTheSameDecision")
                .failed("equalContextGivesTheSameDecision")
                .failed("concurrentCallsGiveTheSameDecisions")
                .passed("decisionsDoNotRevealPatientData");
    }

    @Test
    void patientDataInARefusalFails() {
        KitRun run = KitRun.of(NamesThePatientWhenRefusing.class).failed("decisionsDoNotRevealPatientData");
        assertThat(run.failures()).containsExactly("decisionsDoNotRevealPatientData");
    }

    @Test
    void nullDecisionsFail() {
        KitRun.of(ReturnsNullForUnknownPatients.class)
                .failed("neverReturnsNull")
                .passed("contextsThatMustBeRefusedAreRefused");
    }

    @Test
    void guessingInsteadOfRefusingFails() {
        KitRun run = KitRun.of(NeverRefuses.class).failed("contextsThatMustBeRefusedAreRefused");
        assertThat(run.failures()).containsExactly("contextsThatMustBeRefusedAreRefused");
    }
}
