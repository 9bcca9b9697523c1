package dev.ferry.dicom.web;

import java.util.List;
import java.util.Objects;

/**
 * What a STOW-RS server answered (PS3.18 section 10.5.3): the HTTP status, the instances it stored
 * (Referenced SOP Sequence (0008,1199), each with its Warning Reason (0008,1196) if any) and those it
 * did not (Failed SOP Sequence (0008,1198), each with its Failure Reason (0008,1197)). Instances the
 * request held that appear in neither list are unaccounted for. Immutable.
 *
 * @param httpStatus 200, 202, or for a partial failure 409 (or 400 from servers that say so)
 * @param stored what the server stored
 * @param failed what the server refused
 */
public record StowResponse(int httpStatus, List<Stored> stored, List<Failed> failed) {
    public StowResponse {
        stored = List.copyOf(stored);
        failed = List.copyOf(failed);
    }

    /**
     * One item of the Referenced SOP Sequence.
     *
     * @param sopClassUid (0008,1150), empty if absent
     * @param sopInstanceUid (0008,1155)
     * @param warningReason (0008,1196), or {@code null} when stored without a warning
     */
    public record Stored(String sopClassUid, String sopInstanceUid, Integer warningReason) {
        public Stored {
            sopClassUid = sopClassUid == null ? "" : sopClassUid;
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }

    /**
     * One item of the Failed SOP Sequence.
     *
     * @param sopClassUid (0008,1150), empty if absent
     * @param sopInstanceUid (0008,1155)
     * @param failureReason (0008,1197), or {@code null} if the server gave none
     */
    public record Failed(String sopClassUid, String sopInstanceUid, Integer failureReason) {
        public Failed {
            sopClassUid = sopClassUid == null ? "" : sopClassUid;
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }
}
