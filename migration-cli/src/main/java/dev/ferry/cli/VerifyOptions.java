package dev.ferry.cli;

import dev.ferry.core.PlanComponents;
import dev.ferry.core.verify.CountVerifier;
import dev.ferry.core.verify.DoseRetentionVerifier;
import dev.ferry.core.verify.IdentityContinuityVerifier;
import dev.ferry.core.verify.ReferencedObjectsVerifier;
import dev.ferry.dicom.verify.PixelDataVerifier;
import dev.ferry.spi.DestinationArchive;
import dev.ferry.spi.Verifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which verifiers a migration runs on each study once it is stored, and again in its validation
 * phase: a picocli mixin. The same names serve a YAML plan's {@code verifiers:} list.
 */
final class VerifyOptions {
    /** The built-in verifiers by name, given the pixel sample. */
    static final Map<String, DoubleFunction<Verifier>> BUILT_IN = builtIns();

    /** The verifiers that read instances back from the destination. */
    private static final java.util.Set<String> READS_BACK = java.util.Set.of(PixelDataVerifier.NAME,
            DoseRetentionVerifier.NAME, ReferencedObjectsVerifier.NAME);

    @Option(names = "--verify", paramLabel = "NAME", split = ",",
            description = "Verifiers to run on every study after it is stored and in the validation phase: "
                    + "counts (series and instances, source against destination, by query), identity-continuity "
                    + "(the destination's Patient ID, issuer and Accession Number are the resolved ones), "
                    + "pixel-data (the SHA-256 of each instance's Pixel Data as it left the source against the "
                    + "destination's copy read back; a transcoded copy is reported, never passed), dose-retention "
                    + "(every dose attribute and dose report the source had is in the destination), "
                    + "referenced-objects (what the study's reports, key objects and presentation states "
                    + "reference is in the destination), or none. Default: all of them; those that read the "
                    + "destination back are left out, with a warning, when it cannot be read back.")
    List<String> names;

    @Option(names = "--verify-sample", paramLabel = "FRACTION", defaultValue = "1",
            description = "The share of instances whose pixel data is read back and compared, in (0, 1]; the "
                    + "same instances on every run (default ${DEFAULT-VALUE}: all).")
    double sample;

    private static Map<String, DoubleFunction<Verifier>> builtIns() {
        Map<String, DoubleFunction<Verifier>> m = new LinkedHashMap<>();
        m.put(CountVerifier.NAME, sample -> new CountVerifier());
        m.put(IdentityContinuityVerifier.NAME, sample -> new IdentityContinuityVerifier());
        m.put(PixelDataVerifier.NAME, PixelDataVerifier::new);
        m.put(DoseRetentionVerifier.NAME, sample -> new DoseRetentionVerifier());
        m.put(ReferencedObjectsVerifier.NAME, sample -> new ReferencedObjectsVerifier());
        return m;
    }

    /**
     * The verifiers asked for, checked against what the destination can do.
     *
     * @throws ParameterException for an unknown name or a sample outside (0, 1]
     */
    List<Verifier> verifiers(CommandSpec spec, DestinationArchive destination, PrintWriter err) {
        return verifiers(spec, destination, err, null);
    }

    /**
     * As {@link #verifiers(CommandSpec, DestinationArchive, PrintWriter)}, with {@code doseRetention}
     * (one that also checks what a dose mapping writes: {@link CoerceOptions#doseRetention}) in place of
     * the default dose-retention verifier; {@code null} for the default.
     */
    List<Verifier> verifiers(CommandSpec spec, DestinationArchive destination, PrintWriter err,
                             Verifier doseRetention) {
        if (!(sample > 0 && sample <= 1)) {
            throw new ParameterException(spec.commandLine(), "--verify-sample must be in (0, 1], not " + sample);
        }
        boolean explicit = names != null && !names.isEmpty();
        List<String> wanted = explicit ? names.stream().map(String::strip).toList() : List.copyOf(BUILT_IN.keySet());
        if (wanted.contains("none")) {
            if (wanted.size() > 1) {
                throw new ParameterException(spec.commandLine(), "--verify none cannot be combined with verifiers");
            }
            return List.of();
        }
        List<Verifier> verifiers = new ArrayList<>();
        for (String n : wanted) {
            DoubleFunction<Verifier> make = BUILT_IN.get(n);
            if (make == null) {
                throw new ParameterException(spec.commandLine(), "unknown verifier '" + n + "': "
                        + String.join(", ", BUILT_IN.keySet()) + " or none");
            }
            if (!explicit && READS_BACK.contains(n) && !destination.supportsReadBack()) {
                err.println("ferry: " + n + " verification is off: " + destination.name()
                        + " cannot be read back (--verify " + n + " reports each study as not verified)");
                continue;
            }
            verifiers.add(doseRetention != null && n.equals(DoseRetentionVerifier.NAME) ? doseRetention
                    : make.apply(sample));
        }
        return verifiers;
    }

    /** The built-in verifiers as plan components, for a YAML plan's {@code verifiers:} list (every instance). */
    static PlanComponents components() {
        return components(null).build();
    }

    /** As {@link #components()}, with {@code doseRetention} (if not {@code null}) as the dose-retention verifier. */
    static PlanComponents.Builder components(Verifier doseRetention) {
        PlanComponents.Builder b = PlanComponents.builder();
        BUILT_IN.forEach((name, make) -> b.verifier(name,
                doseRetention != null && name.equals(DoseRetentionVerifier.NAME) ? doseRetention : make.apply(1.0)));
        return b;
    }
}
