package dev.ferry.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a kit subclass (a deliberately broken implementation) through the JUnit Platform and keeps
 * each test's outcome, so that a test can assert which kit checks caught the defect. Kit subclasses
 * used this way are nested classes marked {@link BrokenOnPurpose}, which run only from here.
 */
final class KitRun {
    /** One kit test's outcome; {@code status} is null when it was skipped. */
    record Outcome(String method, String displayName, TestExecutionResult.Status status, Throwable throwable) {}

    private final List<Outcome> outcomes;

    private KitRun(List<Outcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    static KitRun of(Class<?> kitSubclass) {
        List<Outcome> outcomes = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    outcomes.add(new Outcome(method(id), id.getDisplayName(), result.getStatus(),
                            result.getThrowable().orElse(null)));
                } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    outcomes.add(new Outcome("<container " + id.getDisplayName() + ">", id.getDisplayName(),
                            result.getStatus(), result.getThrowable().orElse(null)));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    outcomes.add(new Outcome(method(id), id.getDisplayName(), null, null));
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(kitSubclass))
                .configurationParameter(BrokenOnPurpose.KIT_RUN, "true")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        assertThat(outcomes).as("kit tests run for %s", kitSubclass.getSimpleName()).isNotEmpty();
        return new KitRun(outcomes);
    }

    private static String method(TestIdentifier id) {
        Optional<MethodSource> m = id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        return m.map(MethodSource::getMethodName).orElse(id.getDisplayName());
    }

    /** The outcome of the test with this method name or display name. */
    Outcome outcome(String methodOrDisplayName) {
        return outcomes.stream()
                .filter(o -> o.method().equals(methodOrDisplayName) || o.displayName().equals(methodOrDisplayName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no kit test named " + methodOrDisplayName + " in " + outcomes));
    }

    /** Asserts the kit test failed with an assertion (not an error in the kit's own set-up). */
    KitRun failed(String test) {
        Outcome o = outcome(test);
        assertThat(o.status()).as("status of kit test %s", test).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(o.throwable()).as("failure of kit test %s", test).isInstanceOf(AssertionError.class);
        return this;
    }

    KitRun passed(String test) {
        Outcome o = outcome(test);
        assertThat(o.status()).as("status of kit test %s (failure: %s)", test, o.throwable())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        return this;
    }

    /** Names of the kit tests that failed, for assertions on the whole run. */
    List<String> failures() {
        return outcomes.stream().filter(o -> o.status() == TestExecutionResult.Status.FAILED).map(Outcome::method)
                .toList();
    }
}
