package dev.ferry.api;

/**
 * What a header says about who the patient is, as the DICOM strings: Patient's Name (0010,0010)
 * in PN form, Birth Date (0010,0030) as DA, Sex (0010,0040). Kept as written because legacy
 * values are often malformed and a resolver must see them as they are. Empty strings when absent.
 */
public record Demographics(String name, String birthDate, String sex) {
    public static final Demographics UNKNOWN = new Demographics("", "", "");

    public Demographics {
        name = name == null ? "" : name;
        birthDate = birthDate == null ? "" : birthDate;
        sex = sex == null ? "" : sex;
    }

    /** Redacted: demographics never reach a log through {@code toString()}. */
    @Override
    public String toString() {
        return "Demographics[name=" + Redaction.token(name) + ", birthDate=" + Redaction.token(birthDate)
                + ", sex=" + Redaction.token(sex) + "]";
    }
}
