package dev.ferry.hl7.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The one FHIR R4 context Ferry's FHIR code shares. {@link FhirContext#forR4()} scans the whole R4
 * model, which takes seconds and megabytes: it is created once, on first use, and never again.
 * Thread-safe (a {@code FhirContext} is; the parsers it makes are not, so make one per use).
 */
public final class FhirContexts {
    private FhirContexts() {}

    /** Initialised by the JVM on first access to {@link #r4()}, exactly once (the holder idiom). */
    private static final class R4 {
        static final FhirContext CONTEXT = FhirContext.forR4();
    }

    /** The shared R4 context, created on the first call. */
    public static FhirContext r4() {
        return R4.CONTEXT;
    }
}
