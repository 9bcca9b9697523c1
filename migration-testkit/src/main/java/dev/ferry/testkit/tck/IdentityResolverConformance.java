package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.api.Accession;
import dev.ferry.api.Demographics;
import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ResolvedIdentity;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.spi.IdentityResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance kit for {@link IdentityResolver}: never {@code null}, deterministic (the same context
 * gives the same decision, from the same or a freshly created resolver, as a resumed migration
 * needs), thread-safe, refusing where the implementation says it must, and no patient data in what
 * a decision prints.
 *
 * <p>Extend it in a test, create the resolver with its data (merge history, an in-process MPI, rules) and
 * give sample contexts that cover its branches: some it resolves, some it abstains on, some it
 * refuses. {@link #createResolver()} is called before each test.
 *
 * <pre>{@code
 * class MergeHistoryResolverConformanceTest extends IdentityResolverConformance {
 *     @Override
 *     protected IdentityResolver createResolver() {
 *         return new MergeHistoryResolver(MergeHistory.load(getClass().getResource("/adt-a40.hl7")));
 *     }
 *
 *     @Override
 *     protected List<IdentityContext> sampleContexts() {
 *         return List.of(context("MRN-MERGED", "HOSP_A"), context("MRN-SURVIVOR", "HOSP_A"),
 *                 context("MRN-UNKNOWN", "HOSP_A"));
 *     }
 *
 *     @Override
 *     protected List<IdentityContext> contextsThatMustBeRefused() {
 *         return List.of(contextWithOtherBirthDate("MRN-MERGED", "HOSP_A"));
 *     }
 * }
 * }</pre>
 *
 * <p>The no-patient-data check looks for each Patient ID, name, birth date and accession number of
 * four characters or more (from the context and from a resolved identity) in {@code toString()} of
 * the decision; sample values should be distinctive enough that they cannot appear by chance.
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time; the concurrency tests start and
 * join their own threads.
 */
public abstract class IdentityResolverConformance {
    private static final int SENSITIVE_MIN_LENGTH = 4;

    private IdentityResolver resolver;
    private List<IdentityContext> samples;

    protected abstract IdentityResolver createResolver() throws Exception;

    /** Contexts covering the resolver's branches; all of them are resolved by every test. */
    protected abstract List<IdentityContext> sampleContexts();

    /** Contexts the resolver must refuse (sources of identity disagree); none by default. */
    protected List<IdentityContext> contextsThatMustBeRefused() {
        return List.of();
    }

    @BeforeEach
    void createResolverAndSamples() throws Exception {
        resolver = createResolver();
        assertThat(resolver).as("createResolver").isNotNull();
        List<IdentityContext> all = new ArrayList<>(sampleContexts());
        all.addAll(contextsThatMustBeRefused());
        samples = List.copyOf(all);
    }

    @Test
    void samplesAreGiven() {
        assertThat(sampleContexts()).as("sampleContexts()").isNotEmpty();
    }

    @Test
    void nameIsNotBlank() {
        assertThat(resolver.name()).as("name()").isNotBlank();
    }

    @Test
    void neverReturnsNull() {
        for (IdentityContext c : samples) {
            assertThat(resolver.resolve(c)).as("decision for study %s", c.study().studyInstanceUid()).isNotNull();
        }
    }

    @Test
    void sameContextGivesTheSameDecision() {
        for (IdentityContext c : samples) {
            IdentityDecision first = resolver.resolve(c);
            for (int k = 0; k < 3; k++) {
                assertThat(resolver.resolve(c)).as("repeated decision for study %s", c.study().studyInstanceUid())
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void equalContextGivesTheSameDecision() {
        for (IdentityContext c : samples) {
            IdentityContext twin = new IdentityContext(new String(c.sourceName()), copy(c.study()));
            assertThat(twin).isEqualTo(c);
            assertThat(resolver.resolve(twin)).as("decision for an equal copy of the context of study %s",
                    c.study().studyInstanceUid()).isEqualTo(resolver.resolve(c));
        }
    }

    @Test
    void freshResolverGivesTheSameDecisions() throws Exception {
        IdentityResolver fresh = createResolver();
        for (IdentityContext c : samples) {
            assertThat(fresh.resolve(c)).as("decision of a second resolver for study %s", c.study().studyInstanceUid())
                    .isEqualTo(resolver.resolve(c));
        }
    }

    @Test
    void concurrentCallsGiveTheSameDecisions() {
        List<IdentityDecision> expected = samples.stream().map(resolver::resolve).toList();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = t;
            tasks.add(() -> {
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < samples.size(); k++) {
                    order.add(k);
                }
                Random random = new Random(seed);
                for (int round = 0; round < 50; round++) {
                    Collections.shuffle(order, random);
                    for (int k : order) {
                        assertThat(resolver.resolve(samples.get(k)))
                                .as("concurrent decision for study %s", samples.get(k).study().studyInstanceUid())
                                .isEqualTo(expected.get(k));
                    }
                }
                return null;
            });
        }
        Concurrently.run(tasks);
    }

    @Test
    void decisionsDoNotRevealPatientData() {
        for (IdentityContext c : samples) {
            IdentityDecision d = resolver.resolve(c);
            List<String> sensitive = new ArrayList<>();
            addSensitive(sensitive, c.study().patient(), c.study().demographics(), c.study().accession());
            List<String> printed = new ArrayList<>(List.of(d.toString()));
            if (d instanceof IdentityDecision.Resolved r) {
                ResolvedIdentity id = r.identity();
                addSensitive(sensitive, id.patient(), id.demographics(), id.accession());
                printed.add(id.toString());
                printed.add(id.patient().toString());
                printed.add(id.demographics().toString());
                printed.add(id.accession().toString());
            }
            for (String text : printed) {
                for (String s : sensitive) {
                    assertThat(text.contains(s)).as("a decision for study %s prints a patient's data (%s)",
                            c.study().studyInstanceUid(), d.getClass().getSimpleName()).isFalse();
                }
            }
        }
    }

    @Test
    void contextsThatMustBeRefusedAreRefused() {
        List<IdentityContext> refused = contextsThatMustBeRefused();
        assumeTrue(!refused.isEmpty(), "the implementation names no contexts it must refuse");
        for (IdentityContext c : refused) {
            IdentityDecision d = resolver.resolve(c);
            assertThat(d).as("decision for study %s", c.study().studyInstanceUid())
                    .isInstanceOf(IdentityDecision.Refused.class);
        }
    }

    private static void addSensitive(List<String> out, PatientIdentity p, Demographics d, Accession a) {
        if (p != null) {
            add(out, p.id());
        }
        add(out, d.name());
        add(out, d.birthDate());
        add(out, a.number());
    }

    private static void add(List<String> out, String value) {
        if (value != null && value.strip().length() >= SENSITIVE_MIN_LENGTH) {
            out.add(value.strip());
        }
    }

    private static StudyDescriptor copy(StudyDescriptor s) {
        return new StudyDescriptor(new String(s.studyInstanceUid()),
                s.patient() == null ? null : new PatientIdentity(new String(s.patient().id()), s.patient().issuer()),
                new Demographics(s.demographics().name(), s.demographics().birthDate(), s.demographics().sex()),
                new Accession(new String(s.accession().number()), s.accession().issuer()),
                s.studyDate(), s.studyTime(), s.modalities(), s.seriesCount(), s.instanceCount(), s.sizeBytes());
    }
}
