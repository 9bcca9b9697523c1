package dev.ferry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationResult;
import org.junit.jupiter.api.Test;

class VerifierTest {
    static final class PixelVerifier implements Verifier {
        @Override
        public VerificationResult verify(VerificationContext context) {
            return VerificationResult.passed(name());
        }
    }

    @Test
    void nameDefaultsToTheSimpleClassName() {
        assertThat(new PixelVerifier().name()).isEqualTo("PixelVerifier");
        assertThat(new PixelVerifier().verify(null).verifier()).isEqualTo("PixelVerifier");
    }

    @Test
    void namesOfAnonymousImplementationsAreNotEmpty() {
        Verifier anonymous = new Verifier() {
            @Override
            public VerificationResult verify(VerificationContext context) {
                return VerificationResult.passed("x");
            }
        };
        assertThat(anonymous.name()).isNotBlank();
    }
}
