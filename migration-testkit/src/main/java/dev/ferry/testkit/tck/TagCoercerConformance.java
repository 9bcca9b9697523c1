package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.Tag;
import dev.ferry.api.TagChange;
import dev.ferry.api.Tags;
import dev.ferry.spi.TagCoercer;
import dev.ferry.testkit.GeneratedPixelData;
import dev.ferry.testkit.PixelDataDigests;
import dev.ferry.testkit.TestInstances;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance kit for {@link TagCoercer}: the reported changes are exactly the difference between
 * the header before (a {@link Dataset#copy() deep copy}) and after, as {@link DatasetDiff} defines
 * it (nested sequences included, values as {@link Dataset#valueAsText(int)} renders them; the rule
 * names are free); the same input gives the same changes and the same header, from the same or a
 * fresh coercer and from several threads at once; nothing at or after Pixel Data is touched (the
 * remainder follows the header, so an element there would collide with it); and a rejection's
 * detail carries no patient data.
 *
 * <p>Extend it in a test, create the coercer with its rules and give sample headers with their
 * contexts that make the rules fire (and some that they leave alone). {@link #createCoercer()} is
 * called before each test; each test coerces copies of the samples.
 *
 * <pre>{@code
 * class RuleCoercerConformanceTest extends TagCoercerConformance {
 *     @Override
 *     protected TagCoercer createCoercer() {
 *         return RuleCoercer.parse("set (0008,0080) to upper; remove (0009,xx10) ACME 1.0");
 *     }
 *
 *     @Override
 *     protected List<CoercionSample> samples() {
 *         SyntheticStudy s = TestInstances.study(1).series("CT", 2).build();
 *         return s.instances().stream().map(i -> CoercionSample.of(s, i, "legacy", null)).toList();
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
public abstract class TagCoercerConformance {
    private static final int SENSITIVE_MIN_LENGTH = 4;

    private TagCoercer coercer;
    private List<CoercionSample> samples;

    protected abstract TagCoercer createCoercer() throws Exception;

    /** Headers with contexts; at least one must be changed by the coercer. */
    protected abstract List<CoercionSample> samples();

    @BeforeEach
    void createCoercerAndSamples() throws Exception {
        coercer = createCoercer();
        assertThat(coercer).as("createCoercer").isNotNull();
        samples = List.copyOf(samples());
    }

    @Test
    void samplesAreGivenAndSomeAreChanged() {
        assertThat(samples).as("samples()").isNotEmpty();
        boolean anyChanged = false;
        for (CoercionSample s : samples) {
            if (coerce(s).outcome() instanceof CoercionOutcome.Applied a && !a.changes().isEmpty()) {
                anyChanged = true;
            }
        }
        assertThat(anyChanged).as("at least one sample is changed by the coercer (else the kit checks little)")
                .isTrue();
    }

    @Test
    void nameIsNotBlank() {
        assertThat(coercer.name()).as("name()").isNotBlank();
    }

    @Test
    void neverReturnsNull() {
        for (CoercionSample s : samples) {
            assertThat(coerce(s).outcome()).as("outcome for %s", s).isNotNull();
        }
    }

    @Test
    void reportedChangesAreExactlyTheChangesMade() {
        for (CoercionSample s : samples) {
            Result r = coerce(s);
            if (r.outcome() instanceof CoercionOutcome.Applied applied) {
                List<TagChange> reported = applied.changes().stream().map(DatasetDiff::normalized).toList();
                List<TagChange> made = DatasetDiff.diff(s.header(), r.after());
                assertThat(reported).as("changes reported for %s against the changes made (values redacted)", s)
                        .containsExactlyInAnyOrderElementsOf(made);
                for (TagChange c : applied.changes()) {
                    assertThat(c.rule()).as("rule of a change to %s", c.path()).isNotBlank();
                }
            }
        }
    }

    @Test
    void sameInputGivesTheSameChangesAndHeader() {
        for (CoercionSample s : samples) {
            Result first = coerce(s);
            Result second = coerce(s);
            assertThat(second.outcome()).as("outcome of coercing %s again", s).isEqualTo(first.outcome());
            assertThat(second.after()).as("header after coercing %s again", s).isEqualTo(first.after());
        }
    }

    @Test
    void freshCoercerGivesTheSameChanges() throws Exception {
        TagCoercer fresh = createCoercer();
        for (CoercionSample s : samples) {
            Dataset h = s.header().copy();
            assertThat(fresh.coerce(h, s.context())).as("outcome of a second coercer for %s", s)
                    .isEqualTo(coerce(s).outcome());
        }
    }

    @Test
    void concurrentCallsGiveTheSameResults() {
        List<Result> expected = samples.stream().map(this::coerce).toList();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(() -> {
                for (int round = 0; round < 50; round++) {
                    for (int k = 0; k < samples.size(); k++) {
                        Result r = coerce(samples.get(k));
                        assertThat(r.outcome()).as("concurrent outcome for %s", samples.get(k))
                                .isEqualTo(expected.get(k).outcome());
                        assertThat(r.after()).as("concurrent header for %s", samples.get(k))
                                .isEqualTo(expected.get(k).after());
                    }
                }
                return null;
            });
        }
        Concurrently.run(tasks);
    }

    @Test
    void nothingAtOrAfterPixelDataIsTouchedAndTheRemainderIsUnchanged() throws IOException {
        for (CoercionSample s : samples) {
            Result r = coerce(s);
            for (TagChange c : DatasetDiff.diff(s.header(), r.after())) {
                int top = InstanceAssertions.topLevelTag(c.path());
                assertThat(Tags.compare(top, Tag.FloatPixelData) < 0)
                        .as("%s changed %s: pixel data or after it, where the remainder is", s, Tags.format(top))
                        .isTrue();
            }
            long seed = TestInstances.seedOf(s.context().instance().sopInstanceUid());
            GeneratedPixelData remainder = new GeneratedPixelData(seed, 4096);
            try (DicomInstance instance = new DicomInstance(s.context().instance(), s.header().copy(),
                    TestInstances.EXPLICIT_VR_LITTLE_ENDIAN, remainder, remainder.length())) {
                coercer.coerce(instance.header(), s.context());
                Digest after;
                try (InputStream in = instance.remainder()) {
                    after = PixelDataDigests.sha256(in);
                }
                assertThat(after).as("remainder after coercing %s", s)
                        .isEqualTo(PixelDataDigests.sha256(new GeneratedPixelData(seed, 4096)));
            }
        }
    }

    @Test
    void rejectionsCarryNoPatientData() {
        boolean anyRejected = false;
        for (CoercionSample s : samples) {
            if (coerce(s).outcome() instanceof CoercionOutcome.Rejected rejected) {
                anyRejected = true;
                for (int tag : new int[] {Tag.PatientID, Tag.PatientName, Tag.PatientBirthDate, Tag.AccessionNumber}) {
                    String value = s.header().getString(tag);
                    if (value != null && value.strip().length() >= SENSITIVE_MIN_LENGTH) {
                        assertThat(rejected.detail().contains(value.strip()))
                                .as("rejection detail for %s contains the value of %s", s, Tags.describe(tag))
                                .isFalse();
                    }
                }
            }
        }
        assumeTrue(anyRejected, "no sample is rejected");
    }

    private Result coerce(CoercionSample s) {
        Dataset h = s.header().copy();
        CoercionOutcome outcome = coercer.coerce(h, s.context());
        return new Result(outcome, h);
    }

    private record Result(CoercionOutcome outcome, Dataset after) {}
}
