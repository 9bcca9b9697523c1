package dev.ferry.core.state;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.Lane;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The durable state of migrations: every study and every stored instance, the exception list with
 * the actions taken on it, sweeps and phase reports. Several processes may share one store (on
 * PostgreSQL): studies are handed out by {@link #lease}, and every change a worker makes to a
 * study checks that it still holds the lease.
 *
 * <p>Methods taking a {@code migrationId} act on that migration only; one store holds many.
 * Thread-safe. Every method commits before it returns.
 */
public interface StateStore extends AutoCloseable {

    /** Registers a migration if it is not yet known. Idempotent. */
    void ensureMigration(String migrationId, Instant now);

    /**
     * Records studies a sweep found. A new study is PENDING. A known one whose instance count or
     * size changed (both known, and different) is counted as changed; if it was DONE or SKIPPED it
     * goes back to PENDING with reason STUDY_CHANGED, as the destination no longer holds all of it.
     * Tier, lane and modality group of a known study are left as they are (a promoted study stays
     * promoted).
     */
    UpsertResult upsertDiscovered(String migrationId, Collection<DiscoveredStudy> studies, Instant now);

    /**
     * Leases up to {@code request.max()} ready studies: PENDING ones whose next attempt is due, and
     * IN_PROGRESS ones whose lease expired. Highest lane first; within a lane the newest study date
     * first (unknown dates last), then by UID. Two processes leasing at once never get the same
     * study (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
     */
    List<StudyLease> lease(String migrationId, LeaseRequest request);

    /**
     * Extends the leases {@code owner} holds on these studies. Returns the studies whose lease it no
     * longer held (they were not extended).
     */
    Set<String> renew(String migrationId, String owner, Collection<String> studyInstanceUids, Instant expiresAt);

    /**
     * Gives a lease back without counting an attempt (shutdown): the study is PENDING again. Does
     * nothing if {@code owner} no longer holds it.
     */
    void release(String migrationId, String owner, String studyInstanceUid, Instant now);

    /** SOP Instance UIDs of the study with an instance record. */
    Set<String> storedInstances(String migrationId, String studyInstanceUid);

    /**
     * Streams every instance record of the migration, ordered by study UID then SOP Instance UID (by
     * code point), without holding them all in memory: what a sign-off's hash manifest reads. A record
     * changed while the stream runs is seen as it was when its page was read.
     */
    void forEachInstance(String migrationId, Consumer<? super InstanceRecord> sink);

    /**
     * The instance records of one study, with the evidence taken from each as it left the source,
     * in SOP Instance UID order; empty if none is recorded.
     */
    List<InstanceRecord> instances(String migrationId, String studyInstanceUid);

    /**
     * Records a stored instance. Idempotent: recording the same instance again updates the record.
     * Does not need the lease (a store that completed is a fact, whoever holds the study now).
     */
    void recordInstance(String migrationId, InstanceRecord instance);

    /**
     * Marks the study DONE and closes its open exceptions as SUPERSEDED.
     *
     * @throws LeaseLostException if {@code owner} no longer holds the study
     */
    void complete(String migrationId, String owner, String studyInstanceUid, Instant now);

    /**
     * Puts the study back to PENDING after a failed attempt, counting the attempt, with its reason
     * and when it may be leased again.
     *
     * @throws LeaseLostException if {@code owner} no longer holds the study
     */
    void retryLater(String migrationId, String owner, String studyInstanceUid, ReasonCode reason, String detail,
                    Instant nextAttemptAt, Instant now);

    /**
     * Adds an exception to the list. With {@code failStudy} the study (which {@code owner} must hold)
     * becomes EXCEPTION, counting the attempt; without it the study's state is not touched (an
     * exception about one instance while the others go on, or a migration-wide one with a
     * {@code null} study).
     *
     * @return the new exception's id
     * @throws LeaseLostException if {@code failStudy} and {@code owner} no longer holds the study
     */
    long raiseException(String migrationId, String owner, String studyInstanceUid, String sopInstanceUid,
                        ReasonCode reason, String detail, boolean failStudy, Instant now);

    /** Exceptions of the migration with one of these statuses (all if empty), oldest first. */
    List<ExceptionRecord> exceptions(String migrationId, Set<ExceptionRecord.Status> statuses);

    /**
     * An operator's action on an OPEN exception, recorded with who, when and why. RETRY puts the
     * study back to PENDING with its attempts reset (status RETRIED); SKIP makes it SKIPPED; RESOLVE
     * makes it DONE by override. A migration-wide exception (no study) is closed the same way.
     * Other OPEN exceptions of the same study are closed with the same status.
     *
     * @throws IllegalArgumentException if there is no such exception
     * @throws IllegalStateException if it is not OPEN
     */
    void act(String migrationId, long exceptionId, OperatorAction action);

    /** The actions recorded on an exception, oldest first. */
    List<OperatorAction> actions(String migrationId, long exceptionId);

    /**
     * The migration's chain-of-custody log, kept by this store (registered migration only): the log
     * the engine records to when the plan names none. The caller closes it; that leaves the store open.
     */
    dev.ferry.spi.CustodyLog custodyLog(String migrationId);

    /** Counts by state and lane, instances and bytes stored, open exceptions. */
    StateCounts counts(String migrationId);

    /**
     * Whether any study is PENDING or IN_PROGRESS: what a phase that moves studies waits for. Cheap
     * where {@link #counts} reads every study (it is asked every few hundred milliseconds).
     */
    default boolean hasUnfinished(String migrationId) {
        StateCounts c = counts(migrationId);
        return c.studies(StudyState.PENDING) + c.studies(StudyState.IN_PROGRESS) > 0;
    }

    Optional<StudyRecord> study(String migrationId, String studyInstanceUid);

    /**
     * Streams the studies in one of these states (all if empty), ordered by UID, without holding
     * them all in memory.
     */
    void forEachStudy(String migrationId, Set<StudyState> states, Consumer<? super StudyRecord> sink);

    /**
     * Moves every PENDING study of the patient into {@code lane} (a pre-fetch). Returns how many
     * moved.
     */
    int promotePatient(String migrationId, PatientIdentity patient, Lane lane, Instant now);

    /**
     * A pre-fetch request: moves the patient's pending studies to {@code lane} (as
     * {@link #promotePatient} does) and records the request with the studies it waits for (the
     * patient's studies not yet DONE), so that {@link #prefetches} can tell when they all arrived.
     *
     * @param trigger what asked, without patient data (e.g. "HL7 ADT^A04 control ID 123")
     * @return the request as recorded
     */
    PrefetchRecord requestPrefetch(String migrationId, PatientIdentity patient, Lane lane, String trigger,
                                   Instant now);

    /** Every pre-fetch request of the migration, oldest first, with how far it got. */
    List<PrefetchRecord> prefetches(String migrationId);

    /** Marks these studies as the test migration's sample. */
    void markSample(String migrationId, Collection<String> studyInstanceUids);

    void recordSweep(String migrationId, Sweep sweep);

    /** Sweeps oldest first. */
    List<Sweep> sweeps(String migrationId);

    /** Keeps a phase's report (a JSON document); a later report of the same phase replaces it. */
    void saveReport(String migrationId, String phase, Instant startedAt, Instant finishedAt, String json);

    Optional<String> report(String migrationId, String phase);

    /** Migrations in this store, by id. */
    List<String> migrations();

    @Override
    void close();
}
