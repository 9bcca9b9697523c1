package dev.ferry.testkit.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a kit subclass whose implementation is broken on purpose: it runs only under {@link KitRun},
 * so that a build selecting tests by pattern ({@code -Dtest=...}) does not report its failures.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(BrokenOnPurpose.OnlyUnderKitRun.class)
@interface BrokenOnPurpose {
    /** The configuration parameter {@link KitRun} sets. */
    String KIT_RUN = "dev.ferry.testkit.kit-run";

    /** Disables the class unless {@link KitRun} runs it. */
    final class OnlyUnderKitRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(KIT_RUN).isPresent()
                    ? ConditionEvaluationResult.enabled("run by KitRun")
                    : ConditionEvaluationResult.disabled("broken on purpose; only KitRun runs it");
        }
    }
}
