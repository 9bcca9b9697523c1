package dev.ferry.core.state;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.Lane;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A row of {@code ferry_studies}: the {@link StudyRecord} and the bookkeeping the record does not
 * show (who holds the lease, how much is stored).
 *
 * @param record the study as callers see it
 * @param leaseOwner who holds it, {@code null} unless IN_PROGRESS
 * @param leaseExpiresAt until when, {@code null} unless IN_PROGRESS
 * @param storedInstances how many instance records it has
 */
record StudyRow(StudyRecord record, String leaseOwner, Instant leaseExpiresAt, long storedInstances) {

    /** The columns {@link #read} needs, for a SELECT list. */
    static final String COLUMNS = "study_uid, tier, lane_rank, modality_group, state, attempts, next_attempt_at,"
            + " lease_owner, lease_expires_at, study_date, modalities, patient_id, patient_issuer, accession_number,"
            + " instance_count, size_bytes, sample, last_reason, last_detail, stored_instances, updated_at";

    /** How modalities are joined in one column, as DICOM joins the values of a multi-valued element. */
    private static final String MODALITY_SEPARATOR = "\\";

    /**
     * The lease order: highest lane first, then the newest study date (unknown dates last), then UID by
     * code point, which is what the {@code ORDER BY} of the queue index gives on both databases.
     */
    static final Comparator<StudyRow> LEASE_ORDER = Comparator
            .comparingInt((StudyRow r) -> r.record().lane().rank())
            .thenComparing(r -> r.record().studyDate(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(r -> r.record().studyInstanceUid());

    static StudyRow read(ResultSet rs) throws SQLException {
        String patientId = rs.getString("patient_id");
        String lastReason = rs.getString("last_reason");
        StudyRecord record = new StudyRecord(
                rs.getString("study_uid"),
                rs.getString("tier"),
                Lane.ofRank(rs.getInt("lane_rank")),
                rs.getString("modality_group"),
                StudyState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                Db.instant(rs, "next_attempt_at"),
                Db.date(rs, "study_date"),
                splitModalities(rs.getString("modalities")),
                patientId == null ? null : new PatientIdentity(patientId, rs.getString("patient_issuer")),
                rs.getString("accession_number"),
                rs.getInt("instance_count"),
                rs.getLong("size_bytes"),
                rs.getBoolean("sample"),
                lastReason == null ? null : ReasonCode.valueOf(lastReason),
                rs.getString("last_detail"),
                Db.instant(rs, "updated_at"));
        return new StudyRow(record, rs.getString("lease_owner"), Db.instant(rs, "lease_expires_at"),
                rs.getLong("stored_instances"));
    }

    static StudyRecord readRecord(ResultSet rs) throws SQLException {
        return read(rs).record();
    }

    String uid() {
        return record.studyInstanceUid();
    }

    static String joinModalities(Set<String> modalities) {
        return String.join(MODALITY_SEPARATOR, new TreeSet<>(modalities));
    }

    static Set<String> splitModalities(String joined) {
        if (joined == null || joined.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(joined.split("\\\\")).filter(m -> !m.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
