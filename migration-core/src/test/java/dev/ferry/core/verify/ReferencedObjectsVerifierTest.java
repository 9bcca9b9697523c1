package dev.ferry.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Dataset;
import dev.ferry.api.Finding;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import dev.ferry.api.VerificationResult;
import dev.ferry.api.VerificationResult.Verdict;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Key objects and presentation states, references outside the study, and the walk's bounds. */
class ReferencedObjectsVerifierTest {
    private final TestStudy study = new TestStudy();
    private final ReferencedObjectsVerifier verifier = new ReferencedObjectsVerifier();

    private static void reference(Dataset h, int sequence, String... sops) {
        Dataset.Sequence seq = h.newSequence(sequence);
        for (String sop : sops) {
            seq.addItem().setString(Tag.ReferencedSOPClassUID, VR.UI, TestStudy.CT)
                    .setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop);
        }
    }

    @Test
    void aKeyObjectAndAPresentationStateWhoseImagesAreMissingFailNamingTheImage() throws IOException {
        study.ct("1.2.3.1");
        study.ct("1.2.3.2");
        reference(study.add(TestStudy.STUDY + ".5", "KO", TestStudy.KEY_OBJECT, "1.2.3.5"), Tag.ReferencedSOPSequence,
                "1.2.3.1");
        Dataset pr = study.add(TestStudy.STUDY + ".6", "PR", TestStudy.GRAYSCALE_PR, "1.2.3.6");
        reference(pr.newSequence(Tag.ReferencedSeriesSequence).addItem(), Tag.ReferencedImageSequence, "1.2.3.2",
                "9.9.9.9");
        TestDestination d = study.copy();
        assertThat(verifier.verify(study.context(d, Set.of())).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(d.retrieves).singleElement().extracting(RetrieveRequest::sopInstanceUids)
                .isEqualTo(Set.of("1.2.3.5", "1.2.3.6"));

        d.headers.remove("1.2.3.1");
        d.headers.remove("1.2.3.2");
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid() + ": " + f.detail()).containsExactly(
                "1.2.3.1: referenced by instance 1.2.3.5 but not in the destination",
                "1.2.3.2: referenced by instance 1.2.3.6 but not in the destination");
    }

    @Test
    void aStudyWithoutReferencingObjectsPassesWithoutQueries() throws IOException {
        study.ct("1.2.3.1");
        TestDestination d = study.copy();
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(d.retrieves).isEmpty();
    }

    @Test
    void aMissingReferencingObjectFailsAndAnUnreadableOneIsInconclusive() throws IOException {
        study.ct("1.2.3.1");
        reference(study.add(TestStudy.STUDY + ".5", "KO", TestStudy.KEY_OBJECT, "1.2.3.5"), Tag.ReferencedSOPSequence,
                "1.2.3.1");
        TestDestination d = study.copy();
        d.undeliverable.add("1.2.3.5");
        assertThat(verifier.verify(study.context(d, Set.of())).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        d.readBack = false;
        assertThat(verifier.verify(study.context(d, Set.of())).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        d.headers.remove("1.2.3.5");
        VerificationResult r = verifier.verify(study.context(d, Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.findings()).extracting(Finding::detail).singleElement().asString().contains("not in the destination");
    }

    @Test
    void referencesAreFoundAtAnyDepthWithinTheBound() {
        Dataset root = new Dataset();
        Dataset d = root;
        for (int level = 0; level < ReferencedObjectsVerifier.MAX_DEPTH; level++) {
            d = d.newSequence(Tag.ContentSequence).addItem();
        }
        d.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4");
        Set<String> found = new LinkedHashSet<>();
        assertThat(ReferencedObjectsVerifier.collect(root, found)).isTrue();
        assertThat(found).containsExactly("1.2.3.4");

        d.newSequence(Tag.ContentSequence).addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.5");
        found.clear();
        assertThat(ReferencedObjectsVerifier.collect(root, found)).as("one level too deep").isFalse();
        assertThat(found).containsExactly("1.2.3.4");
    }

    @Test
    void anObjectNestedBeyondTheBoundIsInconclusive() throws IOException {
        study.ct("1.2.3.1");
        Dataset sr = study.add(TestStudy.STUDY + ".5", "SR", TestStudy.BASIC_TEXT_SR, "1.2.3.5");
        Dataset d = sr;
        for (int level = 0; level <= ReferencedObjectsVerifier.MAX_DEPTH; level++) {
            d = d.newSequence(Tag.ContentSequence).addItem();
        }
        VerificationResult r = verifier.verify(study.context(study.copy(), Set.of()));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.item().sopInstanceUid()).isEqualTo("1.2.3.5"));
    }
}
