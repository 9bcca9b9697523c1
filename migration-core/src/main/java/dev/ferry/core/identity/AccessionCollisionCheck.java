package dev.ferry.core.identity;

import dev.ferry.api.PatientIdentity;
import dev.ferry.api.ReasonCode;
import dev.ferry.core.state.ExceptionRecord;
import dev.ferry.core.state.StateStore;
import dev.ferry.core.state.StudyRecord;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an accession collision check over a migration's inventory: walks every study of the state store
 * in UID order ({@link StateStore#forEachStudy}), hands each one's patient and accession number to a
 * {@link Detector}, and raises one {@link ReasonCode#ACCESSION_COLLISION} exception per collision on
 * each study concerned that the migration holds (both sides of a study-to-study collision). The study's
 * state is left as it is: the exception list is where an operator decides.
 *
 * <p>Idempotent: an exception with the same reason, study and detail raised earlier (whatever its
 * status now) is not raised again, so running the check twice raises nothing new.
 *
 * <p>The engine does not know how accessions are normalised or what an order export is: the detector
 * does (migration-hl7's {@code AccessionCollisions} behind a lambda). Not thread-safe; one check at a time.
 */
public final class AccessionCollisionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AccessionCollisionCheck.class);

    /**
     * Decides the collisions of one study, given the studies before it in the walk. Implementations hold
     * what they need between calls (an index of accessions seen); called in Study Instance UID order.
     */
    @FunctionalInterface
    public interface Detector {
        /**
         * @param studyInstanceUid the study
         * @param patient its patient as the inventory has it; {@code null} when unknown
         * @param accessionNumber its accession number as the inventory has it (not normalised); may be empty
         * @return its collisions, empty for none; never null
         */
        List<Collision> accept(String studyInstanceUid, PatientIdentity patient, String accessionNumber);
    }

    /**
     * One collision, by study keys.
     *
     * @param studyInstanceUid the study it was found on
     * @param otherStudyInstanceUid the other side's study, or empty (an order that names no study)
     * @param detail the rule and the other side, never a patient value or an accession
     * @param reason {@link ReasonCode#ACCESSION_COLLISION}, or {@link ReasonCode#INVALID_VALUE} for an
     *     accession that cannot be normalised
     */
    public record Collision(String studyInstanceUid, String otherStudyInstanceUid, String detail, ReasonCode reason) {
        public Collision {
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            otherStudyInstanceUid = otherStudyInstanceUid == null ? "" : otherStudyInstanceUid;
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(reason, "reason");
        }

        /** An {@link ReasonCode#ACCESSION_COLLISION}. */
        public Collision(String studyInstanceUid, String otherStudyInstanceUid, String detail) {
            this(studyInstanceUid, otherStudyInstanceUid, detail, ReasonCode.ACCESSION_COLLISION);
        }
    }

    /**
     * What a run found.
     *
     * @param studies studies walked
     * @param collisions collisions found (each counted once, however many studies it concerns)
     * @param raised exceptions raised now
     * @param alreadyRaised exceptions not raised again because an earlier run had
     */
    public record Result(int studies, List<Collision> collisions, int raised, int alreadyRaised) {
        public Result {
            collisions = List.copyOf(collisions);
        }
    }

    private final StateStore store;
    private final String migrationId;
    private final Clock clock;

    public AccessionCollisionCheck(StateStore store, String migrationId, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Walks the inventory once with {@code detector} and raises what it finds. */
    public Result run(Detector detector) {
        Objects.requireNonNull(detector, "detector");
        Set<String> known = new HashSet<>();
        for (ExceptionRecord e : store.exceptions(migrationId, Set.of())) {
            if (e.studyInstanceUid() != null && (e.reason() == ReasonCode.ACCESSION_COLLISION
                    || e.reason() == ReasonCode.INVALID_VALUE)) {
                known.add(key(e.reason(), e.studyInstanceUid(), e.detail()));
            }
        }
        List<Collision> found = new java.util.ArrayList<>();
        int[] studies = {0};
        store.forEachStudy(migrationId, Set.of(), (StudyRecord s) -> {
            studies[0]++;
            List<Collision> c = detector.accept(s.studyInstanceUid(), s.patient(), s.accessionNumber());
            found.addAll(Objects.requireNonNull(c, "the detector returned null"));
        });
        // Raised after the walk: a write inside forEachStudy's stream would hold its page open.
        int raised = 0;
        int already = 0;
        for (Collision c : found) {
            if (raise(c.studyInstanceUid(), c.detail(), c.reason(), known)) {
                raised++;
            } else {
                already++;
            }
            if (!c.otherStudyInstanceUid().isEmpty() && !c.otherStudyInstanceUid().equals(c.studyInstanceUid())
                    && store.study(migrationId, c.otherStudyInstanceUid()).isPresent()) {
                String mirrored = mirror(c);
                if (raise(c.otherStudyInstanceUid(), mirrored, c.reason(), known)) {
                    raised++;
                } else {
                    already++;
                }
            }
        }
        LOG.info("accession check of migration {}: {} studies, {} collision(s), {} exception(s) raised, {} already raised",
                migrationId, studies[0], found.size(), raised, already);
        return new Result(studies[0], found, raised, already);
    }

    /** The other side's detail: the same rule, naming this side's study. */
    private static String mirror(Collision c) {
        String d = c.detail();
        String with = " with study " + c.otherStudyInstanceUid();
        int at = d.indexOf(with);
        return at >= 0 ? d.substring(0, at) + " with study " + c.studyInstanceUid() + d.substring(at + with.length())
                : d + " (with study " + c.studyInstanceUid() + ")";
    }

    private boolean raise(String study, String detail, ReasonCode reason, Set<String> known) {
        if (!known.add(key(reason, study, detail))) {
            return false;
        }
        store.raiseException(migrationId, null, study, null, reason, detail, false, clock.instant());
        return true;
    }

    private static String key(ReasonCode reason, String study, String detail) {
        return reason.name() + '\u0000' + study + '\u0000' + detail;
    }

    @Override
    public String toString() {
        return "AccessionCollisionCheck[migration " + migrationId + "]";
    }
}
