package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.CoercionContext;
import dev.ferry.api.CoercionOutcome;
import dev.ferry.api.Dataset;
import org.junit.jupiter.api.Test;

class TagCoercerTest {
    static final class Passthrough implements TagCoercer {
        @Override
        public CoercionOutcome coerce(Dataset header, CoercionContext context) {
            return CoercionOutcome.UNCHANGED;
        }
    }

    @Test
    void nameDefaultsToTheSimpleClassName() {
        assertThat(new Passthrough().name()).isEqualTo("Passthrough");
    }

    @Test
    void nameCanBeOverridden() {
        TagCoercer named = new TagCoercer() {
            @Override
            public CoercionOutcome coerce(Dataset header, CoercionContext context) {
                return CoercionOutcome.UNCHANGED;
            }

            @Override
            public String name() {
                return "rules:site-a";
            }
        };
        assertThat(named.name()).isEqualTo("rules:site-a");
    }
}
