package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MigrationExceptionTest {
    private static final ItemRef INSTANCE = new ItemRef("1.2.3", null, "1.2.3.4.5");

    @Test
    void isSealedIntoFourBranches() {
        assertThat(MigrationException.class.isSealed()).isTrue();
        assertThat(MigrationException.class.getPermittedSubclasses()).containsExactlyInAnyOrder(
                TransientMigrationException.class, PermanentMigrationException.class, VerificationException.class,
                ConfigurationException.class);
        assertThat(RuntimeException.class).isAssignableFrom(MigrationException.class);
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertThat(new TransientMigrationException(ReasonCode.TIMEOUT, INSTANCE, "C-STORE").isRetryable()).isTrue();
        assertThat(new PermanentMigrationException(ReasonCode.REFUSED, INSTANCE, "A700").isRetryable()).isFalse();
        assertThat(new VerificationException(ReasonCode.VERIFICATION_FAILED, INSTANCE, "digest").isRetryable()).isFalse();
        assertThat(new ConfigurationException("plan.destination.aeTitle is empty").isRetryable()).isFalse();
        assertThat(new InvalidValueException(Tag.Rows, "x").isRetryable()).isFalse();
    }

    @Test
    void retryabilityIsTheBranchsEvenWhenTheReasonDefaultsOtherwise() {
        assertThat(new PermanentMigrationException(ReasonCode.TIMEOUT, INSTANCE, "").isRetryable()).isFalse();
        assertThat(new TransientMigrationException(ReasonCode.CORRUPT_OBJECT, INSTANCE, "").isRetryable()).isTrue();
    }

    @Test
    void messageIsReasonItemAndDetail() {
        assertThat(new PermanentMigrationException(ReasonCode.REFUSED, INSTANCE, "status A700").getMessage())
                .isEqualTo("REFUSED [study 1.2.3 instance 1.2.3.4.5]: status A700");
        assertThat(new TransientMigrationException(ReasonCode.TIMEOUT, ItemRef.study("1.2.3"), "C-MOVE").getMessage())
                .isEqualTo("TIMEOUT [study 1.2.3]: C-MOVE");
        assertThat(new TransientMigrationException(ReasonCode.NETWORK, ItemRef.NONE, "reset").getMessage())
                .isEqualTo("NETWORK: reset");
        assertThat(new TransientMigrationException(ReasonCode.NETWORK, null, "reset").getMessage())
                .isEqualTo("NETWORK: reset");
        assertThat(new VerificationException(ReasonCode.VERIFICATION_FAILED, INSTANCE, "").getMessage())
                .isEqualTo("VERIFICATION_FAILED [study 1.2.3 instance 1.2.3.4.5]");
        assertThat(new VerificationException(ReasonCode.VERIFICATION_FAILED, null, null).getMessage())
                .isEqualTo("VERIFICATION_FAILED");
        assertThat(new ConfigurationException("plan.workers must be > 0").getMessage())
                .isEqualTo("CONFIGURATION: plan.workers must be > 0");
    }

    @Test
    void anEmptyItemRefIsNotPrinted() {
        assertThat(new TransientMigrationException(ReasonCode.NETWORK, new ItemRef(null, null, null), "reset")
                .getMessage()).isEqualTo("NETWORK: reset");
    }

    @Test
    void itemDefaultsToNoneAndReasonIsRequired() {
        assertThat(new TransientMigrationException(ReasonCode.NETWORK, null, "x").item()).isSameAs(ItemRef.NONE);
        assertThat(new ConfigurationException("x").item()).isSameAs(ItemRef.NONE);
        assertThat(new ConfigurationException("x").reason()).isEqualTo(ReasonCode.CONFIGURATION);
        assertThat(new PermanentMigrationException(ReasonCode.REFUSED, INSTANCE, "x").item()).isSameAs(INSTANCE);
        assertThatThrownBy(() -> new PermanentMigrationException(null, INSTANCE, "x"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void causeIsKept() {
        IOException cause = new IOException("socket closed");
        assertThat(new TransientMigrationException(ReasonCode.NETWORK, INSTANCE, "x", cause)).hasCause(cause);
        assertThat(new PermanentMigrationException(ReasonCode.REFUSED, INSTANCE, "x", cause)).hasCause(cause);
        assertThat(new VerificationException(ReasonCode.VERIFICATION_FAILED, INSTANCE, "x", cause)).hasCause(cause);
        assertThat(new ConfigurationException("x", cause)).hasCause(cause);
        assertThat(new ConfigurationException("x").getCause()).isNull();
    }
}
