package dev.ferry.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.Finding;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolved identity, issuers, read-back faults and what findings may say. */
class IdentityContinuityVerifierTest {
    private static final String MERGED_ID = "MRN-UNIT-7777";
    private static final String NEW_ACCESSION = "ACC-UNIT-7777";

    private final TestStudy study = new TestStudy();
    private final ResolvedIdentity merged = new ResolvedIdentity(PatientIdentity.of(MERGED_ID, "HOSP_B"),
            Demographics.UNKNOWN, Accession.of(NEW_ACCESSION), List.of("A40 merge"));

    IdentityContinuityVerifierTest() {
        study.ct("1.2.3.1");
        study.ct("1.2.3.2");
    }

    private TestDestination carrying(String id, String issuer, String accession) {
        TestDestination d = study.copy();
        for (String sop : d.headers.keySet()) {
            TestStudy.edit(d, sop, h -> h.setString(Tag.PatientID, VR.LO, id).setString(Tag.IssuerOfPatientID, VR.LO,
                    issuer).setString(Tag.AccessionNumber, VR.SH, accession));
        }
        return d;
    }

    @Test
    void theResolvedIdentityIsExpectedWhenThereIsOne() throws IOException {
        IdentityContinuityVerifier v = IdentityContinuityVerifier.builder().perInstance(true).build();
        assertThat(v.verify(study.context(carrying(MERGED_ID, "HOSP_B", NEW_ACCESSION), merged)).verdict())
                .isEqualTo(Verdict.PASSED);

        VerificationResult r = v.verify(study.context(study.copy(), merged));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(Finding::reason).contains(ReasonCode.IDENTITY_CONFLICT,
                ReasonCode.VERIFICATION_FAILED);
        assertThat(r.findings()).extracting(Finding::detail).contains(
                "PatientID (0010,0020) differs in the destination at the study level",
                "IssuerOfPatientID (0010,0021) differs in the destination in the instance",
                "AccessionNumber (0008,0050) differs in the destination in the instance");
        for (Finding f : r.findings()) {
            assertThat(f.toString()).doesNotContain(MERGED_ID, TestStudy.PATIENT_ID, NEW_ACCESSION, TestStudy.ACCESSION);
        }
    }

    @Test
    void anAbsentValueIsSaidToBeAbsent() throws IOException {
        TestDestination d = carrying(TestStudy.PATIENT_ID, TestStudy.ISSUER, "");
        VerificationResult r = new IdentityContinuityVerifier().verify(study.context(d, (ResolvedIdentity) null));
        assertThat(r.findings()).extracting(Finding::detail)
                .containsExactly("AccessionNumber (0008,0050) is absent in the destination at the study level");
    }

    @Test
    void issuersCanBeLeftOutForADestinationWhoseQueryDropsThem() throws IOException {
        TestDestination d = carrying(TestStudy.PATIENT_ID, "", TestStudy.ACCESSION);
        assertThat(new IdentityContinuityVerifier().verify(study.context(d, (ResolvedIdentity) null)).verdict())
                .isEqualTo(Verdict.FAILED);
        assertThat(IdentityContinuityVerifier.builder().checkIssuers(false).build()
                .verify(study.context(d, (ResolvedIdentity) null)).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void perInstanceIsInconclusiveWhenTheDestinationCannotBeReadBackOrWithholdsAnInstance() throws IOException {
        IdentityContinuityVerifier v = IdentityContinuityVerifier.builder().perInstance(true).build();
        TestDestination d = study.copy();
        d.readBack = false;
        VerificationResult r = v.verify(study.context(d, (ResolvedIdentity) null));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).extracting(Finding::detail).singleElement().asString().contains("cannot be read back");
        assertThat(d.retrieves).isEmpty();

        TestDestination withholding = study.copy();
        withholding.undeliverable.add("1.2.3.2");
        r = v.verify(study.context(withholding, (ResolvedIdentity) null));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).extracting(Finding::detail).singleElement().asString().startsWith("1 instances");
    }

    @Test
    void theStudyLevelCheckReadsNothingBack() throws IOException {
        TestDestination d = study.copy();
        assertThat(new IdentityContinuityVerifier().verify(study.context(d, (ResolvedIdentity) null)).passed()).isTrue();
        assertThat(d.retrieves).isEmpty();
    }
}
