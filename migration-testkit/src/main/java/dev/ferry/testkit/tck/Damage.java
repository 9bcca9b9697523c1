package dev.ferry.testkit.tck;

/**
 * The damages {@link VerifierConformance} can do to an exact copy of a study in the destination. A
 * verifier declares which it detects; the kit checks that each declared damage makes it fail. The
 * study is one CT series of three instances (each with CTDIvol) and one SR instance (no pixel data)
 * that references the three CT instances (and one instance of another study).
 */
public enum Damage {
    /** One CT instance is missing from the destination. */
    MISSING_INSTANCE(true),
    /** The destination holds one more instance in the study's CT series than the source had. */
    EXTRA_INSTANCE(true),
    /** One byte in the middle of one CT instance's Pixel Data value differs; the length is the same. */
    PIXEL_DATA_ALTERED(true),
    /** Every instance of the study carries another Patient ID (same issuer). */
    PATIENT_ID_CHANGED(false),
    /** Every instance of the study carries another Accession Number. */
    ACCESSION_CHANGED(false),
    /** CTDIvol (0018,9345) is missing from one CT instance. */
    DOSE_TAG_REMOVED(true),
    /** CTDIvol (0018,9345) of one CT instance has another value. */
    DOSE_VALUE_ALTERED(true),
    /** Every instance of the study carries another Issuer of Patient ID (same Patient ID). */
    ISSUER_CHANGED(false),
    /**
     * One CT instance (not the first stored) carries another Patient ID; a study-level description
     * taken from the first instance still shows the right one.
     */
    PATIENT_ID_CHANGED_IN_ONE_INSTANCE(true),
    /** The SR instance, which references the study's CT instances, is missing from the destination. */
    REFERENCING_OBJECT_MISSING(true);

    private final boolean oneInstance;

    Damage(boolean oneInstance) {
        this.oneInstance = oneInstance;
    }

    /** Whether the damage concerns one instance, which a finding must then name by its SOP Instance UID. */
    public boolean concernsOneInstance() {
        return oneInstance;
    }
}
