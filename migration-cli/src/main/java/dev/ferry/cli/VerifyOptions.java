package dev.ferry.cli;

import dev.ferry.core.PlanComponents;
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

    @Option(names = "--verify", paramLabel = "NAME", split = ",",
            description = "Verifiers to run on every study after it is stored and in the validation phase: "
                    + "pixel-data (the SHA-256 of each instance's Pixel Data as it left the source against the "
                    + "destination's copy read back; a transcoded copy is reported, never passed), or none. "
                    + "Default: all of them; pixel-data is left out, with a warning, when the destination "
                    + "cannot be read back.")
    List<String> names;

    @Option(names = "--verify-sample", paramLabel = "FRACTION", defaultValue = "1",
            description = "The share of instances whose pixel data is read back and compared, in (0, 1]; the "
                    + "same instances on every run (default ${DEFAULT-VALUE}: all).")
    double sample;

    private static Map<String, DoubleFunction<Verifier>> builtIns() {
        Map<String, DoubleFunction<Verifier>> m = new LinkedHashMap<>();
        m.put(PixelDataVerifier.NAME, PixelDataVerifier::new);
        return m;
    }

    /**
     * The verifiers asked for, checked against what the destination can do.
     *
     * @throws ParameterException for an unknown name or a sample outside (0, 1]
     */
    List<Verifier> verifiers(CommandSpec spec, DestinationArchive destination, PrintWriter err) {
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
            if (!explicit && n.equals(PixelDataVerifier.NAME) && !destination.supportsReadBack()) {
                err.println("ferry: pixel-data verification is off: " + destination.name()
                        + " cannot be read back (--verify pixel-data reports each study as not compared)");
                continue;
            }
            verifiers.add(make.apply(sample));
        }
        return verifiers;
    }

    /** The built-in verifiers as plan components, for a YAML plan's {@code verifiers:} list (every instance). */
    static PlanComponents components() {
        PlanComponents.Builder b = PlanComponents.builder();
        BUILT_IN.forEach((name, make) -> b.verifier(name, make.apply(1.0)));
        return b.build();
    }
}
