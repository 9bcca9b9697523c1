package dev.ferry.testkit.generator;

/**
 * How dirty a generated archive is: each fault a migration meets in old archives, with the rate at
 * which it occurs. {@link #FIELD} has the rates an old hospital archive shows; {@link #CLEAN} has no
 * faults; {@link #builder()} starts from {@link #FIELD} to change single rates.
 *
 * <p>Faults (zero in {@link #CLEAN}):
 *
 * @param duplicatePatients fraction of patients registered twice (a second MRN that gets studies of
 *     its own) and merged later by an ADT A40
 * @param mrnVariants fraction of studies whose Patient ID is a format variant of the canonical MRN
 *     (leading zeros, a prefix, a space, lower case)
 * @param accessionVariants fraction of studies whose Accession Number is a format variant of the
 *     canonical one (case, dashes, spaces, prefixes)
 * @param accessionCollisions fraction of studies whose Accession Number is also another patient's
 *     study's (studies come in colliding pairs)
 * @param undeclaredLatin1 fraction of studies whose names are Latin-1 bytes without a Specific
 *     Character Set
 * @param emptyBodyPart fraction of studies with an empty Body Part Examined
 * @param corruptStudies fraction of studies with at least one unmigratable object (truncated, an
 *     element whose length runs past the end, not DICOM)
 * @param junkFiles fraction of studies whose folder holds a harmless non-DICOM file (Thumbs.db, a
 *     note)
 * @param duplicateObjects fraction of studies with an instance stored twice (an identical copy, or a
 *     truncated partial copy from a failed transmission)
 * @param implicitVr fraction of studies stored in Implicit VR Little Endian, as old archives did
 *
 *     <p>Realism that is not a fault (the same in {@link #FIELD} and {@link #CLEAN}):
 * @param privateTags fraction of studies without a dose to carry whose images have private
 *     elements (studies with dose values always have them)
 * @param standardDoseTags fraction of CT, XA and MG studies whose dose is also in the standard
 *     element ((0018,9345), (0018,115E), (0040,0316)), not only in a private one
 * @param latin1 fraction of patients with names in Latin-1 (ISO_IR 100)
 * @param utf8 fraction of patients with names needing UTF-8 (ISO_IR 192)
 * @param japanese fraction of patients with Japanese names (ISO 2022 IR 6\ISO 2022 IR 87, with
 *     ideographic and phonetic groups)
 * @param gb18030 fraction of patients with Chinese names (GB18030)
 *
 *     <p>Immutable and thread-safe.
 */
public record DirtProfile(
        double duplicatePatients,
        double mrnVariants,
        double accessionVariants,
        double accessionCollisions,
        double undeclaredLatin1,
        double emptyBodyPart,
        double corruptStudies,
        double junkFiles,
        double duplicateObjects,
        double implicitVr,
        double privateTags,
        double standardDoseTags,
        double latin1,
        double utf8,
        double japanese,
        double gb18030) {

    /** The rates an old archive shows: 10–15% of studies hold something unmigratable. */
    public static final DirtProfile FIELD = new DirtProfile(0.05, 0.10, 0.10, 0.01, 0.01, 0.05, 0.11, 0.03, 0.02,
            0.10, 0.85, 0.40, 0.08, 0.04, 0.03, 0.02);

    /** No faults; private tags, standard dose tags and character sets as in {@link #FIELD}. */
    public static final DirtProfile CLEAN = new DirtProfile(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.85, 0.40, 0.08, 0.04,
            0.03, 0.02);

    /** @throws IllegalArgumentException naming the rate that is not in [0, 1] */
    public DirtProfile {
        check("duplicatePatients", duplicatePatients);
        check("mrnVariants", mrnVariants);
        check("accessionVariants", accessionVariants);
        check("accessionCollisions", accessionCollisions);
        check("undeclaredLatin1", undeclaredLatin1);
        check("emptyBodyPart", emptyBodyPart);
        check("corruptStudies", corruptStudies);
        check("junkFiles", junkFiles);
        check("duplicateObjects", duplicateObjects);
        check("implicitVr", implicitVr);
        check("privateTags", privateTags);
        check("standardDoseTags", standardDoseTags);
        check("latin1", latin1);
        check("utf8", utf8);
        check("japanese", japanese);
        check("gb18030", gb18030);
        if (latin1 + utf8 + japanese + gb18030 + undeclaredLatin1 > 1) {
            throw new IllegalArgumentException("latin1 + utf8 + japanese + gb18030 + undeclaredLatin1 must be at most 1");
        }
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be a rate in [0, 1]: " + rate);
        }
    }

    /** A builder starting from {@link #FIELD}. */
    public static Builder builder() {
        return new Builder(FIELD);
    }

    /** A builder starting from this profile. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link DirtProfile}; every setter takes a rate in [0, 1], checked in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private double duplicatePatients;
        private double mrnVariants;
        private double accessionVariants;
        private double accessionCollisions;
        private double undeclaredLatin1;
        private double emptyBodyPart;
        private double corruptStudies;
        private double junkFiles;
        private double duplicateObjects;
        private double implicitVr;
        private double privateTags;
        private double standardDoseTags;
        private double latin1;
        private double utf8;
        private double japanese;
        private double gb18030;

        private Builder(DirtProfile p) {
            duplicatePatients = p.duplicatePatients;
            mrnVariants = p.mrnVariants;
            accessionVariants = p.accessionVariants;
            accessionCollisions = p.accessionCollisions;
            undeclaredLatin1 = p.undeclaredLatin1;
            emptyBodyPart = p.emptyBodyPart;
            corruptStudies = p.corruptStudies;
            junkFiles = p.junkFiles;
            duplicateObjects = p.duplicateObjects;
            implicitVr = p.implicitVr;
            privateTags = p.privateTags;
            standardDoseTags = p.standardDoseTags;
            latin1 = p.latin1;
            utf8 = p.utf8;
            japanese = p.japanese;
            gb18030 = p.gb18030;
        }

        /** Sets every fault rate to zero, keeping the realism rates. */
        public Builder noFaults() {
            duplicatePatients = 0;
            mrnVariants = 0;
            accessionVariants = 0;
            accessionCollisions = 0;
            undeclaredLatin1 = 0;
            emptyBodyPart = 0;
            corruptStudies = 0;
            junkFiles = 0;
            duplicateObjects = 0;
            implicitVr = 0;
            return this;
        }

        public Builder duplicatePatients(double rate) {
            this.duplicatePatients = rate;
            return this;
        }

        public Builder mrnVariants(double rate) {
            this.mrnVariants = rate;
            return this;
        }

        public Builder accessionVariants(double rate) {
            this.accessionVariants = rate;
            return this;
        }

        public Builder accessionCollisions(double rate) {
            this.accessionCollisions = rate;
            return this;
        }

        public Builder undeclaredLatin1(double rate) {
            this.undeclaredLatin1 = rate;
            return this;
        }

        public Builder emptyBodyPart(double rate) {
            this.emptyBodyPart = rate;
            return this;
        }

        public Builder corruptStudies(double rate) {
            this.corruptStudies = rate;
            return this;
        }

        public Builder junkFiles(double rate) {
            this.junkFiles = rate;
            return this;
        }

        public Builder duplicateObjects(double rate) {
            this.duplicateObjects = rate;
            return this;
        }

        public Builder implicitVr(double rate) {
            this.implicitVr = rate;
            return this;
        }

        public Builder privateTags(double rate) {
            this.privateTags = rate;
            return this;
        }

        public Builder standardDoseTags(double rate) {
            this.standardDoseTags = rate;
            return this;
        }

        public Builder latin1(double rate) {
            this.latin1 = rate;
            return this;
        }

        public Builder utf8(double rate) {
            this.utf8 = rate;
            return this;
        }

        public Builder japanese(double rate) {
            this.japanese = rate;
            return this;
        }

        public Builder gb18030(double rate) {
            this.gb18030 = rate;
            return this;
        }

        /** @throws IllegalArgumentException naming the rate that is out of range */
        public DirtProfile build() {
            return new DirtProfile(duplicatePatients, mrnVariants, accessionVariants, accessionCollisions,
                    undeclaredLatin1, emptyBodyPart, corruptStudies, junkFiles, duplicateObjects, implicitVr,
                    privateTags, standardDoseTags, latin1, utf8, japanese, gb18030);
        }
    }
}
