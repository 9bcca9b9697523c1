package dev.ferry.testkit.generator;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a generated archive really holds, as {@code manifest.json} records it: the patients (with the
 * merges their ADT history makes), every study with the identity its headers carry and the one it
 * should carry after reconciliation, every instance with its files and faults, the dose values and
 * where they are, the private creators, and the HL7 messages. Tests assert against it.
 *
 * <p>Study dates are DICOM DA text ({@code yyyyMMdd}), times TM ({@code HHmmss}); file paths are
 * relative to the generated folder, with {@code /} separators.
 *
 * <p>Immutable and thread-safe. Records that hold patient data print keys and UIDs only.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"formatVersion", "settings", "patients", "studies", "instances", "junkFiles", "privateCreators",
    "hl7Messages"})
public final class GroundTruth {
    /** The version of the manifest format this class reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name inside a generated folder. */
    public static final String MANIFEST = "manifest.json";

    private final int formatVersion;
    private final Settings settings;
    private final List<Patient> patients;
    private final List<Study> studies;
    private final List<Instance> instances;
    private final List<JunkFile> junkFiles;
    private final List<PrivateCreator> privateCreators;
    private final List<Hl7Message> hl7Messages;
    private final Map<String, Patient> patientsByKey = new LinkedHashMap<>();
    private final Map<String, Study> studiesByUid = new LinkedHashMap<>();
    private final Map<String, Instance> instancesBySop = new LinkedHashMap<>();
    private final Map<String, List<Instance>> instancesByStudy = new LinkedHashMap<>();

    /** @throws IllegalArgumentException if a key or UID is listed twice */
    @JsonCreator
    public GroundTruth(@JsonProperty("formatVersion") int formatVersion,
                       @JsonProperty("settings") Settings settings,
                       @JsonProperty("patients") List<Patient> patients,
                       @JsonProperty("studies") List<Study> studies,
                       @JsonProperty("instances") List<Instance> instances,
                       @JsonProperty("junkFiles") List<JunkFile> junkFiles,
                       @JsonProperty("privateCreators") List<PrivateCreator> privateCreators,
                       @JsonProperty("hl7Messages") List<Hl7Message> hl7Messages) {
        this.formatVersion = formatVersion;
        this.settings = settings;
        this.patients = copy(patients);
        this.studies = copy(studies);
        this.instances = copy(instances);
        this.junkFiles = copy(junkFiles);
        this.privateCreators = copy(privateCreators);
        this.hl7Messages = copy(hl7Messages);
        for (Patient p : this.patients) {
            if (patientsByKey.put(p.key(), p) != null) {
                throw new IllegalArgumentException("patient key listed twice: " + p.key());
            }
        }
        for (Study s : this.studies) {
            if (studiesByUid.put(s.studyInstanceUid(), s) != null) {
                throw new IllegalArgumentException("study listed twice: " + s.studyInstanceUid());
            }
        }
        for (Instance i : this.instances) {
            if (instancesBySop.put(i.sopInstanceUid(), i) != null) {
                throw new IllegalArgumentException("instance listed twice: " + i.sopInstanceUid());
            }
            instancesByStudy.computeIfAbsent(i.studyInstanceUid(), k -> new ArrayList<>()).add(i);
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * Reads the manifest of a generated folder ({@code out/manifest.json}), or a manifest file given
     * directly.
     *
     * @throws IOException if it cannot be read or is not a manifest
     */
    public static GroundTruth read(Path out) throws IOException {
        Path file = Files.isDirectory(out) ? out.resolve(MANIFEST) : out;
        return ManifestIo.read(file);
    }

    /** Writes this truth as a manifest file, deterministically (stable field order, {@code \n} line ends). */
    public void write(Path file) throws IOException {
        ManifestIo.write(this, file);
    }

    @JsonProperty("formatVersion")
    public int formatVersion() {
        return formatVersion;
    }

    /** The settings the archive was generated with. */
    @JsonProperty("settings")
    public Settings settings() {
        return settings;
    }

    /** Every patient, surviving and retired, by key order. */
    @JsonProperty("patients")
    public List<Patient> patients() {
        return patients;
    }

    /** Every study, main archive first (by key), then the delta studies. */
    @JsonProperty("studies")
    public List<Study> studies() {
        return studies;
    }

    /** Every instance, study by study, series by series. */
    @JsonProperty("instances")
    public List<Instance> instances() {
        return instances;
    }

    /** Harmless non-DICOM files (Thumbs.db, notes) that hold no instance. */
    @JsonProperty("junkFiles")
    public List<JunkFile> junkFiles() {
        return junkFiles;
    }

    /** The private creators each manufacturer and model writes. */
    @JsonProperty("privateCreators")
    public List<PrivateCreator> privateCreators() {
        return privateCreators;
    }

    /** The ADT history, in time order (the order of the files). */
    @JsonProperty("hl7Messages")
    public List<Hl7Message> hl7Messages() {
        return hl7Messages;
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /** @throws NoSuchElementException if there is no such patient */
    public Patient patient(String key) {
        return found(patientsByKey.get(key), "patient", key);
    }

    /** @throws NoSuchElementException if there is no such study */
    public Study study(String studyInstanceUid) {
        return found(studiesByUid.get(studyInstanceUid), "study", studyInstanceUid);
    }

    /** @throws NoSuchElementException if there is no such instance */
    public Instance instance(String sopInstanceUid) {
        return found(instancesBySop.get(sopInstanceUid), "instance", sopInstanceUid);
    }

    /** The patient a study belongs to after every merge. */
    public Patient survivingPatient(String studyInstanceUid) {
        return patient(study(studyInstanceUid).survivingPatientKey());
    }

    /** The canonical accession number the study should carry. */
    public String expectedAccession(String studyInstanceUid) {
        return study(studyInstanceUid).expectedAccession();
    }

    /** The instances of a study, in order; empty if the study has none or is unknown. */
    public List<Instance> instancesOf(String studyInstanceUid) {
        return Collections.unmodifiableList(instancesByStudy.getOrDefault(studyInstanceUid, List.of()));
    }

    /** Instances no file holds intact (their only or every copy is corrupt). */
    public List<Instance> corruptInstances() {
        return instances.stream().filter(i -> i.corrupt() != null).toList();
    }

    /** Studies that cannot be migrated in full: at least one instance is corrupt. */
    public List<Study> unmigratableStudies() {
        return studies.stream().filter(s -> !s.migratable()).toList();
    }

    /** The main archive's studies (not delta). */
    public List<Study> mainStudies() {
        return studies.stream().filter(s -> !s.delta()).toList();
    }

    /** The studies that arrive later. */
    public List<Study> deltaStudies() {
        return studies.stream().filter(Study::delta).toList();
    }

    /** Patients merged into another by an A40. */
    public List<Patient> retiredPatients() {
        return patients.stream().filter(p -> p.mergedInto() != null).toList();
    }

    private static <T> T found(T value, String what, String key) {
        if (value == null) {
            throw new NoSuchElementException("no " + what + " " + key + " in the ground truth");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroundTruth g && formatVersion == g.formatVersion && Objects.equals(settings, g.settings)
                && patients.equals(g.patients) && studies.equals(g.studies) && instances.equals(g.instances)
                && junkFiles.equals(g.junkFiles) && privateCreators.equals(g.privateCreators)
                && hl7Messages.equals(g.hl7Messages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, studies.size(), instances.size());
    }

    @Override
    public String toString() {
        return "GroundTruth[" + patients.size() + " patients, " + studies.size() + " studies, " + instances.size()
                + " instances]";
    }

    // ---------------------------------------------------------------------------------------------
    // The records of the manifest

    /**
     * The settings, as written to the manifest.
     *
     * @param asOf ISO date ({@code 2026-01-01})
     */
    public record Settings(long seed, int studies, int deltaStudies, Sizes sizes, DirtProfile dirt, String asOf) {}

    /**
     * A patient as the hospital registered them.
     *
     * @param key the generator's opaque key ({@code PT00012}), the same in every file of the truth
     * @param mrn the canonical MRN
     * @param issuer the issuer of the MRN (Issuer of Patient ID, PID-3.4)
     * @param name the name as a DICOM PN value in Unicode, with ideographic and phonetic groups where
     *     it has them
     * @param birthDate DA text
     * @param sex M, F or O
     * @param nameCharset the character set the name needs: empty (ASCII), {@code ISO_IR 100},
     *     {@code ISO_IR 192}, {@code ISO 2022 IR 6\ISO 2022 IR 87} or {@code GB18030}
     * @param mergedInto the key of the patient this one was merged into (A40), or {@code null}
     */
    public record Patient(String key, String mrn, String issuer, String name, String birthDate, String sex,
                          String nameCharset, String mergedInto) {
        @JsonIgnore
        public boolean retired() {
            return mergedInto != null;
        }

        @Override
        public String toString() {
            return "Patient[" + key + (mergedInto == null ? "" : " merged into " + mergedInto) + "]";
        }
    }

    /**
     * A study: the identity its headers carry and the one it should carry.
     *
     * @param key the generator's key ({@code ST000034}, delta studies {@code DS000003})
     * @param folder the study's folder, relative to the generated folder
     * @param headerPatientKey the patient whose identity the headers carry (a retired one if the study
     *     was filed under a duplicate registration)
     * @param survivingPatientKey the patient the study belongs to after every merge
     * @param headerPatientId Patient ID as in the headers (possibly a format variant)
     * @param expectedPatientId the surviving patient's canonical MRN
     * @param headerAccession Accession Number as in the headers (possibly a variant, or a collision)
     * @param expectedAccession the canonical accession the study should carry
     * @param accessionCollisions Study Instance UIDs of other studies whose headers carry the same
     *     Accession Number
     * @param studyDate DA text
     * @param studyTime TM text
     * @param modalities the series' modalities, sorted, without repeats
     * @param seriesCount series in the study
     * @param instanceCount distinct instances (SOP Instance UIDs)
     * @param bytes the sizes of the instances' primary files, summed (copies and junk not counted)
     * @param charsetDeclared Specific Character Set as written (empty if absent)
     * @param charsetActual the character set the text bytes really are in (empty for ASCII)
     * @param bodyPart Body Part Examined as written (empty if empty)
     * @param doses the dose values of a CT, XA or MG study; empty otherwise
     * @param migratable whether every instance has an intact file
     */
    public record Study(String key, String studyInstanceUid, boolean delta, String folder, String headerPatientKey,
                        String survivingPatientKey, String headerPatientId, String headerIssuer,
                        String expectedPatientId, String expectedIssuer, String headerAccession,
                        String expectedAccession, List<String> accessionCollisions, String studyDate,
                        String studyTime, String studyDescription, List<String> modalities, int seriesCount,
                        int instanceCount, long bytes, String transferSyntaxUid, String charsetDeclared,
                        String charsetActual, String bodyPart, String manufacturer, String model, List<Dose> doses,
                        boolean migratable) {
        public Study {
            accessionCollisions = copy(accessionCollisions);
            modalities = copy(modalities);
            doses = copy(doses);
        }

        /** Whether Body Part Examined is present but empty. */
        @JsonIgnore
        public boolean bodyPartEmpty() {
            return bodyPart.isEmpty();
        }

        /** Whether the headers carry a different patient than the surviving one. */
        @JsonIgnore
        public boolean filedUnderRetiredPatient() {
            return !headerPatientKey.equals(survivingPatientKey);
        }

        /** The dose of a quantity ({@code CTDIvol}, {@code DLP}, {@code DAP}, {@code AGD}), or {@code null}. */
        public Dose dose(String quantity) {
            return doses.stream().filter(d -> d.quantity().equals(quantity)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "Study[" + key + ", " + studyInstanceUid + "]";
        }
    }

    /**
     * A dose value of a study and every place it is written.
     *
     * @param quantity {@code CTDIvol} (mGy), {@code DLP} (mGy·cm), {@code DAP} (Gy·cm²) or
     *     {@code AGD} (average glandular dose, mGy)
     * @param value the value in {@code unit}
     * @param tags where it is written (each with the value as written there)
     */
    public record Dose(String quantity, double value, String unit, List<DoseTag> tags) {
        public Dose {
            tags = copy(tags);
        }
    }

    /**
     * One place a dose value is written: on every image of the study's series of that modality
     * ({@code STANDARD} or {@code PRIVATE}), or in a dose SR's content ({@code DOSE_SR}).
     *
     * @param location {@code STANDARD}, {@code PRIVATE} or {@code DOSE_SR}
     * @param tag the element as written, 8 hex digits ({@code 00189345}, a private one in the
     *     creator's block as reserved, {@code 00091010}); {@code null} for {@code DOSE_SR}
     * @param creator the Private Creator for {@code PRIVATE}, else {@code null}
     * @param group the private group for {@code PRIVATE}, else 0
     * @param offset the element's low byte in the creator's block for {@code PRIVATE}, else 0
     * @param vr the VR the value is encoded in ({@code FD}, {@code DS}, {@code FL}); a study in Implicit
     *     VR Little Endian states no VR in the file, so a reader without the vendor's dictionary sees a
     *     private value as UN bytes in this encoding
     * @param value the value as written there (in {@code unit})
     * @param unit the unit of {@code value} (the standard elements use their own: dGy·cm² for
     *     (0018,115E), dGy for (0040,0316))
     * @param conceptCode the DCM code of the SR content item for {@code DOSE_SR}, else {@code null}
     * @param sopInstanceUid the SR instance for {@code DOSE_SR}, else {@code null}
     */
    public record DoseTag(String location, String tag, String creator, int group, int offset, String vr,
                          double value, String unit, String conceptCode, String sopInstanceUid) {
        /** The tag as an int; -1 for {@code DOSE_SR}. */
        @JsonIgnore
        public int tagValue() {
            return tag == null ? -1 : Integer.parseUnsignedInt(tag, 16);
        }
    }

    /** What is wrong with an instance's only (or every) file. */
    public enum Corruption {
        /** The file ends inside its Pixel Data value (the header reads). */
        TRUNCATED,
        /** The file ends inside its header. */
        TRUNCATED_HEADER,
        /** An element of the header declares a length that runs past the end of the file. */
        BAD_LENGTH,
        /** The file holds something that is not DICOM (an error page, a JPEG). */
        NOT_DICOM
    }

    /** How an instance was stored twice. */
    public enum Copy {
        /** Two identical files. */
        IDENTICAL,
        /** The second file is a truncated partial copy (a failed transmission). */
        PARTIAL
    }

    /**
     * One instance.
     *
     * @param files every file that holds (or should hold) it, relative to the generated folder: the
     *     primary first, then a duplicate copy
     * @param goodFile the file that holds it intact, or {@code null} if none does
     * @param size the size of the primary file in bytes
     * @param pixelDataSha256 SHA-256 (hex) of the Pixel Data value, or {@code null} without pixel data
     * @param corrupt what is wrong with the primary file, or {@code null}
     * @param duplicate how it was stored twice, or {@code null}
     */
    public record Instance(String sopInstanceUid, String seriesInstanceUid, String studyInstanceUid,
                           String sopClassUid, String modality, int seriesNumber, int instanceNumber,
                           String transferSyntaxUid, List<String> files, String goodFile, long size,
                           String pixelDataSha256, Corruption corrupt, Copy duplicate, boolean delta) {
        public Instance {
            files = copy(files);
        }

        /** Whether a file holds it intact. */
        @JsonIgnore
        public boolean migratable() {
            return goodFile != null;
        }
    }

    /** A harmless non-DICOM file in the archive; {@code kind} is {@code THUMBS_DB} or {@code NOTE}. */
    public record JunkFile(String path, String kind) {}

    /** The private creator a manufacturer's model writes, and its group. */
    public record PrivateCreator(String manufacturer, String model, String modality, String creator, int group) {}

    /**
     * One HL7 message of the ADT history.
     *
     * @param file the file, relative to the generated folder ({@code hl7/000001-ADT_A04.hl7})
     * @param event {@code A04}, {@code A08} or {@code A40}
     * @param messageType MSH-9 ({@code ADT^A40^ADT_A39})
     * @param controlId MSH-10
     * @param timestamp MSH-7 and EVN-2 ({@code yyyyMMddHHmmss})
     * @param patientKey the patient PID names (for A40 the surviving one)
     * @param mergedPatientKey for A40 the retired patient MRG names, else {@code null}
     */
    public record Hl7Message(String file, String event, String messageType, String controlId, String timestamp,
                             String patientKey, String mergedPatientKey) {}
}
