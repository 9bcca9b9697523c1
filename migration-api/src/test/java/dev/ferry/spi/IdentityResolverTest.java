package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityContext;
import dev.ferry.api.IdentityDecision;
import org.junit.jupiter.api.Test;

class IdentityResolverTest {
    static final class Abstaining implements IdentityResolver {
        @Override
        public IdentityDecision resolve(IdentityContext context) {
            return IdentityDecision.abstain("no rule");
        }
    }

    @Test
    void nameDefaultsToTheSimpleClassName() {
        assertThat(new Abstaining().name()).isEqualTo("Abstaining");
    }
}
