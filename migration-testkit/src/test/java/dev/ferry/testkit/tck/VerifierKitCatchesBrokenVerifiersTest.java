package dev.ferry.testkit.tck;

import dev.ferry.api.Finding;
import dev.ferry.api.ItemRef;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.StudyManifest;
import dev.ferry.api.Tag;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The verifier kit fails verifiers that break their contract, each in one way. */
class VerifierKitCatchesBrokenVerifiersTest {

    /** Claims to check pixel data but passes everything. */
    @BrokenOnPurpose
    static class AlwaysPasses extends VerifierConformance {
        @Override
        protected Verifier createVerifier() {
            return new Verifier() {
                @Override
                public VerificationResult verify(VerificationContext context) {
                    return VerificationResult.passed(name());
                }

                @Override
                public String name() {
                    return "always-passes";
                }
            };
        }

        @Override
        protected Set<Damage> detectedDamages() {
            return EnumSet.of(Damage.PIXEL_DATA_ALTERED);
        }
    }

    /** Fails every study, an exact copy included. */
    @BrokenOnPurpose
    static class AlwaysFails extends VerifierConformance {
        @Override
        protected Verifier createVerifier() {
            return new Verifier() {
                @Override
                public VerificationResult verify(VerificationContext context) {
                    return VerificationResult.failed(name(), List.of(new Finding(context.source().study().ref(),
                            ReasonCode.VERIFICATION_FAILED, "distrusts everything")));
                }

                @Override
                public String name() {
                    return "always-fails";
                }
            };
        }

        @Override
        protected Set<Damage> detectedDamages() {
            return EnumSet.of(Damage.MISSING_INSTANCE);
        }
    }

    /** Checks the Patient ID of the destination, but prints both IDs in its finding. */
    @BrokenOnPurpose
    static class PrintsPatientIds extends VerifierConformance {
        @Override
        protected Verifier createVerifier() {
            return new Verifier() {
                @Override
                public VerificationResult verify(VerificationContext context) throws IOException {
                    String expected = context.source().study().patient().id();
                    StudyManifest held = context.destination().describe(context.source().study().studyInstanceUid())
                            .orElseThrow();
                    AtomicReference<String> found = new AtomicReference<>(held.study().patient().id());
                    context.destination().retrieve(dev.ferry.api.RetrieveRequest.study(held.study().studyInstanceUid()),
                            i -> {
                                String id = i.header().getString(Tag.PatientID);
                                if (!expected.equals(id)) {
                                    found.set(id);
                                }
                            });
                    return expected.equals(found.get()) ? VerificationResult.passed(name())
                            : VerificationResult.failed(name(), List.of(new Finding(ItemRef.study(
                                    held.study().studyInstanceUid()), ReasonCode.VERIFICATION_FAILED,
                                    "expected patient " + expected + " but found " + found.get())));
                }

                @Override
                public String name() {
                    return "prints-patient-ids";
                }
            };
        }

        @Override
        protected Set<Damage> detectedDamages() {
            return EnumSet.of(Damage.PATIENT_ID_CHANGED);
        }
    }

    /** Names the missing study, not the missing instance. */
    @BrokenOnPurpose
    static class NamesOnlyTheStudy extends VerifierConformance {
        @Override
        protected Verifier createVerifier() {
            return new Verifier() {
                @Override
                public VerificationResult verify(VerificationContext context) throws IOException {
                    int held = context.destination().describe(context.source().study().studyInstanceUid())
                            .map(StudyManifest::instanceCount).orElse(0);
                    return held == context.source().instanceCount() ? VerificationResult.passed(name())
                            : VerificationResult.failed(name(), List.of(new Finding(context.source().study().ref(),
                                    ReasonCode.MISSING_INSTANCE, held + " of " + context.source().instanceCount())));
                }

                @Override
                public String name() {
                    return "study-count";
                }
            };
        }

        @Override
        protected Set<Damage> detectedDamages() {
            return EnumSet.of(Damage.MISSING_INSTANCE);
        }
    }

    @Test
    void passingDamagedPixelsFails() {
        KitRun.of(AlwaysPasses.class)
                .failed("detects PIXEL_DATA_ALTERED")
                .failed("doesNotPassPixelDataItCannotReadBack")
                .failed("doesNotPassTranscodedPixelData")
                .passed("exactCopyPasses");
    }

    @Test
    void failingAnExactCopyFails() {
        KitRun.of(AlwaysFails.class)
                .failed("exactCopyPasses")
                .failed("concurrentVerificationsAllPass")
                .passed("nameIsNotBlank");
    }

    @Test
    void patientDataInAFindingFails() {
        KitRun.of(PrintsPatientIds.class)
                .failed("detects PATIENT_ID_CHANGED")
                .passed("exactCopyPasses");
    }

    @Test
    void aFindingThatDoesNotNameTheInstanceFails() {
        KitRun.of(NamesOnlyTheStudy.class)
                .failed("detects MISSING_INSTANCE")
                .passed("exactCopyPasses");
    }
}
