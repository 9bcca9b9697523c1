package dev.ferry.testkit.generator;

import dev.ferry.api.ConfigurationException;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.testkit.generator.GroundTruth.Hl7Message;
import dev.ferry.testkit.generator.GroundTruth.Instance;
import dev.ferry.testkit.generator.GroundTruth.JunkFile;
import dev.ferry.testkit.generator.GroundTruth.Patient;
import dev.ferry.testkit.generator.GroundTruth.PrivateCreator;
import dev.ferry.testkit.generator.GroundTruth.Study;
import dev.ferry.testkit.generator.Plan.PatientPlan;
import dev.ferry.testkit.generator.Plan.StudyPlan;
import dev.ferry.testkit.memory.InMemoryArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a dirty legacy archive, deterministically from {@link GeneratorSettings}: patients
 * (some registered twice and merged later), studies across CT, MR, CR, DX, US, MG, XA with dose SRs,
 * presentation states and key object selections, realistic headers with vendors' private elements
 * and dose values, character sets, and the faults of the {@link DirtProfile} (MRN and accession
 * variants, accession collisions, empty body parts, corrupt objects, duplicates, junk files). Its
 * {@link GroundTruth} says what every study and instance really is.
 *
 * <pre>{@code
 * ArchiveGenerator generator = new ArchiveGenerator(GeneratorSettings.builder().seed(42).studies(100).build());
 * GroundTruth truth = generator.writeTo(Path.of("/tmp/archive"));
 * }</pre>
 *
 * <p>{@link #writeTo(Path)} writes this layout, which the simulator and the CLI rely on:
 * <ul>
 *   <li>{@code archive/<patient key>/<study key>/S<series number>/<n>.dcm}: the legacy archive as
 *       Part 10 files, with its junk (non-DICOM files, truncated copies, duplicates); folder names are
 *       opaque keys, never patient data;
 *   <li>{@code delta/<study key>/S<series number>/<n>.dcm}: studies that arrive later, dated from
 *       {@code asOf} on (after the main archive's newest);
 *   <li>{@code hl7/000001-ADT_A04.hl7}, ...: the ADT history, one HL7 v2.5.1 message per file, in
 *       time order;
 *   <li>{@code manifest.json}: the {@link GroundTruth}.
 * </ul>
 * The same settings give a byte-identical folder. Pixel data is generated while it is written,
 * never held: memory grows with the number of studies and instances (the plan and the truth, a few
 * hundred bytes per instance), not with their size.
 *
 * <p>Thread-safe: the plan is immutable once built, and each call builds its studies afresh.
 */
public final class ArchiveGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveGenerator.class);

    private final GeneratorSettings settings;
    private final Plan plan;

    public ArchiveGenerator(GeneratorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.plan = new Planner(settings).plan();
    }

    public GeneratorSettings settings() {
        return settings;
    }

    /**
     * Writes the archive, its delta studies, its HL7 history and its manifest into {@code out}.
     *
     * @param out a folder that does not exist yet or is empty
     * @return the ground truth, as written to {@code out/manifest.json}
     * @throws ConfigurationException naming {@code out} if it is a file or a folder that is not empty
     * @throws IOException if writing fails
     */
    public GroundTruth writeTo(Path out) throws IOException {
        Objects.requireNonNull(out, "out");
        requireEmpty(out);
        Files.createDirectories(out.resolve("archive"));
        Files.createDirectories(out.resolve("delta"));
        StudyWriter writer = new StudyWriter(out, settings.seed());
        List<Study> studies = new ArrayList<>();
        List<Instance> instances = new ArrayList<>();
        List<JunkFile> junk = new ArrayList<>();
        for (StudyPlan s : plan.studies) {
            StudyWriter.Written w = writer.write(s, new StudyBuilder(s, settings.seed(), settings.sizes()).build());
            studies.add(w.study());
            instances.addAll(w.instances());
            junk.addAll(w.junk());
        }
        List<Hl7Message> hl7 = new Hl7Writer(settings.seed()).write(out.resolve("hl7"), plan.events);
        GroundTruth truth = new GroundTruth(GroundTruth.FORMAT_VERSION, settingsRecord(), patients(), studies,
                instances, junk, privateCreators(), hl7);
        truth.write(out.resolve(GroundTruth.MANIFEST));
        LOG.info("generated {} studies ({} delta), {} instances, {} unmigratable studies, {} HL7 messages", studies.size(),
                settings.deltaStudies(), instances.size(), truth.unmigratableStudies().size(), hl7.size());
        return truth;
    }

    /**
     * Stores the main archive's instances (not the delta studies) into an in-memory archive: the same
     * headers and pixel data as {@link #writeTo} writes, in the same transfer syntaxes. Corrupt
     * objects are skipped (an in-memory archive holds whole instances only); an instance stored twice
     * is stored once.
     */
    public void loadInto(InMemoryArchive archive) throws IOException {
        load(archive, false);
    }

    /** Stores the delta studies' instances into an in-memory archive, as {@link #loadInto} does the main ones. */
    public void loadDeltaInto(InMemoryArchive archive) throws IOException {
        load(archive, true);
    }

    private void load(InMemoryArchive archive, boolean delta) throws IOException {
        Objects.requireNonNull(archive, "archive");
        for (StudyPlan s : plan.studies) {
            if (s.delta != delta) {
                continue;
            }
            for (InstancePlan i : new StudyBuilder(s, settings.seed(), settings.sizes()).build().instances()) {
                if (i.corrupt != null) {
                    continue;
                }
                InstanceDescriptor d = InstanceDescriptor.of(i.header, StudyDescriptor.UNKNOWN);
                try (DicomInstance instance = new DicomInstance(d, i.header, i.transferSyntax.uid(),
                        PixelStreams.remainder(i), PixelStreams.remainderLength(i))) {
                    archive.store(instance);
                }
            }
        }
    }

    private static void requireEmpty(Path out) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new ConfigurationException("the output " + out + " is a file, not a folder");
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isPresent()) {
                throw new ConfigurationException("the output folder " + out
                        + " is not empty; the generator writes into a new or empty folder only");
            }
        }
    }

    private GroundTruth.Settings settingsRecord() {
        return new GroundTruth.Settings(settings.seed(), settings.studies(), settings.deltaStudies(), settings.sizes(),
                settings.dirt(), settings.asOf().toString());
    }

    private List<Patient> patients() {
        List<Patient> out = new ArrayList<>();
        for (PatientPlan p : plan.patients) {
            out.add(new Patient(p.key, p.mrn, p.issuer, p.name, p.birthDate.format(DateTimeFormatter.BASIC_ISO_DATE),
                    p.sex, p.origin.charset, p.mergedInto));
        }
        return out;
    }

    private static List<PrivateCreator> privateCreators() {
        List<PrivateCreator> out = new ArrayList<>();
        for (Vendor v : Vendor.values()) {
            for (String modality : Vendor.MODALITIES) {
                out.add(new PrivateCreator(v.manufacturer, v.model(modality), modality, v.creator, v.group));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ArchiveGenerator[seed " + settings.seed() + ", " + settings.studies() + " studies]";
    }
}
