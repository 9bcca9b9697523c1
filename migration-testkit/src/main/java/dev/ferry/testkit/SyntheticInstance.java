package dev.ferry.testkit;

import dev.ferry.api.Dataset;
import dev.ferry.api.DicomInstance;
import dev.ferry.api.Digest;
import dev.ferry.api.InstanceDescriptor;
import dev.ferry.api.StudyDescriptor;
import dev.ferry.api.Tag;
import dev.ferry.api.VR;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The recipe of one synthetic composite object: a realistic header and a generated Pixel Data
 * remainder ({@link GeneratedPixelData}) in Explicit VR Little Endian. {@link #newInstance()} makes a
 * fresh, single-use {@link DicomInstance} from it as often as needed; the remainder is generated
 * while it is read, never held, so an instance can be larger than any array.
 *
 * <p>Immutable and thread-safe: {@link #header()} returns a new copy each time.
 */
public final class SyntheticInstance {
    private final Dataset header;
    private final InstanceDescriptor descriptor;
    private final long pixelSeed;
    private final long pixelValueLength;

    private SyntheticInstance(Dataset header, long pixelSeed, long pixelValueLength) {
        this.header = header;
        this.descriptor = InstanceDescriptor.of(header, StudyDescriptor.UNKNOWN);
        this.pixelSeed = pixelSeed;
        this.pixelValueLength = pixelValueLength;
    }

    /** A builder whose UIDs, patient and pixel bytes derive from {@code seed}. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** The instance's UIDs; size unknown (it depends on how an archive encodes the header). */
    public InstanceDescriptor descriptor() {
        return descriptor;
    }

    public String sopInstanceUid() {
        return descriptor.sopInstanceUid();
    }

    public String seriesInstanceUid() {
        return descriptor.seriesInstanceUid();
    }

    public String studyInstanceUid() {
        return descriptor.studyInstanceUid();
    }

    public String sopClassUid() {
        return descriptor.sopClassUid();
    }

    /** A new deep copy of the header. */
    public Dataset header() {
        return header.copy();
    }

    public String transferSyntaxUid() {
        return TestInstances.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    public boolean hasPixelData() {
        return pixelValueLength >= 0;
    }

    /** The Pixel Data value length in bytes, or -1 without pixel data. */
    public long pixelDataLength() {
        return pixelValueLength;
    }

    /** The remainder's length: the Pixel Data element (header and value), or 0 without pixel data. */
    public long remainderLength() {
        return hasPixelData() ? GeneratedPixelData.ELEMENT_HEADER_LENGTH + pixelValueLength : 0;
    }

    /** A new stream of the remainder, generated as it is read. */
    public InputStream openRemainder() {
        return hasPixelData() ? new GeneratedPixelData(pixelSeed, pixelValueLength) : InputStream.nullInputStream();
    }

    /**
     * The remainder as an array, for small instances.
     *
     * @throws IllegalStateException if the remainder is too large for an array
     */
    public byte[] remainderBytes() {
        if (remainderLength() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the remainder of " + sopInstanceUid() + " is too large for an array");
        }
        try (InputStream in = openRemainder()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the whole remainder. */
    public Digest remainderSha256() {
        try (InputStream in = openRemainder()) {
            return PixelDataDigests.sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the Pixel Data value bytes, or {@code null} without pixel data. */
    public Digest pixelDataSha256() {
        try (InputStream in = openRemainder()) {
            return PixelDataDigests.valueSha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh instance: its own header copy and remainder stream, with the remainder's length. */
    public DicomInstance newInstance() {
        return new DicomInstance(descriptor, header(), transferSyntaxUid(), openRemainder(), remainderLength());
    }

    @Override
    public String toString() {
        return "SyntheticInstance[" + sopInstanceUid() + ", remainder=" + remainderLength() + " bytes]";
    }

    /**
     * Builds a {@link SyntheticInstance}. Every value has a default derived from the seed; setting a
     * value to {@code null} leaves its element out of the header. Not thread-safe.
     */
    public static final class Builder {
        private static final long FRAME_512 = 512L * 512 * 2;

        private final long seed;
        private String studyUid;
        private String seriesUid;
        private String sopUid;
        private String sopClassUid;
        private String patientId;
        private String issuerOfPatientId = "HOSP_A";
        private String patientName;
        private String birthDate = "19700101";
        private String sex;
        private String accession;
        private String studyDate = "20240115";
        private String studyTime = "101500";
        private String modality = "CT";
        private String institutionName = "General Hospital";
        private String studyDescription = "SYNTHETIC STUDY";
        private String seriesDescription = "SYNTHETIC SERIES";
        private Integer seriesNumber = 1;
        private Integer instanceNumber = 1;
        private boolean noPixelData;
        private int rows = -1;
        private int columns;
        private int frames;
        private long pixelSeed;
        private final List<Consumer<Dataset>> customizers = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
            this.studyUid = TestInstances.uid(seed, "study");
            this.seriesUid = TestInstances.uid(seed, "series");
            this.sopUid = TestInstances.uid(seed, "instance");
            this.patientId = String.format("MRN%06d", Math.floorMod(seed, 1_000_000L));
            this.patientName = "SYNTHETIC^PATIENT^" + Long.toString(Math.floorMod(seed, 1_000_000L), 36).toUpperCase();
            this.sex = (seed & 1) == 0 ? "F" : "M";
            this.accession = String.format("ACC%07d", Math.floorMod(seed, 10_000_000L));
            this.pixelSeed = TestInstances.seedOf(seed, "pixels");
        }

        public Builder studyInstanceUid(String uid) {
            this.studyUid = Objects.requireNonNull(uid, "studyInstanceUid");
            return this;
        }

        public Builder seriesInstanceUid(String uid) {
            this.seriesUid = Objects.requireNonNull(uid, "seriesInstanceUid");
            return this;
        }

        public Builder sopInstanceUid(String uid) {
            this.sopUid = Objects.requireNonNull(uid, "sopInstanceUid");
            return this;
        }

        /** The SOP class; by default the one {@link TestInstances#sopClassFor(String)} gives the modality. */
        public Builder sopClassUid(String uid) {
            this.sopClassUid = Objects.requireNonNull(uid, "sopClassUid");
            return this;
        }

        /** Patient ID and Issuer of Patient ID; either may be {@code null} to leave it out. */
        public Builder patient(String id, String issuer) {
            this.patientId = id;
            this.issuerOfPatientId = issuer;
            return this;
        }

        public Builder patientName(String pn) {
            this.patientName = pn;
            return this;
        }

        public Builder birthDate(String da) {
            this.birthDate = da;
            return this;
        }

        public Builder sex(String cs) {
            this.sex = cs;
            return this;
        }

        public Builder accessionNumber(String sh) {
            this.accession = sh;
            return this;
        }

        /** Study Date as written, e.g. {@code 20240115}; malformed values are allowed on purpose. */
        public Builder studyDate(String da) {
            this.studyDate = da;
            return this;
        }

        /** Study Time as written, e.g. {@code 101500}. */
        public Builder studyTime(String tm) {
            this.studyTime = tm;
            return this;
        }

        public Builder modality(String cs) {
            this.modality = cs;
            return this;
        }

        public Builder institutionName(String lo) {
            this.institutionName = lo;
            return this;
        }

        public Builder studyDescription(String lo) {
            this.studyDescription = lo;
            return this;
        }

        public Builder seriesDescription(String lo) {
            this.seriesDescription = lo;
            return this;
        }

        public Builder seriesNumber(Integer n) {
            this.seriesNumber = n;
            return this;
        }

        public Builder instanceNumber(Integer n) {
            this.instanceNumber = n;
            return this;
        }

        /** 16-bit monochrome pixels: the value is rows × columns × frames × 2 bytes. */
        public Builder pixels(int rows, int columns, int frames) {
            if (rows < 1 || rows > 0xFFFF || columns < 1 || columns > 0xFFFF || frames < 1) {
                throw new IllegalArgumentException("rows and columns must be 1..65535 and frames >= 1");
            }
            if ((long) rows * columns * frames * 2 > GeneratedPixelData.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("pixel data longer than a 32-bit length can state");
            }
            this.rows = rows;
            this.columns = columns;
            this.frames = frames;
            this.noPixelData = false;
            return this;
        }

        /**
         * A Pixel Data value of exactly {@code bytes}, with a matching geometry: one row of
         * {@code bytes / 2} pixels up to 131,070 bytes, else 512 × 512 frames, which needs a
         * multiple of 524,288 bytes.
         */
        public Builder pixelDataLength(long bytes) {
            if (bytes > 0 && bytes % 2 == 0 && bytes / 2 <= 0xFFFF) {
                return pixels(1, (int) (bytes / 2), 1);
            }
            if (bytes > 0 && bytes % FRAME_512 == 0 && bytes / FRAME_512 <= Integer.MAX_VALUE) {
                return pixels(512, 512, (int) (bytes / FRAME_512));
            }
            throw new IllegalArgumentException("pixel data length must be even and at most 131070, or a multiple of "
                    + FRAME_512 + ": " + bytes);
        }

        /** No Pixel Data and no image attributes: the remainder is empty. */
        public Builder noPixelData() {
            this.noPixelData = true;
            this.rows = -1;
            return this;
        }

        public Builder pixelSeed(long pixelSeed) {
            this.pixelSeed = pixelSeed;
            return this;
        }

        /** Changes the header after the builder has filled it (private elements, sequences, dose...). */
        public Builder header(Consumer<Dataset> customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        public SyntheticInstance build() {
            String mod = modality == null ? "OT" : modality;
            String sopClass = sopClassUid != null ? sopClassUid : TestInstances.sopClassFor(mod);
            boolean image = !noPixelData && (rows > 0 || !TestInstances.BASIC_TEXT_SR_STORAGE.equals(sopClass));
            int r = rows > 0 ? rows : 64;
            int c = rows > 0 ? columns : 64;
            int f = rows > 0 ? frames : 1;

            Dataset h = new Dataset();
            if (image) {
                h.setStrings(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            }
            h.setString(Tag.SOPClassUID, VR.UI, sopClass);
            h.setString(Tag.SOPInstanceUID, VR.UI, sopUid);
            optional(h, Tag.StudyDate, VR.DA, studyDate);
            optional(h, Tag.StudyTime, VR.TM, studyTime);
            optional(h, Tag.AccessionNumber, VR.SH, accession);
            optional(h, Tag.Modality, VR.CS, modality);
            h.setString(Tag.Manufacturer, VR.LO, "FERRY SYNTHETIC");
            optional(h, Tag.InstitutionName, VR.LO, institutionName);
            optional(h, Tag.StudyDescription, VR.LO, studyDescription);
            optional(h, Tag.SeriesDescription, VR.LO, seriesDescription);
            optional(h, Tag.PatientName, VR.PN, patientName);
            optional(h, Tag.PatientID, VR.LO, patientId);
            optional(h, Tag.IssuerOfPatientID, VR.LO, issuerOfPatientId);
            optional(h, Tag.PatientBirthDate, VR.DA, birthDate);
            optional(h, Tag.PatientSex, VR.CS, sex);
            if (image && "CT".equals(modality)) {
                h.setDoubles(Tag.CTDIvol, VR.FD, 8.0 + Math.floorMod(seed, 16) / 4.0);
            }
            h.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
            h.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
            h.setString(Tag.StudyID, VR.SH, "1");
            if (seriesNumber != null) {
                h.setInts(Tag.SeriesNumber, VR.IS, seriesNumber);
            }
            if (instanceNumber != null) {
                h.setInts(Tag.InstanceNumber, VR.IS, instanceNumber);
            }
            if (image) {
                h.setInts(Tag.SamplesPerPixel, VR.US, 1);
                h.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
                if (f > 1) {
                    h.setInts(Tag.NumberOfFrames, VR.IS, f);
                }
                h.setInts(Tag.Rows, VR.US, r);
                h.setInts(Tag.Columns, VR.US, c);
                h.setInts(Tag.BitsAllocated, VR.US, 16);
                h.setInts(Tag.BitsStored, VR.US, 12);
                h.setInts(Tag.HighBit, VR.US, 11);
                h.setInts(Tag.PixelRepresentation, VR.US, 0);
            }
            for (Consumer<Dataset> customizer : customizers) {
                customizer.accept(h);
            }
            long valueLength = image ? (long) r * c * f * 2 : -1;
            return new SyntheticInstance(h, pixelSeed, valueLength);
        }

        private static void optional(Dataset h, int tag, VR vr, String value) {
            if (value != null) {
                h.setString(tag, vr, value);
            }
        }
    }
}
