package dev.ferry.hl7.identity;

/**
 * A stand-in for a third-party exception whose message may carry patient data (a FHIR client puts
 * the search URL, with the identifier, in its messages; a JDBC driver may quote parameters): it keeps
 * the original's class name and stack trace, and its cause chain likewise redacted, and drops every
 * message, so it can be chained to a Ferry exception and logged safely.
 */
final class Redacted extends Exception {
    private static final int MAX_DEPTH = 8;

    private Redacted(String originalClass, Throwable cause) {
        super(originalClass + " (message withheld: it may hold patient data)", cause, false, true);
    }

    static Throwable of(Throwable original) {
        return of(original, 0);
    }

    private static Throwable of(Throwable original, int depth) {
        if (original == null || depth >= MAX_DEPTH) {
            return null;
        }
        Throwable cause = original.getCause() == original ? null : of(original.getCause(), depth + 1);
        Redacted r = new Redacted(original.getClass().getName(), cause);
        r.setStackTrace(original.getStackTrace());
        return r;
    }
}
