package dev.ferry.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Finding;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the testkit's conformance kit does not reach: a study not held, misfiled instances, the index's counts. */
class CountVerifierTest {
    private final TestStudy study = new TestStudy();
    private final CountVerifier verifier = new CountVerifier();

    CountVerifierTest() {
        study.ct("1.2.3.1");
        study.ct("1.2.3.2");
        study.add(TestStudy.STUDY + ".2", "SR", TestStudy.BASIC_TEXT_SR, "1.2.3.3");
    }

    @Test
    void aStudyTheDestinationDoesNotHoldFailsForTheStudy() throws IOException {
        VerificationResult r = verifier.verify(study.context(new TestDestination(), Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.item().studyInstanceUid()).isEqualTo(TestStudy.STUDY);
            assertThat(f.item().sopInstanceUid()).isNull();
            assertThat(f.detail()).contains("does not hold the study");
        });
    }

    @Test
    void anInstanceFiledUnderAnotherSeriesOrSopClassFails() throws IOException {
        TestDestination d = study.copy();
        TestStudy.edit(d, "1.2.3.1", h -> h.setString(Tag.SeriesInstanceUID, VR.UI, TestStudy.STUDY + ".9"));
        TestStudy.edit(d, "1.2.3.2", h -> h.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7"));
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid()).containsExactly("1.2.3.1", "1.2.3.2");
        assertThat(r.findings()).extracting(Finding::reason).containsOnly(ReasonCode.VERIFICATION_FAILED);
        assertThat(r.findings().get(0).detail()).contains("filed under series");
        assertThat(r.findings().get(1).detail()).contains("SOP class");
    }

    @Test
    void missingAndExtraInstancesAreNamedWithTheirReasons() throws IOException {
        TestDestination d = study.copy();
        d.headers.remove("1.2.3.2");
        d.put(d.headers.get("1.2.3.1").copy().setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.99"));
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid() + " " + f.reason())
                .containsExactly("1.2.3.2 MISSING_INSTANCE", "1.2.3.99 VERIFICATION_FAILED");
    }

    @Test
    void theDestinationsOwnStudyCountMustAgreeWhenItReportsOne() throws IOException {
        TestDestination d = study.copy();
        d.describedAs = s -> s.withCounts(2, 4, s.sizeBytes());
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(Finding::detail).containsExactly(
                "the destination reports 4 instances for the study, the source 3");

        d.describedAs = s -> s.withCounts(-1, -1, -1);
        assertThat(verifier.verify(study.context(d, Set.of())).verdict()).as("counts not reported")
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void aDestinationThatCannotBeQueriedIsRetryableNotAVerdict() {
        TestDestination d = study.copy();
        d.down = true;
        assertThatThrownBy(() -> verifier.verify(study.context(d, Set.of()))).isInstanceOf(IOException.class);
    }

    @Test
    void itIsNamedForReports() {
        assertThat(verifier.name()).isEqualTo("counts");
        assertThat(verifier.evidenceAttributes()).isEmpty();
    }
}
