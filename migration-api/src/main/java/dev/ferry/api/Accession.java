package dev.ferry.api;

/**
 * An Accession Number (0008,0050) with its issuer (0008,0051, Issuer of Accession Number Sequence,
 * reduced to its Local Namespace Entity ID). Either may be empty, never null.
 */
public record Accession(String number, String issuer) {
    public static final Accession NONE = new Accession("", "");

    public Accession {
        number = number == null ? "" : number;
        issuer = issuer == null ? "" : issuer;
    }

    public static Accession of(String number) {
        return new Accession(number, "");
    }

    public boolean isEmpty() {
        return number.isEmpty();
    }

    /** Redacted: accession numbers identify a patient's visit and never reach a log. */
    @Override
    public String toString() {
        return "Accession[number=" + Redaction.token(number) + ", issuer=" + issuer + "]";
    }
}
