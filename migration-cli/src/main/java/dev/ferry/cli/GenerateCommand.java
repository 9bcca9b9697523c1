package dev.ferry.cli;

import dev.ferry.api.MigrationException;
import dev.ferry.testkit.generator.ArchiveGenerator;
import dev.ferry.testkit.generator.DirtProfile;
import dev.ferry.testkit.generator.GeneratorSettings;
import dev.ferry.testkit.generator.GroundTruth;
import dev.ferry.testkit.generator.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry generate --seed N --studies M --out DIR}: writes a generated dirty legacy archive
 * (Part 10 files), the studies that arrive later, the HL7 ADT history and the ground-truth manifest.
 */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Writes a dirty legacy archive with its ground truth, for tests and demonstrations.",
        description = {
            "Generates patients, studies, series and instances (CT, MR, CR, DX, US, MG, XA multi-frame, SR, "
                    + "presentation states, key object selections) with realistic headers, and the faults old "
                    + "archives have, each at a rate (--dirt field): patients registered twice and merged "
                    + "later, MRN and accession variants and collisions, private tags of three vendor-like "
                    + "creators holding dose values, Latin-1, UTF-8, Japanese and GB18030 names (and undeclared "
                    + "Latin-1), empty body parts, corrupt objects (truncated, bad lengths, not DICOM), and "
                    + "duplicates from failed transmissions.",
            "DIR/archive holds the archive as Part 10 files, DIR/delta the studies that arrive later (one "
                    + "folder each; ferry simulate releases them over time), DIR/hl7 the ADT history (A04 "
                    + "registrations, A40 merges) as HL7 v2.5.1 files, and DIR/manifest.json the ground truth: "
                    + "each study's surviving patient and expected accession, the corrupt objects, the dose "
                    + "values and where they are.",
            "The same options give byte-identical output. The names, IDs and dates are invented.",
            "Exit status: 0 when the archive was written, 1 when it could not be, 2 for a wrong command line."
        })
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", required = true, description = "What everything derives from.")
    long seed;

    @Option(names = "--studies", paramLabel = "M", required = true, description = "Studies in the archive.")
    int studies;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The folder to write; it must be new or empty.")
    Path out;

    @Option(names = "--delta", paramLabel = "K", defaultValue = "0",
            description = "Studies that arrive later, dated after the archive's newest (default ${DEFAULT-VALUE}).")
    int delta;

    @Option(names = "--sizes", paramLabel = "SIZES", defaultValue = "compact",
            description = "compact (the default: real headers and structure, small matrices and few slices, about "
                    + "half a megabyte a study), realistic (real matrices and counts: tens to hundreds of MB a CT "
                    + "study, 27 MB a mammogram) or minimal (tiny images, one to three a series, for tests).")
    String sizes;

    @Option(names = "--dirt", paramLabel = "PROFILE", defaultValue = "field",
            description = "field (the default: the fault rates an old archive shows) or clean (no faults).")
    String dirt;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "The archive's today: study dates spread over the ten years before it (default: "
                    + "2026-01-01, fixed so that output does not depend on the day).")
    LocalDate asOf;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GeneratorSettings settings;
        try {
            GeneratorSettings.Builder b = GeneratorSettings.builder()
                    .seed(seed).studies(studies).deltaStudies(delta)
                    .sizes(choose("--sizes", sizes, Sizes.class))
                    .dirt(switch (dirt.toLowerCase(Locale.ROOT)) {
                        case "field" -> DirtProfile.FIELD;
                        case "clean" -> DirtProfile.CLEAN;
                        default -> throw new IllegalArgumentException("--dirt must be field or clean, not " + dirt);
                    });
            if (asOf != null) {
                b.asOf(asOf);
            }
            settings = b.build();
        } catch (IllegalArgumentException e) {
            err.println("ferry generate: " + e.getMessage());
            return 2;
        }
        try {
            long started = System.nanoTime();
            GroundTruth truth = new ArchiveGenerator(settings).writeTo(out);
            describe(truth, out, (System.nanoTime() - started) / 1e9, o);
            return 0;
        } catch (IOException | UncheckedIOException | MigrationException e) {
            err.println("ferry generate: " + NetworkCommand.message(e));
            return 1;
        } finally {
            o.flush();
            err.flush();
        }
    }

    private static <E extends Enum<E>> E choose(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                .toLowerCase(Locale.ROOT) + ", not " + value);
    }

    /** What was generated, in two lines: sizes, then the faults the ground truth holds. */
    static void describe(GroundTruth truth, Path folder, double seconds, PrintWriter o) {
        long bytes = 0;
        for (GroundTruth.Study s : truth.mainStudies()) {
            bytes += s.bytes();
        }
        long instances = truth.instances().stream().filter(i -> !i.delta()).count();
        o.printf(Locale.ROOT, "generated in %.1f s into %s: %d studies, %d instances, %.1f MB; %d studies that arrive "
                        + "later%n", seconds, folder, truth.mainStudies().size(), instances, bytes / 1e6,
                truth.deltaStudies().size());
        o.printf(Locale.ROOT, "ground truth (%s): %d studies with unmigratable objects (%d objects), %d patients "
                        + "registered twice and merged since (HL7 A40), %d studies whose accession collides, "
                        + "%d HL7 messages%n",
                GroundTruth.MANIFEST, truth.unmigratableStudies().size(), truth.corruptInstances().size(),
                truth.retiredPatients().size(),
                truth.studies().stream().filter(s -> !s.accessionCollisions().isEmpty()).count(),
                truth.hl7Messages().size());
    }
}
