package dev.ferry.api;

/**
 * Why an item failed or was refused: the vocabulary of the exception list, the custody log and the
 * KPIs. Stable names: reports and operators' scripts depend on them.
 */
public enum ReasonCode {
    /** Connection refused, reset or lost. */
    NETWORK(true),
    /** A peer did not answer in time (connect, association, DIMSE response, HTTP). */
    TIMEOUT(true),
    /** The peer is busy or out of resources for now (e.g. DIMSE A700, HTTP 503, association limit). */
    PEER_BUSY(true),
    /** The peer rejected the association or the request permanently (e.g. unknown AE title, 403). */
    REFUSED(false),
    /** The object cannot be parsed: truncated, bad lengths, not DICOM. */
    CORRUPT_OBJECT(false),
    /** A value breaks its VR or a rule (an IS that is not a number, a missing required UID). */
    INVALID_VALUE(false),
    /** Neither peer accepts a transfer syntax the other can provide without decompressing. */
    TRANSFER_SYNTAX_REFUSED(false),
    /** The identity resolvers could not decide who this patient is. */
    IDENTITY_UNRESOLVED(false),
    /** Sources of identity disagree beyond tolerance (demographics, merges, MPI). */
    IDENTITY_CONFLICT(false),
    /** Two studies claim the same accession number where they must not. */
    ACCESSION_COLLISION(false),
    /** A coercion rule refused the object. */
    COERCION_REJECTED(false),
    /**
     * Two objects carry the same SOP Instance UID but different content (two files in a folder, a
     * resend after a failed transmission that changed): neither is moved until an operator decides.
     */
    DUPLICATE_CONFLICT(false),
    /** The study changed in the source while it was being retrieved (instances added or removed). */
    STUDY_CHANGED(true),
    /** The source listed an instance it did not deliver, or the destination lacks one. */
    MISSING_INSTANCE(false),
    /** The destination holds something other than what was sent. */
    VERIFICATION_FAILED(false),
    /** The custody log could not record an event: the item cannot count as moved. */
    CUSTODY_FAILURE(false),
    /** The plan or a component is misconfigured. */
    CONFIGURATION(false),
    /** A defect in Ferry or in a plug-in. */
    INTERNAL(false);

    private final boolean retryableByDefault;

    ReasonCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /** Whether a failure for this reason is worth retrying unless the thrower says otherwise. */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }
}
