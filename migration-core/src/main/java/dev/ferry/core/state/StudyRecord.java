package dev.ferry.core.state;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.api.Redaction;
import dev.ferry.core.Lane;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * One study's row in the state store.
 *
 * @param studyInstanceUid the study
 * @param tier, lane, modalityGroup where the plan put it ({@link DiscoveredStudy})
 * @param state its state
 * @param attempts how many times it was leased and failed or timed out
 * @param nextAttemptAt when a PENDING study may be leased again (back-off)
 * @param studyDate the study date, {@code null} if unknown
 * @param modalities Modalities in Study
 * @param patient Patient ID and issuer as the source has them, {@code null} if none
 * @param accessionNumber the source's accession number, empty if none
 * @param instanceCount, sizeBytes as the source reported them, -1 if unknown
 * @param sample whether the test migration chose it
 * @param lastReason, lastDetail why the last attempt failed, {@code null} if none did
 * @param updatedAt when the row last changed
 */
public record StudyRecord(String studyInstanceUid, String tier, Lane lane, String modalityGroup, StudyState state,
                          int attempts, Instant nextAttemptAt, LocalDate studyDate, Set<String> modalities,
                          PatientIdentity patient, String accessionNumber, int instanceCount, long sizeBytes,
                          boolean sample, ReasonCode lastReason, String lastDetail, Instant updatedAt) {
    public StudyRecord {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(state, "state");
        modalities = Set.copyOf(modalities);
        accessionNumber = accessionNumber == null ? "" : accessionNumber;
        modalityGroup = modalityGroup == null ? "" : modalityGroup;
    }

    /** Patient and accession are redacted. */
    @Override
    public String toString() {
        return "StudyRecord[" + studyInstanceUid + ", tier=" + tier + ", lane=" + lane + ", state=" + state
                + ", attempts=" + attempts + ", date=" + studyDate + ", modalities=" + modalities + ", patient="
                + patient + ", accession=" + Redaction.token(accessionNumber) + ", instances=" + instanceCount
                + ", sample=" + sample + ", lastReason=" + lastReason + "]";
    }
}
