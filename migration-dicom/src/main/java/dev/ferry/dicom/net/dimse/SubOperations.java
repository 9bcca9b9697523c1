package dev.ferry.dicom.net.dimse;

/**
 * The sub-operation counts of a C-GET or C-MOVE response (PS3.7 sections 9.1.3.1.8 to 9.1.3.1.11 and
 * 9.1.4.1.8 to 9.1.4.1.11): each is conditional, so each is {@code null} when absent. A pending
 * response carries Remaining; a final one usually carries Completed, Failed and Warning only.
 *
 * @param remaining Number of Remaining Sub-operations (0000,1020)
 * @param completed Number of Completed Sub-operations (0000,1021)
 * @param failed Number of Failed Sub-operations (0000,1022)
 * @param warning Number of Warning Sub-operations (0000,1023)
 */
public record SubOperations(Integer remaining, Integer completed, Integer failed, Integer warning) {
    /** No counts at all. */
    public static final SubOperations NONE = new SubOperations(null, null, null, null);

    public SubOperations {
        Commands.optionalUs(remaining, "remaining");
        Commands.optionalUs(completed, "completed");
        Commands.optionalUs(failed, "failed");
        Commands.optionalUs(warning, "warning");
    }

    /** All four counts. */
    public static SubOperations of(int remaining, int completed, int failed, int warning) {
        return new SubOperations(remaining, completed, failed, warning);
    }

    /** The counts of a final response, which has no remaining sub-operations. */
    public static SubOperations done(int completed, int failed, int warning) {
        return new SubOperations(null, completed, failed, warning);
    }
}
