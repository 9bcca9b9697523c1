package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.api.Finding;
import dev.ferry.api.VerificationResult;
import dev.ferry.spi.VerificationContext;
import dev.ferry.spi.Verifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance kit for {@link Verifier}: it passes an exact copy, fails every {@link Damage} it
 * declares with at least one finding (naming the instance for damages to one instance), never
 * prints patient data in findings, names itself in its results, is thread-safe, and does not pass
 * pixel data it cannot compare (no read-back, or transcoded) if it claims to check pixels.
 *
 * <p>The kit builds the case itself: one study (a CT series of three instances with CTDIvol and an
 * SR instance) in an in-memory source, copied exactly to an in-memory destination, with
 * {@link dev.ferry.api.InstanceEvidence} holding each instance's Pixel Data SHA-256 as retrieved from
 * the source and no expected identity (the source's own is expected). For each declared damage it
 * makes a fresh copy, damages it and verifies; damages not declared are not checked.
 *
 * <pre>{@code
 * class PixelHashVerifierConformanceTest extends VerifierConformance {
 *     @Override
 *     protected Verifier createVerifier() {
 *         return new PixelHashVerifier();
 *     }
 *
 *     @Override
 *     protected Set<Damage> detectedDamages() {
 *         return EnumSet.of(Damage.MISSING_INSTANCE, Damage.EXTRA_INSTANCE, Damage.PIXEL_DATA_ALTERED);
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
public abstract class VerifierConformance {
    private Verifier verifier;

    /** Called before each test. */
    protected abstract Verifier createVerifier() throws Exception;

    /** The damages the verifier must detect. */
    protected abstract Set<Damage> detectedDamages();

    @BeforeEach
    void createTheVerifier() throws Exception {
        verifier = createVerifier();
        assertThat(verifier).as("createVerifier").isNotNull();
    }

    @Test
    void nameIsNotBlank() {
        assertThat(verifier.name()).as("name()").isNotBlank();
    }

    @Test
    void exactCopyPasses() throws Exception {
        VerificationResult r = verifier.verify(VerificationCase.exactCopy().context());
        assertThat(r).as("result for an exact copy").isNotNull();
        assertThat(r.verifier()).as("verifier named in the result").isEqualTo(verifier.name());
        assertThat(r.verdict()).as("verdict for an exact copy (findings: %s)", r.findings())
                .isEqualTo(VerificationResult.Verdict.PASSED);
    }

    @TestFactory
    Stream<DynamicTest> eachDeclaredDamageFails() {
        Set<Damage> declared = detectedDamages().isEmpty() ? EnumSet.noneOf(Damage.class)
                : EnumSet.copyOf(detectedDamages());
        return declared.stream().map(d -> DynamicTest.dynamicTest("detects " + d, () -> assertDetects(d)));
    }

    private void assertDetects(Damage damage) throws Exception {
        VerificationCase c = VerificationCase.exactCopy();
        String sop = c.apply(damage);
        VerificationResult r = verifier.verify(c.context());
        assertThat(r).as("result for %s", damage).isNotNull();
        assertThat(r.verifier()).as("verifier named in the result").isEqualTo(verifier.name());
        assertThat(r.verdict()).as("verdict for %s", damage).isEqualTo(VerificationResult.Verdict.FAILED);
        assertThat(r.findings()).as("findings for %s", damage).isNotEmpty();
        for (Finding f : r.findings()) {
            assertThat(f.item().studyInstanceUid()).as("study named by a finding for %s", damage)
                    .isIn(c.study.studyInstanceUid(), null);
            for (String s : VerificationCase.sensitiveValues()) {
                assertThat(f.toString().contains(s)).as("a finding for %s contains patient data", damage).isFalse();
            }
        }
        if (damage.concernsOneInstance()) {
            assertThat(r.findings()).extracting(f -> f.item().sopInstanceUid())
                    .as("instances named by the findings for %s", damage)
                    .contains(sop);
        }
    }

    @Test
    void concurrentVerificationsAllPass() throws Exception {
        VerificationContext shared = VerificationCase.exactCopy().context();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            VerificationContext own = VerificationCase.exactCopy().context();
            tasks.add(() -> {
                for (int round = 0; round < 10; round++) {
                    for (VerificationContext c : List.of(shared, own)) {
                        assertThat(verifier.verify(c).verdict()).as("concurrent verdict for an exact copy")
                                .isEqualTo(VerificationResult.Verdict.PASSED);
                    }
                }
                return null;
            });
        }
        Concurrently.run(tasks);
    }

    @Test
    void doesNotPassPixelDataItCannotReadBack() throws Exception {
        assumeTrue(detectedDamages().contains(Damage.PIXEL_DATA_ALTERED), "the verifier does not check pixel data");
        VerificationCase c = VerificationCase.exactCopy();
        VerificationResult r = verifier.verify(c.context(ReadBackLimitedDestination.withoutReadBack(c.destination)));
        assertThat(r.verdict()).as("verdict when the destination cannot read back")
                .isNotEqualTo(VerificationResult.Verdict.PASSED);
    }

    @Test
    void doesNotPassTranscodedPixelData() throws Exception {
        assumeTrue(detectedDamages().contains(Damage.PIXEL_DATA_ALTERED), "the verifier does not check pixel data");
        VerificationCase c = VerificationCase.exactCopy();
        VerificationResult r = verifier.verify(c.context(ReadBackLimitedDestination.transcoding(c.destination)));
        assertThat(r.verdict()).as("verdict when the destination returns transcoded pixel data")
                .isNotEqualTo(VerificationResult.Verdict.PASSED);
    }
}
