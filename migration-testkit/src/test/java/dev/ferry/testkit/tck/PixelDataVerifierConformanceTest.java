package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceEvidence;
import dev.ferry.api.RetrieveRequest;
import dev.ferry.dicom.verify.PixelDataVerifier;
import dev.ferry.spi.EvidenceTap;
import dev.ferry.spi.Verifier;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verifier kit against Ferry's pixel-data verifier (the kit's evidence is the same digest the tap takes). */
class PixelDataVerifierConformanceTest extends VerifierConformance {
    @Override
    protected Verifier createVerifier() {
        return new PixelDataVerifier();
    }

    @Override
    protected Set<Damage> detectedDamages() {
        return EnumSet.of(Damage.MISSING_INSTANCE, Damage.PIXEL_DATA_ALTERED);
    }

    /** The kit builds its evidence itself: it must be the digest the verifier's own tap takes on the way out. */
    @Test
    void theTapTakesTheKitsDigest() throws Exception {
        VerificationCase c = VerificationCase.exactCopy();
        EvidenceTap tap = new PixelDataVerifier().evidenceTap().orElseThrow();
        int[] tapped = {0};
        c.source.retrieve(RetrieveRequest.study(c.study.studyInstanceUid()), (DicomInstance i) -> {
            EvidenceTap.Tapped t = tap.tap(i.transferSyntaxUid(), i.remainder());
            t.stream().transferTo(OutputStream.nullOutputStream());
            InstanceEvidence kit = c.evidence.get(i.descriptor().sopInstanceUid());
            assertThat(t.pixelData().orElse(null)).as("tap digest of %s", i.descriptor().sopInstanceUid())
                    .isEqualTo(kit.pixelData());
            tapped[0]++;
        });
        assertThat(tapped[0]).isEqualTo(c.manifest.instanceCount());
    }
}
