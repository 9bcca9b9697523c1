package dev.ferry.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Finding;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.Tag;
import dev.ferry.api.TagPath;
import dev.ferry.api.VR;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import dev.ferry.spi.VerificationContext;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dose retention with evidence recorded exactly at the paths the verifier names, as the engine
 * records it (the testkit's case records every path).
 */
class DoseRetentionVerifierTest {
    private static final TagPath PRIVATE_CTDI = TagPath.of(0x00451032);
    private static final TagPath PHANTOM_CODE = TagPath.of(Tag.CTDIPhantomTypeCodeSequence).child(0, Tag.CodeValue);

    private final TestStudy study = new TestStudy();
    private final DoseRetentionVerifier verifier = new DoseRetentionVerifier();

    private VerificationContext context(DoseRetentionVerifier v, TestDestination d) {
        return study.context(d, v.evidenceAttributes());
    }

    @Test
    void anExactCopyPassesAndOnlyTheInstancesWithDoseDataAreReadBack() throws IOException {
        study.ct("1.2.3.1");
        study.ct("1.2.3.2");
        study.add(TestStudy.STUDY + ".2", "SR", TestStudy.BASIC_TEXT_SR, "1.2.3.3");
        TestDestination d = study.copy();
        assertThat(verifier.verify(context(verifier, d)).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(d.retrieves).singleElement().extracting(RetrieveRequest::sopInstanceUids)
                .isEqualTo(Set.of("1.2.3.1", "1.2.3.2"));
    }

    @Test
    void aValueReEncodedAsAnotherNumericVrIsTheSameValue() throws IOException {
        study.ct("1.2.3.1").setString(Tag.CTDIvol, VR.DS, "12.50");
        TestDestination d = study.copy();
        TestStudy.edit(d, "1.2.3.1", h -> h.setDoubles(Tag.CTDIvol, VR.FD, 12.5).setString(Tag.KVP, VR.DS, "120.0"));
        assertThat(verifier.verify(context(verifier, d)).verdict()).isEqualTo(Verdict.PASSED);

        TestStudy.edit(d, "1.2.3.1", h -> h.setString(Tag.KVP, VR.DS, "100"));
        VerificationResult r = verifier.verify(context(verifier, d));
        assertThat(r.findings()).extracting(Finding::detail).containsExactly("KVP (0018,0060) differs in the destination");
    }

    @Test
    void aBinaryValueOfTheWrongLengthInTheDestinationDiffersRatherThanAborting() throws IOException {
        study.ct("1.2.3.1");
        TestDestination d = study.copy();
        TestStudy.edit(d, "1.2.3.1", h -> h.setBytes(Tag.CTDIvol, VR.FD, new byte[5]));
        VerificationResult r = verifier.verify(context(verifier, d));
        assertThat(r.findings()).extracting(Finding::detail).containsExactly("CTDIvol (0018,9345) differs in the destination");
    }

    @Test
    void aNestedPhantomCodeThatChangedOrWentMissingFails() throws IOException {
        study.ct("1.2.3.1");
        TestDestination d = study.copy();
        TestStudy.edit(d, "1.2.3.1", h -> h.getSequence(Tag.CTDIPhantomTypeCodeSequence).get(0)
                .setString(Tag.CodeValue, VR.SH, "113690"));
        VerificationResult r = verifier.verify(context(verifier, d));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(Finding::detail).containsExactly("CodeValue " + PHANTOM_CODE
                + " differs in the destination");

        TestStudy.edit(d, "1.2.3.1", h -> h.remove(Tag.CTDIPhantomTypeCodeSequence));
        assertThat(verifier.verify(context(verifier, d)).findings()).extracting(Finding::detail)
                .contains("CodeValue " + PHANTOM_CODE + " is missing in the destination");
    }

    @Test
    void noDoseDataAtTheSourcePassesWithoutFindingsOrReadBack() throws IOException {
        study.add(TestStudy.STUDY + ".1", "MR", "1.2.840.10008.5.1.4.1.1.4", "1.2.3.1");
        TestDestination d = study.copy();
        VerificationResult r = verifier.verify(context(verifier, d));
        assertThat(r.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(r.findings()).isEmpty();
        assertThat(d.retrieves).isEmpty();
    }

    @Test
    void aCtInstanceWithoutEvidenceIsInconclusive() throws IOException {
        study.ct("1.2.3.1");
        TestDestination d = study.copy();
        VerificationResult r = verifier.verify(new VerificationContext(study.manifest(), null, Map.of(), d));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).extracting(Finding::detail).singleElement().asString()
                .startsWith("1 CT instances have no source header evidence");

        // Evidence recorded for other verifiers' paths only: SOP Instance UID, always asked for, is absent.
        r = verifier.verify(study.context(d, Set.of(TagPath.of(Tag.PatientID))));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aDestinationThatCannotBeReadBackIsInconclusive() throws IOException {
        study.ct("1.2.3.1");
        TestDestination d = study.copy();
        d.readBack = false;
        assertThat(verifier.verify(context(verifier, d)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        d.readBack = true;
        d.undeliverable.add("1.2.3.1");
        assertThat(verifier.verify(context(verifier, d)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aDoseReportTheDestinationLacksFails() throws IOException {
        study.ct("1.2.3.1");
        study.add(TestStudy.STUDY + ".3", "SR", TestStudy.XRAY_DOSE_SR, "1.2.3.9");
        TestDestination d = study.copy();
        assertThat(verifier.verify(context(verifier, d)).verdict()).isEqualTo(Verdict.PASSED);
        d.headers.remove("1.2.3.9");
        VerificationResult r = verifier.verify(context(verifier, d));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.item().sopInstanceUid()).isEqualTo("1.2.3.9");
            assertThat(f.reason()).isEqualTo(ReasonCode.MISSING_INSTANCE);
            assertThat(f.detail()).contains("radiation dose SR");
        });
    }

    @Test
    void aStandardAttributeCoercedFromAPrivateOneMustBeKept() throws IOException {
        DoseRetentionVerifier v = DoseRetentionVerifier.builder()
                .coercedFrom(TagPath.of(Tag.CTDIvol), PRIVATE_CTDI).build();
        assertThat(v.evidenceAttributes()).contains(PRIVATE_CTDI, TagPath.of(Tag.SOPInstanceUID));
        // The source has only the private value; the coercer wrote CTDIvol on the way.
        study.add(TestStudy.STUDY + ".1", "CT", TestStudy.CT, "1.2.3.1").setString(0x00450010, VR.LO, "GEMS_0045")
                .setString(PRIVATE_CTDI.tag(), VR.DS, "11.2");
        TestDestination d = study.copy();
        TestStudy.edit(d, "1.2.3.1", h -> h.setDoubles(Tag.CTDIvol, VR.FD, 11.2));
        assertThat(v.verify(context(v, d)).verdict()).isEqualTo(Verdict.PASSED);

        TestStudy.edit(d, "1.2.3.1", h -> h.remove(Tag.CTDIvol));
        VerificationResult r = v.verify(context(v, d));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(Finding::detail).containsExactly(
                "CTDIvol (0018,9345), coerced from private (0045,1032), is missing in the destination");
        assertThat(verifier.verify(context(verifier, d)).verdict()).as("without the declaration")
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void coercedFromNamesAPrivateDataElement() {
        assertThatThrownBy(() -> DoseRetentionVerifier.builder().coercedFrom(TagPath.of(Tag.CTDIvol),
                TagPath.of(Tag.KVP))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("privateSource");
    }

    @Test
    void theDefaultsCoverTheCtDoseAttributes() {
        assertThat(DoseRetentionVerifier.DEFAULT_ATTRIBUTES).contains(TagPath.of(Tag.CTDIvol), TagPath.of(Tag.KVP),
                TagPath.of(Tag.XRayTubeCurrent), TagPath.of(Tag.Exposure), TagPath.of(Tag.ExposureModulationType),
                PHANTOM_CODE);
    }
}
