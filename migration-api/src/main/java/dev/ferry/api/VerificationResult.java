package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * One verifier's verdict on one study.
 *
 * @param verifier the verifier's name (stable: reports group by it)
 * @param verdict passed, failed, or inconclusive
 * @param findings what is wrong (for FAILED) or why no verdict is possible (for INCONCLUSIVE, e.g.
 *     "transcoded: not byte-comparable"); may be empty for PASSED
 */
public record VerificationResult(String verifier, Verdict verdict, List<Finding> findings) {
    public enum Verdict {
        /** The destination holds what the source had, as far as this verifier checks. */
        PASSED,
        /** The destination lacks or altered something this verifier checks. */
        FAILED,
        /** This verifier cannot decide (e.g. the destination transcoded, so bytes are not comparable). */
        INCONCLUSIVE
    }

    public VerificationResult {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(verdict, "verdict");
        findings = List.copyOf(findings);
        if (verdict == Verdict.FAILED && findings.isEmpty()) {
            throw new IllegalArgumentException(verifier + ": a FAILED verdict must say what failed");
        }
    }

    public static VerificationResult passed(String verifier) {
        return new VerificationResult(verifier, Verdict.PASSED, List.of());
    }

    public static VerificationResult failed(String verifier, List<Finding> findings) {
        return new VerificationResult(verifier, Verdict.FAILED, findings);
    }

    public static VerificationResult inconclusive(String verifier, List<Finding> findings) {
        return new VerificationResult(verifier, Verdict.INCONCLUSIVE, findings);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
