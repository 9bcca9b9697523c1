package dev.ferry.core.internal;

import dev.ferry.api.Finding;
import dev.ferry.api.VerificationResult;

/**
 * How a verifier's verdict reads on the exception list, the same whether the study's own attempt or
 * the validation phase found it, so that validation recognises an exception already open.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** {@code "pixel-data inconclusive: transcoded: ..."}, {@code "counts failed: ..."}. */
    static String detail(String verifier, VerificationResult.Verdict verdict, Finding finding) {
        return verifier + " " + verdict.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + (finding == null ? "no verdict possible" : finding.detail());
    }
}
